package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ApiError;
import com.bulkimport.ingest.web.ProblemException;

class CsvFileReaderTest {

    private static final List<TemplateColumn> TEMPLATE = TemplateColumn.forAccount(true);
    private final CsvFileReader reader = new CsvFileReader(new UploadLimits(2048L, 3));

    @Test
    void shouldReadRowsKeyedByTemplateHeaderWithSpreadsheetRowNumbers() {
        ParsedFile file = read("\uFEFF display name (MANDATORY) ,Email Address (Mandatory),Import Errors\r\n"
                + "Ann Lee , ann@demo.example ,old reason\r\n"
                + ",,\r\n"
                + "\"Ray, Bob\",bob@demo.example,\r\n", StandardCharsets.UTF_8);

        assertThat(file.rows()).extracting(ParsedFile.Row::row).containsExactly(2, 4);
        assertThat(file.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "Ann Lee")
                .containsEntry("Email Address (Mandatory)", "ann@demo.example").hasSize(2);
        assertThat(file.rows().get(1).values()).containsEntry("Display Name (Mandatory)", "Ray, Bob");
    }

    @Test
    void shouldReadSemicolonFilesInWindows1252AndUtf16() {
        String text = "Display Name (Mandatory);Email Address (Mandatory)\r\nRené Müller;rene@demo.example\r\n";
        assertThat(read(text, Charset.forName("windows-1252")).rows().get(0).values())
                .containsEntry("Display Name (Mandatory)", "René Müller");
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        assertThat(reader.read(utf16, TEMPLATE).rows().get(0).values()).containsEntry("Display Name (Mandatory)", "René Müller");
    }

    @Test
    void shouldNameAnUnknownColumnAndSuggestTheNearestHeader() {
        assertThat(errorsOf("Display Name (Mandatory),Email Adress (Mandatory)\r\nA,a@b.example\r\n"))
                .extracting(ApiError::code, ApiError::suggestion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("UNKNOWN_COLUMN", "Email Address (Mandatory)"),
                        org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", null));
    }

    @Test
    void shouldRefuseDuplicatedColumnsUnclosedQuotesAndLongRows() {
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory),email address (mandatory)\r\nA,a@b.example,\r\n"))
                .extracting(ApiError::code).containsExactly("DUPLICATE_COLUMN");
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory)\r\nA,a@b.example\r\n\"B,b@b.example\r\nC,c@b.example\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("MALFORMED_CSV");
                    assertThat(e.line()).isEqualTo(3);
                });
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory)\r\nA,a@b.example,extra\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("TOO_MANY_FIELDS");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void shouldRefuseFilesWithoutRowsWithTooManyRowsOrTooLarge() {
        String header = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
        assertThat(errorsOf(header + ",\r\n")).extracting(ApiError::code).containsExactly("NO_USER_ROWS");
        assertThat(errorsOf(header + "A,a@x.example\r\nB,b@x.example\r\nC,c@x.example\r\nD,d@x.example\r\n"))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("4 user rows").contains("limit is 3"));
        assertThatThrownBy(() -> reader.read(new byte[4096], TEMPLATE)).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.errors().get(0).message()).contains("4096").contains("2048");
                });
    }

    @Test
    void shouldKeepBackslashesAsTheyAre() {
        ParsedFile file = read("Display Name (Mandatory),Email Address (Mandatory),Department (Optional)\r\n"
                + "\"Smith \\\",smith@demo.example,Dev\\Ops\r\n", StandardCharsets.UTF_8);
        assertThat(file.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "Smith \\")
                .containsEntry("Department (Optional)", "Dev\\Ops");
    }

    @Test
    void shouldSuggestTheNearestUnusedHeaderForARepeatedColumn() {
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory),Job Title (Optional),Job Title (Optional)\r\nA,a@b.example,,\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("DUPLICATE_COLUMN");
                    assertThat(e.suggestion()).isNotNull().isNotEqualTo("Job Title (Optional)");
                });
    }

    @Test
    void shouldRefuseAnExcelWorkbookByItsContent() {
        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0};
        assertThatThrownBy(() -> reader.read(xlsx, TEMPLATE)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.errors().get(0).message()).contains("CSV");
        });
    }

    @Test
    void shouldRefuseOnPremisesColumnsForAnAccountWithoutThem() {
        assertThatThrownBy(() -> reader.read(("Display Name (Mandatory),Email Address (Mandatory),Cloud Extension (Optional)\r\n"
                + "A,a@b.example,\r\n").getBytes(StandardCharsets.UTF_8), TemplateColumn.forAccount(false)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.errors()).extracting(ApiError::code).containsExactly("UNKNOWN_COLUMN"));
    }

    private ParsedFile read(String text, Charset charset) {
        return reader.read(text.getBytes(charset), TEMPLATE);
    }

    private List<ApiError> errorsOf(String text) {
        try {
            read(text, StandardCharsets.UTF_8);
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            return e.errors();
        }
        throw new AssertionError("The file was accepted");
    }
}
