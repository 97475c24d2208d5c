package com.bulkimport.ingest.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The HTTP contract as {@code /v3/api-docs} serves it (springdoc, from the controllers and their
 * annotations): the product's name, version and purpose, tags by what an administrator does, the
 * two ways to sign in, and for every operation the refusals it may answer, each as problem details
 * with an example per code of {@link ApiErrorCode}, so that the catalogue is the one place that
 * defines them. Checked by {@code ApiDescriptionIntegrationTest}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Bulk user import", description = ApiDescription.DESCRIPTION),
        tags = {
                @Tag(name = ApiDescription.TEMPLATES, description = "The account's CSV template, to fill in with users."),
                @Tag(name = ApiDescription.IMPORTS, description = "Check a file, start an import, follow its status, list the account's imports."),
                @Tag(name = ApiDescription.RESULTS, description = "After an import: the users created, the rows with errors and the rows not created, as CSV in the template's format to fix and upload again."),
                @Tag(name = ApiDescription.PROGRESS, description = "Follow an import live, as a stream of server-sent events."),
                @Tag(name = ApiDescription.SIGN_IN, description = "What the administrator page needs: the sign-in page, the CSRF token, who is signed in."),
                @Tag(name = ApiDescription.ERRORS, description = "The server's error page, where failures before the API end up.") },
        // Either way of signing in; the open operations say they need none
        security = { @SecurityRequirement(name = ApiDescription.BASIC), @SecurityRequirement(name = ApiDescription.BEARER) })
@SecurityScheme(name = ApiDescription.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "The local run (Spring profile `local`): the demo administrators' user name and password.")
@SecurityScheme(name = ApiDescription.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "Production: an access token (JWT) of the identity provider set in "
                + "`spring.security.oauth2.resourceserver.jwt.issuer-uri`, for this service's audience; the accounts "
                + "an administrator may act on are in its `bulkimport_accounts` claim. The page signs in with the "
                + "same provider (authorization code) and then uses its session and a CSRF token.")
public class ApiDescription {

    static final String DESCRIPTION = """
            Import the users of a cloud phone account from a CSV file, in bulk.

            An administrator downloads the account's template, fills it in (one user per row), checks \
            the file and uploads it. The upload answers `202` at once with the import's status address; \
            the import runs on asynchronously: every row is validated, then, if all rows pass and the \
            account has enough licences, each user is created (extension, numbers, location, voicemail) \
            and gets a temporary password by email. The status says where it stands; the progress \
            stream follows it live; the rows that failed can be exported, fixed and uploaded again.

            Every refusal is `application/problem+json` (RFC 9457) with an `errors` list: each error's \
            `code` is stable (clients may rely on it), its `message` is a sentence for a person, and \
            `line` and `column` say where in the file when it applies.""";

    public static final String TEMPLATES = "Templates";
    public static final String IMPORTS = "Imports";
    public static final String RESULTS = "Results and export";
    public static final String PROGRESS = "Progress";
    public static final String SIGN_IN = "Sign-in";
    public static final String ERRORS = "Errors";

    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    /** The refusals every signed-in operation may answer. */
    private static final List<Refusal> SIGNED_IN = List.of(Refusal.of(ApiErrorCode.UNAUTHENTICATED),
            Refusal.of(ApiErrorCode.ACCESS_DENIED), Refusal.of(ApiErrorCode.INTERNAL_ERROR));
    /** What an operation on an account's import may answer besides: no such account or import for this administrator. */
    private static final List<Refusal> OF_AN_IMPORT = List.of(Refusal.notFound("Import 5b0c8a5e-… not found"),
            Refusal.of(ApiErrorCode.VIEW_STARTING), Refusal.of(ApiErrorCode.VIEW_DOWN));
    /** What an upload, or a check of its file alone, may answer. */
    private static final List<Refusal> FILE_CHECKS = List.of(ApiErrorCode.FILE_TOO_LARGE, ApiErrorCode.SPREADSHEET_FILE,
            ApiErrorCode.TOO_MANY_UPLOADS, ApiErrorCode.UNREADABLE_FILE, ApiErrorCode.LINE_TOO_LONG,
            ApiErrorCode.QUOTED_VALUE_TOO_LONG, ApiErrorCode.MALFORMED_CSV, ApiErrorCode.TOO_MANY_COLUMNS,
            ApiErrorCode.VALUE_TOO_LONG, ApiErrorCode.TOO_MANY_FIELDS, ApiErrorCode.EMPTY_FILE, ApiErrorCode.NO_USER_ROWS,
            ApiErrorCode.TOO_MANY_ROWS, ApiErrorCode.UNKNOWN_COLUMN, ApiErrorCode.DUPLICATE_COLUMN,
            ApiErrorCode.MISSING_COLUMN, ApiErrorCode.MORE_COLUMN_ERRORS, ApiErrorCode.CSRF_TOKEN_MISSING).stream().map(Refusal::of).toList();

    /** Each operation's own refusals, by operation id (the controllers' {@code @Operation(operationId)}). */
    private static final Map<String, List<Refusal>> REFUSALS = Map.ofEntries(
            Map.entry("template", List.of(Refusal.notFound("Account demo-x not found"))),
            Map.entry("checkFile", FILE_CHECKS),
            Map.entry("startImport", concat(FILE_CHECKS, List.of(Refusal.of(ApiErrorCode.ROW_TOO_LARGE),
                    Refusal.of(ApiErrorCode.INVALID_OPTION), Refusal.of(ApiErrorCode.IMPORT_RUNNING),
                    Refusal.of(ApiErrorCode.VIEW_STARTING)))),
            Map.entry("listImports", List.of(Refusal.notFound("Account demo-x not found"), Refusal.of(ApiErrorCode.VIEW_STARTING))),
            Map.entry("importStatus", concat(OF_AN_IMPORT, List.of(Refusal.of(ApiErrorCode.INVALID_PAGE)))),
            Map.entry("createdUsers", concat(OF_AN_IMPORT, List.of(Refusal.of(ApiErrorCode.INVALID_PAGE)))),
            Map.entry("errorsCsv", OF_AN_IMPORT),
            Map.entry("notCreatedCsv", OF_AN_IMPORT),
            Map.entry("progress", concat(OF_AN_IMPORT, List.of(Refusal.of(ApiErrorCode.TOO_MANY_STREAMS)))),
            Map.entry("signedIn", List.of()));

    /** The operations anyone may call without signing in (the security configuration's open list). */
    private static final List<String> OPEN = List.of("csrfToken", "signInPage", "errorPage");

    /**
     * The fields of the contract's own records that the answers carry ({@code user-import-events}
     * has no OpenAPI annotations: it depends on no web library), described here.
     */
    private static final Map<String, Map<String, String>> CONTRACT_FIELDS = Map.of(
            "RowError", Map.of(
                    "", "One thing wrong with one row.",
                    "row", "The row (the header is row 1).",
                    "column", "The column, as the template names it.",
                    "value", "The value as given.",
                    "code", "A stable row-error code (ErrorCode of the event contract).",
                    "message", "What is wrong and what to do, for a person.",
                    "suggestion", "What was probably meant, when there is a guess."),
            "ImportOptions", Map.of(
                    "", "The options chosen with the upload.",
                    "connect", "CONNECT activated for the users.",
                    "callerIdAttested", "The caller ids attested by the administrator.",
                    "passwordDelivery", "Where the temporary passwords go.",
                    "passwordAddress", "The address for SPECIFIED_ADDRESS.",
                    "validateOnly", "Validation only: nothing is created.",
                    "skipExisting", "Rows of existing users skipped instead of failed."),
            "LicenceShortfall", Map.of(
                    "", "Licences of one type that the file needs, and how many the account has free.",
                    "licenceType", "The licence type, in the account's spelling.",
                    "needed", "Licences of the type the file's rows need.",
                    "free", "Licences of the type the account has free."));

    @Bean
    OpenApiCustomizer apiDescriptionCustomizer(ObjectProvider<BuildProperties> build) {
        String version = Optional.ofNullable(build.getIfAvailable()).map(BuildProperties::getVersion)
                .or(() -> Optional.ofNullable(ApiDescription.class.getPackage().getImplementationVersion()))
                .orElse("development");
        return api -> {
            api.getInfo().setVersion(version);
            addProblemSchemas(api);
            describeContractFields(api);
            api.getPaths().values().forEach(path -> path.readOperations().forEach(this::describeRefusals));
        };
    }

    private static void addProblemSchemas(OpenAPI api) {
        ModelConverters.getInstance().read(ApiError.class).forEach(api.getComponents()::addSchemas);
        // Spring's ProblemDetail, as the error page's signature declares it: the Problem below instead
        api.getComponents().getSchemas().remove("ProblemDetail");
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details, with the list of the specific errors.")
                .addProperty("type", new StringSchema().description("Always `about:blank`: the codes are in `errors`."))
                .addProperty("title", new StringSchema().description("The kind of refusal, for a person (the catalogue's title)."))
                .addProperty("status", new IntegerSchema().description("The HTTP status, repeated."))
                .addProperty("detail", new StringSchema().description("The first error's message."))
                .addProperty("instance", new StringSchema().description("The path that was called."))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/ApiError"))
                        .description("Every specific error, at least one; the answer's status is that of the first one's code."));
        problem.setRequired(List.of("title", "status", "detail", "errors"));
        api.getComponents().addSchemas(PROBLEM, problem);
    }

    @SuppressWarnings("rawtypes")
    private static void describeContractFields(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        CONTRACT_FIELDS.forEach((name, fields) -> {
            Schema<?> schema = schemas.get(name);
            if (schema == null) {
                return;
            }
            schema.setDescription(fields.get(""));
            schema.getProperties().forEach((field, property) -> property.setDescription(fields.get(field)));
        });
    }

    /** The operation's refusals as problem-details answers, grouped by status, one example per code. */
    private void describeRefusals(Operation operation) {
        // springdoc numbers the operations of a mapping with several methods: errorPage, errorPage_1, ...
        String id = operation.getOperationId().replaceFirst("_\\d+$", "");
        if (OPEN.contains(id)) {
            operation.setSecurity(List.of());
        }
        List<Refusal> refusals = new ArrayList<>(REFUSALS.getOrDefault(id, List.of()));
        if (!OPEN.contains(id)) {
            refusals.addAll(SIGNED_IN);
        } else if (id.equals("errorPage")) {
            refusals.add(Refusal.notFound("Not Found"));
            refusals.add(Refusal.of(ApiErrorCode.INTERNAL_ERROR));
        }
        Map<Integer, List<Refusal>> byStatus = new TreeMap<>();
        refusals.forEach(r -> byStatus.computeIfAbsent(r.status().value(), s -> new ArrayList<>()).add(r));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        if (id.equals("errorPage")) {
            responses.remove("200"); // it answers refusals only, each described below
        }
        byStatus.forEach((status, each) -> {
            Map<String, Example> examples = new LinkedHashMap<>();
            each.stream().sorted(Comparator.comparing(Refusal::code))
                    .forEach(r -> examples.putIfAbsent(r.code(), r.example()));
            String description = each.stream().map(Refusal::title).distinct()
                    .reduce((a, b) -> a + "; " + b).orElseThrow()
                    + " (" + String.join(", ", examples.keySet()) + ")";
            var content = new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new io.swagger.v3.oas.models.media.MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).examples(examples));
            responses.addApiResponse(Integer.toString(status), new ApiResponse().description(description).content(content));
        });
        operation.setResponses(responses);
    }

    private static List<Refusal> concat(List<Refusal> a, List<Refusal> b) {
        List<Refusal> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One refusal an operation may answer: a code of the catalogue, or Spring MVC's 404. */
    private record Refusal(String code, HttpStatus status, String title, String message) {

        static Refusal of(ApiErrorCode code) {
            return new Refusal(code.code(), code.status(), code.title(), code.sentence());
        }

        static Refusal notFound(String message) {
            return new Refusal(HttpStatus.NOT_FOUND.name(), HttpStatus.NOT_FOUND, HttpStatus.NOT_FOUND.getReasonPhrase(),
                    message);
        }

        Example example() {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status.value());
            body.put("detail", message);
            body.put("instance", "/api/accounts/demo/…");
            body.put("errors", List.of(error));
            return new Example().summary(code + ": " + title).value(body);
        }
    }
}
