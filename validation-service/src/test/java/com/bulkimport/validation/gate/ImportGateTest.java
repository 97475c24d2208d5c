package com.bulkimport.validation.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.account.Account;

/** The gate of a complete import, as a table: failed rows, licences needed against free, validate-only. */
class ImportGateTest {

    /** 5 Essentials free (10 bought, 5 used) and 2 Bridge free. */
    private static final Account ACCOUNT = new Account("demo", "Demo Company", true, true, false, Set.of(), 3, 6,
            Map.of("Essentials", new Account.Licence("Essentials", 10, 5), "Bridge", new Account.Licence("Bridge", 2, 0)),
            List.of(), null, List.of());

    @ParameterizedTest(name = "{0} failed, {1} Essentials and {2} Bridge needed, validate-only {3}: {4} {5}")
    @CsvSource(textBlock = """
            0, 5, 2, false, RELEASED,            ''
            0, 5, 2, true,  VALIDATED,           ''
            1, 5, 2, false, VALIDATION_FAILED,   ''
            1, 6, 2, false, VALIDATION_FAILED,   Essentials 6/5
            0, 6, 2, false, NOT_ENOUGH_LICENSES, Essentials 6/5
            0, 6, 3, true,  NOT_ENOUGH_LICENSES, Essentials 6/5;Bridge 3/2
            0, 0, 0, false, RELEASED,            ''
            """)
    void shouldDecideTheGateFromFailedRowsLicencesAndValidateOnly(int failed, int essentials, int bridge,
            boolean validateOnly, Outcome outcome, String shortfall) {
        // Given a complete import: its failed rows and the licences its valid rows need
        var options = new ImportOptions(true, false, PasswordDelivery.NONE, null, validateOnly, false);
        var request = new ImportRequested("i1", "demo", "demo-admin", "u.csv", 10, List.of(), options, List.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
        ImportProgress progress = ImportProgress.start(request, false);
        for (int i = 0; i < failed; i++) {
            progress = progress.withRow(false, null, true);
        }
        for (int i = 0; i < essentials; i++) {
            progress = progress.withRow(true, "Essentials", true);
        }
        for (int i = 0; i < bridge; i++) {
            progress = progress.withRow(true, "Bridge", true);
        }

        // When the gate decides
        ImportGate.Decision decision = ImportGate.decide(progress, ACCOUNT);

        // Then the outcome, and every licence type that runs short with what it needs and has free
        assertThat(decision.outcome()).isEqualTo(outcome);
        assertThat(decision.shortfall()).extracting(s -> s.licenceType() + " " + s.needed() + "/" + s.free())
                .containsExactlyElementsOf(shortfall.isEmpty() ? List.of() : List.of(shortfall.split(";")));
    }

    @ParameterizedTest(name = "{0} needed of a type the account does not have: short of all")
    @CsvSource({"1", "3"})
    void shouldCountATypeTheAccountDoesNotHaveAsNoneFree(int needed) {
        var request = new ImportRequested("i1", "demo", "demo-admin", "u.csv", needed, List.of(),
                ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z"));
        ImportProgress progress = ImportProgress.start(request, false);
        for (int i = 0; i < needed; i++) {
            progress = progress.withRow(true, "Advanced", true);
        }

        assertThat(ImportGate.decide(progress, ACCOUNT)).isEqualTo(new ImportGate.Decision(Outcome.NOT_ENOUGH_LICENSES,
                List.of(new LicenceShortfall("Advanced", needed, 0))));
    }
}
