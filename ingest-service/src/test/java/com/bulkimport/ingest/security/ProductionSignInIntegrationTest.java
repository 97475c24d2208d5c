package com.bulkimport.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.Json;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.ingest.IngestApplication;
import com.bulkimport.testing.IngestApi;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;

/**
 * The production sign-in (no {@code local} profile) against a real OpenID Connect server started
 * here ({@code mock-oauth2-server}): its access tokens for programs, its authorization-code sign-in
 * for the page, the accounts from the token's claim; and the whole door: every request mapping
 * closed but a short open list, the security headers on every kind of answer, and problem details
 * from the server's own error page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        IngestApplication.CONFIG, "bulkimport.kafka.partitions=3",
        "bulkimport.kafka.state-dir=${java.io.tmpdir}/ingest-signin-${random.uuid}",
        "bulkimport.view.secret=production-sign-in-test-secret-0123456789" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0" })
class ProductionSignInIntegrationTest {

    private static final String ISSUER = "idp";
    private static final String CLIENT = "bulk-import";
    private static final String CLAIM = "bulkimport_accounts";
    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";

    /**
     * What anyone may call without signing in (also in docs/architecture.md, "Security"): health,
     * the OpenAPI description and its viewer, the sign-in page and the CSRF token it needs, and the
     * server's error page.
     */
    private static final List<String> OPEN = List.of("/actuator/health", "/actuator/health/**", "/v3/api-docs",
            "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/login", "/api/csrf", "/error");

    private static final MockOAuth2Server IDP = startIdentityProvider();

    private static MockOAuth2Server startIdentityProvider() {
        var server = new MockOAuth2Server();
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry settings) {
        String issuer = IDP.issuerUrl(ISSUER).toString();
        settings.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer);
        settings.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> CLIENT);
        settings.add("spring.security.oauth2.client.registration.idp.client-id", () -> CLIENT);
        settings.add("spring.security.oauth2.client.registration.idp.client-secret", () -> "secret");
        settings.add("spring.security.oauth2.client.registration.idp.scope", () -> "openid,profile");
        settings.add("spring.security.oauth2.client.provider.idp.issuer-uri", () -> issuer);
    }

    @AfterAll
    static void stopIdentityProvider() {
        IDP.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static boolean fixtureLoaded;

    /** The demo fixture loaded once, and the view knowing the demo account. */
    @BeforeEach
    void demoAccountKnown() throws Exception {
        if (!fixtureLoaded) {
            TopicProvisioner.ensureTopics(broker.getBrokersAsString(), 3, (short) 1);
            FixtureLoader.publish(broker.getBrokersAsString(), DemoFixture.load());
            fixtureLoaded = true;
        }
        String token = token(ISSUER, "ann", List.of(CLIENT), Map.of(CLAIM, List.of("demo", "demo-small")), 3600);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get("/api/accounts/demo-small/template", token).statusCode() != 200) {
            assertThat(System.nanoTime()).as("the view knows the demo accounts within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void shouldLetATokenReachTheAccountsOfItsClaimOnly() throws Exception {
        // Given an access token from the issuer whose claim grants the account demo
        String token = token(ISSUER, "carol", List.of(CLIENT), Map.of(CLAIM, List.of("demo")), 3600);

        // Then it reaches demo, and demo-small answers 404 as if it did not exist
        assertThat(get("/api/accounts/demo/template", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/accounts/demo/imports", token).statusCode()).isEqualTo(200);
        assertProblem(get("/api/accounts/demo-small/imports", token), 404, "NOT_FOUND");
        assertProblem(get("/api/accounts/demo-small/template", token), 404, "NOT_FOUND");
        // and /api/me names the token's subject and the claim's accounts, and no CSRF token (a program)
        JsonNode me = Json.MAPPER.readTree(get("/api/me", token).body());
        assertThat(me.get("name").asString()).isEqualTo("carol");
        assertThat(me.get("accounts").findValuesAsString("accountId")).containsExactly("demo");

        // and a claim given as one string of ids separated by spaces or commas counts the same
        String both = token(ISSUER, "dan", List.of(CLIENT), Map.of(CLAIM, "demo-small, demo"), 3600);
        assertThat(get("/api/accounts/demo-small/imports", both).statusCode()).isEqualTo(200);
        // and a token without the claim reaches nothing
        String none = token(ISSUER, "eve", List.of(CLIENT), Map.of(), 3600);
        assertProblem(get("/api/accounts/demo/imports", none), 404, "NOT_FOUND");
        assertThat(Json.MAPPER.readTree(get("/api/me", none).body()).get("accounts").size()).isZero();
    }

    @Test
    void shouldRefuseExpiredForeignAndMisaddressedTokens() throws Exception {
        var grants = Map.<String, Object>of(CLAIM, List.of("demo"));
        String expired = token(ISSUER, "carol", List.of(CLIENT), grants, -600);
        String foreign = token("another-issuer", "carol", List.of(CLIENT), grants, 3600);
        String otherAudience = token(ISSUER, "carol", List.of("another-service"), grants, 3600);

        for (String refused : List.of(expired, foreign, otherAudience, "not-a-jwt")) {
            var answer = get("/api/accounts/demo/template", refused);
            assertProblem(answer, 401, "UNAUTHENTICATED");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        // and the local profile's demo administrators do not exist here
        assertProblem(new IngestApi(base(), "demo-admin", "demo-admin").get("/api/accounts/demo/template"), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldSignThePageInWithOpenIdConnectAndOutAgain() throws Exception {
        var browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

        // Given a browser without a session: the page and /login send it to the identity provider, the API answers 401
        var page = send(browser, request("/").GET());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/oauth2/authorization/idp"));
        assertThat(send(browser, request("/login").GET()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/oauth2/authorization/idp"));
        assertProblem(send(browser, request("/api/me").header("X-Requested-With", "XMLHttpRequest").GET()), 401,
                "UNAUTHENTICATED");

        // When it signs in at the provider, whose ID token grants demo-small by the claim
        IDP.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "frank", "JWT", List.of(CLIENT),
                Map.of(CLAIM, "demo-small"), 3600));
        var toProvider = send(browser, request("/oauth2/authorization/idp").GET());
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(IDP.authorizationEndpointUrl(ISSUER).toString()).contains("client_id=" + CLIENT);
        var back = send(browser, HttpRequest.newBuilder(URI.create(authorize)).GET());
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(base() + "/login/oauth2/code/idp?");
        var signedIn = send(browser, HttpRequest.newBuilder(URI.create(callback)).GET());

        // Then the page opens, and /api/me names the user and the claim's accounts
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        assertThat(send(browser, request("/").GET()).statusCode()).isEqualTo(200);
        JsonNode me = Json.MAPPER.readTree(send(browser, request("/api/me").header("X-Requested-With", "XMLHttpRequest").GET()).body());
        assertThat(me.get("name").asString()).isEqualTo("frank");
        assertThat(me.get("accounts").findValuesAsString("accountId")).containsExactly("demo-small");
        assertThat(send(browser, request("/api/accounts/demo/imports").GET()).statusCode()).isEqualTo(404);
        String header = me.get("csrf").get("headerName").asString();
        String csrf = me.get("csrf").get("token").asString();

        // and a change needs the CSRF token
        String boundary = "----page" + UUID.randomUUID();
        var checks = request("/api/accounts/demo-small/file-checks").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(IngestApi.multipartFile(boundary, "users.csv", HEADER + "A,a@small.example\r\n")));
        assertProblem(send(browser, checks.copy()), 403, "CSRF_TOKEN_MISSING");
        assertThat(send(browser, checks.copy().header(header, csrf)).statusCode()).isEqualTo(200);

        // When it signs out (with the token), the session is gone and the provider is told
        var out = send(browser, request("/logout").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith(IDP.endSessionEndpointUrl(ISSUER).toString()));
        assertProblem(send(browser, request("/api/me").header("X-Requested-With", "XMLHttpRequest").GET()), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldCloseEveryRequestMappingButTheOpenOnes() throws Exception {
        // Every mapping of every handler mapping: the controllers, springdoc's and the actuator's
        Set<String> probes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        probes.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(probes).as("the enumeration finds the API, the page's calls and the actuator")
                .contains("GET /api/me", "POST /api/accounts/{accountId}/imports", "GET /actuator/info",
                        "GET /actuator/health", "GET /actuator/prometheus", "GET /login");

        List<String> open = new ArrayList<>();
        for (String probe : probes) {
            String method = probe.substring(0, probe.indexOf(' '));
            String pattern = probe.substring(probe.indexOf(' ') + 1);
            String path = pattern.replaceAll("\\{\\*?[^}]+}", "x").replace("**", "x");
            if (isOpen(pattern)) {
                open.add(probe);
                // open indeed: no sign-in asked
                var answer = send(http, request(path).method(method, HttpRequest.BodyPublishers.noBody()));
                assertThat(answer.statusCode()).as(probe).isNotIn(401, 403);
                continue;
            }
            // a program without valid credentials: 401
            var program = send(http, request(path).header("Authorization", "Bearer not-a-token")
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(program.statusCode()).as(probe + " with a bad token").isEqualTo(401);
            // a browser without a session: 401 for the API, sent to sign in for a page, and a change
            // refused for its missing CSRF token before anything else
            var browser = send(http, request(path).method(method, HttpRequest.BodyPublishers.noBody()));
            if (method.equals("GET")) {
                // the instances' internal endpoint answers 401 to anything without their secret
                if (path.startsWith("/api/") || path.startsWith("/internal/")) {
                    assertThat(browser.statusCode()).as(probe + " without credentials").isEqualTo(401);
                } else {
                    assertThat(browser.statusCode()).as(probe + " without credentials").isEqualTo(302);
                    assertThat(browser.headers().firstValue("Location")).as(probe).hasValueSatisfying(
                            l -> assertThat(l).endsWith("/oauth2/authorization/idp"));
                }
            } else {
                assertThat(browser.statusCode()).as(probe + " without credentials").isIn(401, 403);
            }
        }
        assertThat(open).as("the open list is met").contains("GET /api/csrf", "GET /login", "GET /actuator/health",
                "GET /v3/api-docs");
    }

    private static boolean isOpen(String pattern) {
        return OPEN.stream().anyMatch(o -> o.endsWith("/**") ? pattern.startsWith(o.substring(0, o.length() - 3)) : pattern.equals(o));
    }

    @Test
    void shouldSendTheSecurityHeadersOnEveryKindOfAnswer() throws Exception {
        String token = token(ISSUER, "carol", List.of(CLIENT), Map.of(CLAIM, List.of("demo")), 3600);
        String boundary = "----x" + UUID.randomUUID();
        var answers = Map.of(
                "200 page", send(http, request("/login.html").GET()),
                "200 API", get("/api/accounts/demo/template", token),
                "401", send(http, request("/api/me").GET()),
                "404", get("/api/accounts/demo-small/imports", token),
                "400 problem", send(http, request("/api/accounts/demo/file-checks").header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(IngestApi.multipartFile(boundary, "x.csv", "Display Name\r\nA\r\n")))),
                "400 from the firewall (/error)", get("/api;x/me", token));
        assertThat(answers.get("200 page").statusCode()).isEqualTo(200);
        assertThat(answers.get("200 API").statusCode()).isEqualTo(200);
        assertThat(answers.get("401").statusCode()).isEqualTo(401);
        assertThat(answers.get("404").statusCode()).isEqualTo(404);
        assertThat(answers.get("400 problem").statusCode()).isEqualTo(400);
        assertThat(answers.get("400 from the firewall (/error)").statusCode()).isEqualTo(400);
        answers.forEach((kind, answer) -> {
            var headers = answer.headers();
            assertThat(headers.firstValue("X-Content-Type-Options")).as(kind).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(kind).hasValue("DENY");
            assertThat(headers.firstValue("Content-Security-Policy")).as(kind)
                    .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'", "script-src 'self'"));
            assertThat(headers.firstValue("Referrer-Policy")).as(kind).hasValue("same-origin");
            assertThat(headers.firstValue("Cache-Control")).as(kind).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        });
    }

    @Test
    void shouldAnswerTheServersOwnErrorPageWithProblemDetails() throws Exception {
        String token = token(ISSUER, "carol", List.of(CLIENT), Map.of(CLAIM, List.of("demo")), 3600);
        // a request the firewall rejects falls to /error: problem details, no exception, no message
        var rejected = get("/api;x/me", token);
        assertProblem(rejected, 400, "BAD_REQUEST");
        assertThat(rejected.body()).doesNotContain("RequestRejected", "malicious", "timestamp");
        // and /error itself holds nothing
        assertProblem(send(http, request("/error").GET()), 404, "NOT_FOUND");
    }

    @Test
    void shouldRefuseToStartWithoutAnIssuer() {
        // Given the production sign-in (no local profile) and no issuer configured
        var app = new SpringApplicationBuilder(IngestApplication.class).properties(IngestApplication.CONFIG, "server.port=0",
                "spring.kafka.bootstrap-servers=127.0.0.1:1", "bulkimport.view.secret=production-sign-in-test-secret-0123456789",
                "bulkimport.kafka.state-dir=" + System.getProperty("java.io.tmpdir") + "/ingest-no-issuer-" + UUID.randomUUID());

        // Then it does not start, naming the setting
        assertThatThrownBy(() -> app.run().close()).hasRootCauseInstanceOf(SignInNotConfigured.class)
                .rootCause().hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
    }

    private String token(String issuer, String subject, List<String> audience, Map<String, ?> claims, long expirySeconds) {
        return IDP.issueToken(issuer, CLIENT, new DefaultOAuth2TokenCallback(issuer, subject, "JWT", audience, claims, expirySeconds))
                .serialize();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(http, request(path).header("Authorization", "Bearer " + token).GET());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertThat(problem.get("errors").get(0).get("code").asString()).isEqualTo(code);
        assertThat(answer.body()).doesNotContain("Exception", "\tat ", "trace");
    }
}
