package com.bulkimport.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} read against what it runs, since no Docker engine is here to run it:
 * the four services' own settings files ({@code <service>.yml}, read with the same YAML library),
 * their Maven builds, the Dockerfile and the versions of the root pom. Each check is one promise
 * of the file: what each service is given (the settings it cannot start without), where it
 * listens, what is published (the page, the mail catcher's page, the topic browser and the
 * sign-in server, on 127.0.0.1 only), that no secret is on a command line or in the environment,
 * and the start order by health.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("ingest-service", "validation-service", "provisioning-service",
            "notification-service");
    /** Published, and why: the page; the mail catcher's page; the topic browser; the sign-in server the browser is sent to. */
    private static final Set<String> PUBLISHED = Set.of("ingest-service", "mail", "kafka-ui", "oidc");
    /** Mailpit's SMTP port inside the network (its default; MP_SMTP_BIND_ADDR changes it). */
    private static final int MAILPIT_SMTP_PORT = 1025;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):?[^}]*}");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        compose = yaml(ROOT.resolve("docker-compose.yml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void shouldRunKafkaTheFourServicesTheSignInServerTheMailCatcherAndTheTopicBrowser() {
        assertThat(services).containsOnlyKeys("kafka", "oidc", "ingest-service", "validation-service",
                "provisioning-service", "notification-service", "mail", "kafka-ui", "demo-fixture");
        assertThat(image("kafka")).isEqualTo("apache/kafka:" + System.getProperty("kafka.version"));
        assertThat(image("oidc")).isEqualTo("ghcr.io/navikt/mock-oauth2-server:"
                + System.getProperty("mock-oauth2-server.version"));
        assertThat(env("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        // each service under its own name, from its own module
        for (String service : SERVICES) {
            assertThat(settings(service).get("spring.application.name")).as(service).isEqualTo(service);
            Map<String, Object> build = map(services.get(service), "build");
            assertThat(build).as(service).containsEntry("context", ".");
            assertThat(map(build, "args")).as(service).isEqualTo(Map.of("SERVICE", service));
        }
    }

    @Test
    void shouldBuildEachServiceFromTheJarItsModuleMakesAndRunItAsAnUnprivilegedUser() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY ${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar /app/app.jar")
                .contains("ARG VERSION=" + System.getProperty("project.version"))
                .containsPattern("(?m)^USER bulkimport")
                .contains("COPY local-run/target/local-run-${VERSION}.jar /app/probe.jar");
        for (String service : SERVICES) {
            // Spring Boot's repackaged jar carries the "exec" classifier (the plain jar is the module's artifact)
            assertThat(Files.readString(ROOT.resolve(service).resolve("pom.xml"))).as(service)
                    .contains("<classifier>exec</classifier>");
        }
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!*/target/*-exec.jar");
    }

    @Test
    void shouldCheckEachServicesHealthOnThePortItsSettingsListenOn() {
        for (String service : SERVICES) {
            Map<String, Object> own = settings(service);
            Object port = env(service).getOrDefault("SERVER_PORT", own.get("server.port"));
            Object managementPort = own.getOrDefault("management.server.port", port);
            List<String> test = healthcheck(service);
            assertThat(own.get("management.endpoint.health.probes.enabled")).as(service).isEqualTo(true);
            assertThat(test).as(service).contains("com.bulkimport.localrun.HttpProbe")
                    .contains("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        }
        // the page listens on every interface of its container, on its own port, published on this machine only
        assertThat(env("ingest-service")).containsEntry("SERVER_ADDRESS", "0.0.0.0").doesNotContainKey("SERVER_PORT");
        assertThat(ports("ingest-service")).containsExactly("127.0.0.1:8080:" + settings("ingest-service").get("server.port"));
    }

    @Test
    void shouldPublishOnlyThePageTheMailCatchersPageTheTopicBrowserAndTheSignInServerOnThisMachineOnly() {
        Set<String> published = new TreeSet<>();
        services.forEach((name, service) -> {
            if (service.containsKey("ports")) {
                published.add(name);
                assertThat(ports(name)).as(name).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
            }
        });
        assertThat(published).isEqualTo(PUBLISHED);
        assertThat(ports("mail")).as("the page only, not SMTP").containsExactly("127.0.0.1:8025:8025");
        assertThat(env("kafka-ui")).containsEntry("KAFKA_CLUSTERS_0_READONLY", "true");
    }

    @Test
    void shouldGiveEveryServiceTheKafkaBrokersAddressAsTheBrokerAdvertisesIt() {
        String advertised = (String) env("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        Matcher listener = Pattern.compile("PLAINTEXT://([^:,]+):(\\d+)").matcher(advertised);
        assertThat(listener.find()).as(advertised).isTrue();
        String bootstrap = listener.group(1) + ":" + listener.group(2);
        assertThat(listener.group(1)).isEqualTo("kafka");
        for (String service : SERVICES) {
            assertThat(env(service)).as(service).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .containsEntry("BULKIMPORT_KAFKA_STATE_DIR", "/var/lib/bulkimport/state");
            // the environment's names are settings the service has (Spring's relaxed binding)
            assertThat(settings(service)).as(service).containsKeys("spring.kafka.bootstrap-servers",
                    "bulkimport.kafka.state-dir", "bulkimport.kafka.partitions");
            assertThat(list(services.get(service), "volumes")).as(service)
                    .anySatisfy(v -> assertThat(v).endsWith(":/var/lib/bulkimport/state"));
        }
        assertThat(env("kafka-ui")).containsEntry("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", bootstrap);
        assertThat(list(services.get("demo-fixture"), "command")).contains(bootstrap);
    }

    @Test
    void shouldRunIngestInTheProductionProfileSigningInAtAnIssuerTheBrowserAndIngestBothReach() {
        Map<String, Object> ingest = env("ingest-service");
        // the default profile: not "local" (the demo administrators)
        assertThat(String.valueOf(ingest.getOrDefault("SPRING_PROFILES_ACTIVE", ""))).doesNotContain("local");
        String issuer = (String) ingest.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI");
        assertThat(ingest).containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_IDP_ISSUER_URI", issuer)
                .containsKey("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENT_ID");
        URI uri = URI.create(issuer);
        // inside the network: a name of the sign-in server, on the port it listens on
        assertThat(uri.getHost()).endsWith(".localhost");
        assertThat(aliases("oidc")).contains(uri.getHost());
        assertThat(String.valueOf(env("oidc").get("SERVER_PORT"))).isEqualTo(String.valueOf(uri.getPort()));
        // in the browser: *.localhost is this machine, where the same port is published
        assertThat(ports("oidc")).containsExactly("127.0.0.1:" + uri.getPort() + ":" + uri.getPort());
        assertThat(uri.getPath()).isEqualTo("/default");
        // its client secret comes as a file named as the setting, through Spring's config tree
        // and so does the secret its instances share to read each other's part of the import view,
        // which every profile but the local one must have
        assertThat(secretTargets("ingest-service")).containsExactly("spring.security.oauth2.client.registration.idp.client-secret",
                "bulkimport.view.secret");
        assertThat(ingest).doesNotContainKey("SPRING_PROFILES_ACTIVE");
        assertThat(ingest).containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/secrets/");
        assertThat(dependsOn("ingest-service")).containsKeys("kafka", "oidc");
    }

    @Test
    void shouldGiveThePasswordKeyToProvisioningAndNotificationOnlyAsASecretFileTheirSettingsRead() {
        for (String service : List.of("provisioning-service", "notification-service")) {
            // the settings read the key from a placeholder: the secret file is named after it
            String value = (String) settings(service).get("bulkimport.password-key");
            Matcher placeholder = PLACEHOLDER.matcher(value);
            assertThat(placeholder.matches()).as(service + ": " + value).isTrue();
            assertThat(secretTargets(service)).as(service).containsExactly(placeholder.group(1));
            assertThat(env(service)).as(service).containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/secrets/")
                    .doesNotContainKey(placeholder.group(1));
            assertThat(secretSources(service)).containsExactly("password_key");
        }
        assertThat(secretSources("ingest-service")).doesNotContain("password_key");
        assertThat(services.get("validation-service")).doesNotContainKey("secrets");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> secrets = (Map<String, Map<String, Object>>) compose.get("secrets");
        assertThat(secrets).containsOnlyKeys("password_key", "oidc_client_secret", "view_secret")
                .allSatisfy((name, secret) -> assertThat((String) secret.get("file")).startsWith("./secrets/"));
    }

    @Test
    void shouldPutNoSecretOnACommandLineOrInTheEnvironment() throws IOException {
        Pattern secretish = Pattern.compile("(?i)password|secret|_key\\b|jaas");
        services.forEach((name, service) -> {
            for (String part : List.of("command", "entrypoint")) {
                if (service.containsKey(part)) {
                    assertThat(list(service, part)).as(name + " " + part).noneMatch(a -> secretish.matcher(a).find());
                }
            }
            env(name).forEach((key, value) -> assertThat(secretish.matcher(key).find())
                    .as(name + ": " + key + " in the environment").isFalse());
        });
        // nor read from the shell's environment or an .env file into the file
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContain("${BULKIMPORT_PASSWORD_KEY");
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("secrets/");
    }

    @Test
    void shouldSendTheEmailsToTheMailCatcherInTheNetwork() {
        assertThat(env("notification-service")).containsEntry("SPRING_MAIL_HOST", "mail")
                .containsEntry("SPRING_MAIL_PORT", MAILPIT_SMTP_PORT);
        assertThat(image("mail")).startsWith("axllent/mailpit:");
        assertThat(env("mail")).doesNotContainKey("MP_SMTP_BIND_ADDR");
        assertThat(settings("notification-service")).containsKey("spring.mail.host");
        assertThat(dependsOn("notification-service")).containsKeys("kafka", "mail");
    }

    @Test
    void shouldStartEachPartOnlyOnceWhatItNeedsIsHealthy() {
        services.forEach((name, service) -> {
            if (!service.containsKey("profiles")) {
                assertThat(healthcheck(name)).as(name + " health check").isNotEmpty();
                assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
            }
            if (service.containsKey("depends_on")) {
                dependsOn(name).forEach((dependency, condition) -> {
                    assertThat(condition).as(name + " on " + dependency).isEqualTo(Map.of("condition", "service_healthy"));
                    assertThat(services.get(dependency)).as(dependency).containsKey("healthcheck");
                });
            }
        });
        for (String service : SERVICES) {
            assertThat(dependsOn(service)).as(service).containsKey("kafka");
        }
    }

    // --- reading the files

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    /** A service's own settings file, flattened to Spring's dotted names. */
    private static Map<String, Object> settings(String service) {
        try {
            Map<String, Object> flat = new java.util.LinkedHashMap<>();
            flatten("", yaml(ROOT.resolve(service).resolve("src/main/resources").resolve(service + ".yml")), flat);
            return flat;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        tree.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                flatten(name, (Map<String, Object>) child, flat);
            } else {
                flat.put(name, value);
            }
        });
    }

    private static String image(String service) {
        return (String) services.get(service).get("image");
    }

    private static Map<String, Object> env(String service) {
        Map<String, Object> env = map(services.get(service), "environment");
        return env == null ? Map.of() : env;
    }

    private static List<String> ports(String service) {
        return list(services.get(service), "ports");
    }

    private static List<String> healthcheck(String service) {
        Map<String, Object> check = map(services.get(service), "healthcheck");
        return check == null ? List.of() : list(check, "test");
    }

    private static Map<String, Object> dependsOn(String service) {
        Map<String, Object> dependsOn = map(services.get(service), "depends_on");
        return dependsOn == null ? Map.of() : dependsOn;
    }

    @SuppressWarnings("unchecked")
    private static List<String> aliases(String service) {
        Map<String, Object> networks = map(services.get(service), "networks");
        return networks == null ? List.of() : list((Map<String, Object>) networks.get("default"), "aliases");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> secrets(String service) {
        Object secrets = services.get(service).get("secrets");
        return secrets == null ? List.of() : (List<Map<String, Object>>) secrets;
    }

    private static List<String> secretTargets(String service) {
        return secrets(service).stream().map(s -> (String) s.get("target")).toList();
    }

    private static List<String> secretSources(String service) {
        return secrets(service).stream().map(s -> (String) s.get("source")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static List<String> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(i -> strings.add(String.valueOf(i)));
        } else if (value != null) {
            strings.add(String.valueOf(value));
        }
        return strings;
    }
}
