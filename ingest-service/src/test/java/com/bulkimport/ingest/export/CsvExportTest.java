package com.bulkimport.ingest.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.upload.CsvFileReader;
import com.bulkimport.ingest.upload.ParsedFile;
import com.bulkimport.ingest.upload.UploadLimits;
import com.bulkimport.ingest.view.StoredRow;

class CsvExportTest {

    private static final List<TemplateColumn> TEMPLATE = TemplateColumn.forAccount(false);

    @Test
    void shouldWriteTheTemplateHeadersTheOriginalValuesAndTheReasons() {
        StoredRow row = new StoredRow(3, Map.of("Display Name (Mandatory)", "Lee, Ann",
                "Email Address (Mandatory)", "ann@demo", "Primary Phone Number (Optional)", "+44 20 7946 0001"), null);
        String csv = CsvExport.write(TEMPLATE, List.of(row), Map.of(3, List.of(new RowError(3, "Email Address (Mandatory)",
                "ann@demo", ErrorCode.EMAIL_INVALID, "'ann@demo' is not a valid email address.", null))), "");

        assertThat(csv).startsWith(CsvExport.BOM);
        String[] lines = csv.substring(1).split("\r\n");
        assertThat(lines[0]).startsWith("\"Display Name (Mandatory)\",\"Email Address (Mandatory)\",").endsWith(",\"Import Errors\"");
        assertThat(lines[1]).startsWith("\"Lee, Ann\",\"ann@demo\",").contains("\"+44 20 7946 0001\"")
                .endsWith(",\"Email Address (Mandatory): 'ann@demo' is not a valid email address.\"");
    }

    @Test
    void shouldNeutraliseFormulasButNotPhoneNumbers() {
        assertThat(CsvExport.neutralise("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(CsvExport.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.neutralise("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvExport.neutralise("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(CsvExport.neutralise("\tx")).isEqualTo("'\tx");
        assertThat(CsvExport.neutralise("+44 20 7946 0001")).isEqualTo("+44 20 7946 0001");
        assertThat(CsvExport.neutralise("Ann")).isEqualTo("Ann");
    }

    @Test
    void shouldQuoteEveryFieldSoThatASemicolonSplitKeepsValuesWhole() {
        StoredRow row = new StoredRow(2, Map.of("Display Name (Mandatory)", "Ann;=cmd()", "Email Address (Mandatory)",
                "a\"b@demo.example"), null);
        String csv = CsvExport.write(TEMPLATE, List.of(row), Map.of(), "-reason");

        String line = csv.split("\r\n")[1];
        assertThat(line).startsWith("\"Ann;=cmd()\",\"a\"\"b@demo.example\",").endsWith(",\"'-reason\"");
        // split on semicolons outside quotes, as such a spreadsheet does: no cell starts a formula
        assertThat(line.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).hasSize(1);
    }

    @Test
    void shouldUploadAgainAsItIsWithTheImportErrorsColumnIgnored() {
        StoredRow row = new StoredRow(2, Map.of("Display Name (Mandatory)", "Ann", "Email Address (Mandatory)", "ann@demo.example"), null);
        String csv = CsvExport.write(TEMPLATE, List.of(row), Map.of(), "Not created.");

        ParsedFile again = new CsvFileReader(new UploadLimits(null, null)).read(csv.getBytes(StandardCharsets.UTF_8), TEMPLATE);

        assertThat(again.rows()).singleElement().satisfies(r -> assertThat(r.values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Display Name (Mandatory)", "Ann", "Email Address (Mandatory)", "ann@demo.example")));
    }
}
