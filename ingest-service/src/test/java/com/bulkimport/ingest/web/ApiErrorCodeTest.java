package com.bulkimport.ingest.web;

import static com.bulkimport.ingest.web.ApiErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The catalogue as clients see it: every code with its status, title and sentence, filled with
 * the values of a case, exactly as the service answered before the catalogue existed.
 */
class ApiErrorCodeTest {

    private static final String FILE = "The file was not accepted";

    static Stream<Arguments> catalogue() {
        return Stream.of(
                answer(FILE_TOO_LARGE, 413, "File too large", "The file is 5000 bytes; the limit is 4096 bytes.", 5000, 4096),
                answer(FILE_TOO_LARGE_UNMEASURED, 413, "File too large", "The file is more than 4096 bytes; the limit is 4096 bytes.",
                        4096),
                answer(FILE_TOO_LARGE_ON_ARRIVAL, 413, "File too large",
                        "The upload is larger than the limit of 4096 bytes; it was refused while it arrived.", 4096),
                answer(SPREADSHEET_FILE, 415, "Not a CSV file", "This is an Excel workbook (XLSX), not a CSV file. In your "
                        + "spreadsheet program use 'Save As' and choose 'CSV UTF-8'.", "XLSX"),
                answer(TOO_MANY_UPLOADS, 429, "Too many uploads at once",
                        "The service is reading 4 other files right now; try again in 2 seconds.", 4, 2),
                answer(UNREADABLE_FILE, 400, FILE, "The file could not be read."),
                answer(LINE_TOO_LONG, 400, FILE, "Line 7 is longer than 100000 characters; reading stopped there.", 7, 100000),
                answer(QUOTED_VALUE_TOO_LONG, 400, FILE,
                        "Line 3 opens a quoted value that spans more than 10 lines; is a closing quote missing?", 3, 10),
                answer(MALFORMED_CSV, 400, FILE, "The file cannot be read as CSV."),
                answer(MALFORMED_CSV_UNCLOSED_QUOTE, 400, FILE, "Line 3 opens a quote that is never closed.", 3),
                answer(TOO_MANY_COLUMNS, 400, FILE, "Line 1 has 90 columns; the template has 26 and at most 47 are read.",
                        1, 90, 26, 47),
                answer(VALUE_TOO_LONG, 400, FILE, "Line 2, Display Name (Mandatory): the value has 2000 characters; no column "
                        + "allows more than 1000. It starts 'aaaa…'.", 2, "Display Name (Mandatory)", 2000, 1000, "aaaa…"),
                answer(TOO_MANY_FIELDS, 400, FILE, "Line 4 has 3 fields; the header has 2.", 4, 3, 2),
                answer(EMPTY_FILE, 400, FILE,
                        "The file is empty: it needs the template's header row and at least one user row."),
                answer(NO_USER_ROWS, 400, FILE, "The file has a header row but no user rows."),
                answer(TOO_MANY_ROWS, 400, FILE,
                        "The file has more than 3 user rows; the limit is 3 per import. Split it into several files.", 3),
                answer(UNKNOWN_COLUMN, 400, FILE, "Column 2 'Email Adress' is not a column of this account's template.",
                        2, "Email Adress"),
                answer(DUPLICATE_COLUMN, 400, FILE, "Column 3 'Job Title' repeats column 2.", 3, "Job Title", 2),
                answer(MISSING_COLUMN, 400, FILE, "The mandatory column 'Display Name (Mandatory)' is missing.",
                        "Display Name (Mandatory)"),
                answer(MORE_COLUMN_ERRORS, 400, FILE, "12 more unknown or repeated columns are not listed.", 12),
                answer(ROW_TOO_LARGE, 400, FILE,
                        "Line 5 cannot be sent on as one message of at most 1048576 bytes; shorten its values.", 5, 1048576),
                answer(ROW_TOO_LARGE_HEADER, 400, FILE, "The file's header and options cannot be sent on as one message of "
                        + "at most 1048576 bytes; shorten its values.", 1048576),
                answer(INVALID_OPTION, 400, "Invalid option",
                        "passwordDelivery 'POST' is not one of USER_EMAIL, SPECIFIED_ADDRESS, NONE.", "POST",
                        "USER_EMAIL, SPECIFIED_ADDRESS, NONE"),
                answer(INVALID_OPTION_ADDRESS_MISSING, 400, "Invalid option",
                        "passwordDelivery SPECIFIED_ADDRESS needs passwordAddress, a valid email address."),
                answer(IMPORT_RUNNING, 409, "Another import is running",
                        "Import i1 of this account is still VALIDATING; start the next one when it ends.", "i1", "VALIDATING"),
                answer(IMPORT_RUNNING_IN_PIPELINE, 409, "Another import is running", "Import i1 of this account was still "
                        + "running when this one arrived, so this one was refused: none of its rows was checked and nothing "
                        + "was created. Upload the file again when that import has ended.", "i1"),
                answer(INVALID_PAGE, 400, "Invalid page",
                        "page must be 0 or more and size from 1 to 1000; got page -1, size 10.", 1000, -1, 10),
                answer(VIEW_STARTING, 503, "Import view is starting",
                        "The import view is being restored; try again in a few seconds."),
                answer(VIEW_STARTING_ELSEWHERE, 503, "Import view is starting", "The instance of this service that holds "
                        + "this account's imports (10.0.0.7:8080) is not ready or moving them to another instance; try "
                        + "again in a few seconds.", "10.0.0.7:8080"),
                answer(VIEW_DOWN, 503, "Import view is down", "The import view has stopped (failed); the service reports "
                        + "itself down and must be restarted. Try again in a minute.", "failed"),
                answer(TOO_MANY_STREAMS, 503, "Too many progress streams",
                        "This service follows 200 imports at once already; try again in a few seconds, or read the status.", 200),
                answer(UNAUTHENTICATED, 401, "Unauthorized", "Sign in first."),
                answer(CSRF_TOKEN_MISSING, 403, "Forbidden",
                        "The request lacks a valid CSRF token; reload the page and try again."),
                answer(ACCESS_DENIED, 403, "Forbidden", "Access denied."),
                answer(INTERNAL_ERROR, 500, "Internal error", "Something went wrong on our side; nothing was started. "
                        + "Try again, and tell support if it happens again."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void shouldAnswerEachCodeWithItsStatusTitleAndSentence(ApiErrorCode code, int status, String title, String message,
            Object[] values) {
        // When the code refuses a request with the values of a case
        ProblemDetail problem = Problems.of(code.refused(values));

        // Then the problem details carry its status, title and sentence, and one error with its code
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getTitle()).isEqualTo(title);
        assertThat(problem.getDetail()).isEqualTo(message);
        assertThat(problem.getProperties()).containsEntry("errors", java.util.List.of(ApiError.of(code.code(), message)));
    }

    @Test
    void shouldNameTheCodeOfASituationAfterItAndAnswerItAlike() {
        for (ApiErrorCode situation : ApiErrorCode.values()) {
            ApiErrorCode code = ApiErrorCode.valueOf(situation.code());
            assertThat(situation.name()).as("a situation of %s", code).startsWith(code.name());
            assertThat(situation.status()).isEqualTo(code.status());
            assertThat(situation.title()).isEqualTo(code.title());
            assertThat(situation.retryAfter()).isEqualTo(code.retryAfter());
        }
    }

    @Test
    void shouldGiveEverySituationItsOwnSentence() {
        assertThat(Arrays.stream(ApiErrorCode.values()).map(c -> c.message(sampleValues())))
                .as("one sentence per code and situation").doesNotHaveDuplicates();
    }

    @Test
    void shouldAnswerARefusalThatMayPassLaterWithRetryAfter() {
        assertThat(EnumSet.allOf(ApiErrorCode.class).stream().filter(c -> c.retryAfter() != null).map(ApiErrorCode::status))
                .containsOnly(HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void shouldHaveEveryCodeAndSituationInTheTable() {
        assertThat(catalogue().map(row -> row.get()[0])).containsExactlyInAnyOrder((Object[]) ApiErrorCode.values());
    }

    private static Arguments answer(ApiErrorCode code, int status, String title, String message, Object... values) {
        return Arguments.of(code, status, title, message, values);
    }

    /** Values for any template: a number or a text fills every {@code %d} and {@code %s} alike. */
    private static Object[] sampleValues() {
        Object[] values = new Object[5];
        Arrays.fill(values, 1);
        return values;
    }
}
