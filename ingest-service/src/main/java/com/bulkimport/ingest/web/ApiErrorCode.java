package com.bulkimport.ingest.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * The catalogue of the codes the API answers a refused file or request with (SPEC "The shapes a
 * client relies on"): each code with its HTTP status, the problem's title and the sentence a
 * person reads, a {@link String#format} template filled with the values of the case. Clients may
 * rely on the codes; every refusal of this service is built from here (row errors have their own
 * catalogue, {@code com.bulkimport.events.ErrorCode}).
 * <p>
 * A code said in more than one situation has a constant for each further situation, named
 * {@code <CODE>_<situation>}, that answers with the code of the constant it names: its own
 * sentence, the same code, status and title. Spring MVC's own refusals (no such path, a method or
 * media type not served, a missing parameter) are coded by their HTTP status's name
 * ({@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED}, ...) in {@code ProblemHandler}.
 */
public enum ApiErrorCode {

    // The file as a whole, before anything of it is read
    FILE_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "File too large", "The file is %d bytes; the limit is %d bytes."),
    FILE_TOO_LARGE_UNMEASURED(FILE_TOO_LARGE, "The file is more than %1$d bytes; the limit is %1$d bytes."),
    FILE_TOO_LARGE_ON_ARRIVAL(FILE_TOO_LARGE,
            "The upload is larger than the limit of %d bytes; it was refused while it arrived."),
    SPREADSHEET_FILE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a CSV file",
            "This is an Excel workbook (%s), not a CSV file. In your spreadsheet program use 'Save As' and choose 'CSV UTF-8'."),
    TOO_MANY_UPLOADS(HttpStatus.TOO_MANY_REQUESTS, "Too many uploads at once", Duration.ofSeconds(2),
            "The service is reading %d other files right now; try again in %d seconds."),
    UNREADABLE_FILE(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "The file could not be read."),

    // The file's text: lines, quotes, columns, rows
    LINE_TOO_LONG(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Line %d is longer than %d characters; reading stopped there."),
    QUOTED_VALUE_TOO_LONG(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Line %d opens a quoted value that spans more than %d lines; is a closing quote missing?"),
    MALFORMED_CSV(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "The file cannot be read as CSV."),
    MALFORMED_CSV_UNCLOSED_QUOTE(MALFORMED_CSV, "Line %d opens a quote that is never closed."),
    TOO_MANY_COLUMNS(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Line %d has %d columns; the template has %d and at most %d are read."),
    VALUE_TOO_LONG(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Line %d, %s: the value has %d characters; no column allows more than %d. It starts '%s'."),
    TOO_MANY_FIELDS(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "Line %d has %d fields; the header has %d."),
    EMPTY_FILE(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "The file is empty: it needs the template's header row and at least one user row."),
    NO_USER_ROWS(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "The file has a header row but no user rows."),
    TOO_MANY_ROWS(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "The file has more than %1$d user rows; the limit is %1$d per import. Split it into several files."),

    // The header row against the account's template
    UNKNOWN_COLUMN(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Column %d '%s' is not a column of this account's template."),
    DUPLICATE_COLUMN(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "Column %d '%s' repeats column %d."),
    MISSING_COLUMN(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED, "The mandatory column '%s' is missing."),
    MORE_COLUMN_ERRORS(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "%d more unknown or repeated columns are not listed."),

    // Starting the import
    ROW_TOO_LARGE(HttpStatus.BAD_REQUEST, Titles.FILE_REFUSED,
            "Line %d cannot be sent on as one message of at most %d bytes; shorten its values."),
    ROW_TOO_LARGE_HEADER(ROW_TOO_LARGE,
            "The file's header and options cannot be sent on as one message of at most %d bytes; shorten its values."),
    INVALID_OPTION(HttpStatus.BAD_REQUEST, "Invalid option", "passwordDelivery '%s' is not one of %s."),
    INVALID_OPTION_ADDRESS_MISSING(INVALID_OPTION,
            "passwordDelivery SPECIFIED_ADDRESS needs passwordAddress, a valid email address."),
    IMPORT_RUNNING(HttpStatus.CONFLICT, "Another import is running",
            "Import %s of this account is still %s; start the next one when it ends."),
    IMPORT_RUNNING_IN_PIPELINE(IMPORT_RUNNING, "Import %s of this account was still running when this one arrived, "
            + "so this one was refused: none of its rows was checked and nothing was created. Upload the file again "
            + "when that import has ended."),

    // Reading the imports
    INVALID_PAGE(HttpStatus.BAD_REQUEST, "Invalid page",
            "page must be 0 or more and size from 1 to %d; got page %d, size %d."),
    VIEW_STARTING(HttpStatus.SERVICE_UNAVAILABLE, "Import view is starting", Duration.ofSeconds(2),
            "The import view is being restored; try again in a few seconds."),
    VIEW_STARTING_ELSEWHERE(VIEW_STARTING, "The instance of this service that holds this account's imports (%s) is "
            + "not ready or moving them to another instance; try again in a few seconds."),
    VIEW_DOWN(HttpStatus.SERVICE_UNAVAILABLE, "Import view is down", Duration.ofSeconds(60),
            "The import view has stopped (%s); the service reports itself down and must be restarted. Try again in a minute."),
    TOO_MANY_STREAMS(HttpStatus.SERVICE_UNAVAILABLE, "Too many progress streams", Duration.ofSeconds(5),
            "This service follows %d imports at once already; try again in a few seconds, or read the status."),

    // Sign-in and access (written by the security filters)
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Sign in first."),
    CSRF_TOKEN_MISSING(HttpStatus.FORBIDDEN, "The request lacks a valid CSRF token; reload the page and try again."),
    ACCESS_DENIED(HttpStatus.FORBIDDEN, "Access denied."),

    // Anything unforeseen: says nothing of its cause
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "Something went wrong on our side; nothing was started. Try again, and tell support if it happens again.");

    private final String code;
    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;
    private final String template;

    ApiErrorCode(HttpStatus status, String title, Duration retryAfter, String template) {
        this(null, status, title, retryAfter, template);
    }

    ApiErrorCode(HttpStatus status, String title, String template) {
        this(status, title, null, template);
    }

    /** Titled with the status's reason phrase. */
    ApiErrorCode(HttpStatus status, String template) {
        this(status, status.getReasonPhrase(), null, template);
    }

    /** A further situation of {@code sameCode}: answered alike, with its own sentence. */
    ApiErrorCode(ApiErrorCode sameCode, String template) {
        this(sameCode.code, sameCode.status, sameCode.title, sameCode.retryAfter, template);
    }

    /** @param code the code as answered, or null for this constant's name */
    ApiErrorCode(String code, HttpStatus status, String title, Duration retryAfter, String template) {
        this.code = code != null ? code : name();
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
        this.template = template;
    }

    /** The code as answered: this constant's name, or that of the code whose situation it is. */
    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When a refused caller may try again, or null when trying again changes nothing. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The sentence with the values of the case, in the template's order. */
    public String message(Object... values) {
        return String.format(Locale.ROOT, template, values);
    }

    /**
     * The sentence with its values left open ("The file is … bytes; the limit is … bytes."): how
     * the API description shows each code, without inventing a case.
     */
    public String sentence() {
        return template.replaceAll("%(\\d+\\$)?[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z]", "…");
    }

    public ApiError error(Object... values) {
        return errorAt(null, null, values);
    }

    /** An error found at a line of the file, or in a column or an option by name (either may be null). */
    public ApiError errorAt(Integer line, String column, Object... values) {
        return new ApiError(code, message(values), line, column, null);
    }

    /** The request refused with this one error. */
    public ProblemException refused(Object... values) {
        return new ProblemException(this, List.of(error(values)));
    }

    /** The request refused with this one error, found at a line of the file or in a column or an option. */
    public ProblemException refusedAt(Integer line, String column, Object... values) {
        return new ProblemException(this, List.of(errorAt(line, column, values)));
    }

    /** The request refused with several errors, answered as the first one's code (they must be answered alike). */
    public static ProblemException refusedAll(List<ApiError> errors) {
        ApiErrorCode answer = valueOf(errors.get(0).code());
        if (errors.stream().anyMatch(e -> valueOf(e.code()).status != answer.status)) {
            throw new IllegalArgumentException("Errors answered with different statuses: " + errors);
        }
        return new ProblemException(answer, errors);
    }

    /** The titles that several codes share. */
    private interface Titles {
        String FILE_REFUSED = "The file was not accepted";
    }
}
