package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.UserCreated;

/**
 * The chaos run's checks can fail: each breach it must find (a row created twice, a row lost, a
 * number held twice, a licence given beyond the total, an email sent twice with no kill to explain
 * it, an email lost), planted in facts made by hand; and a re-send a notification kill explains is
 * counted as the window, not as a duplicate.
 */
class ChaosChecksTest {

    private static final DemoFixture FIXTURE = ChaosRun.fixture();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final String PASSWORD_2 = ChaosRun.messageId(NotificationRequested.Kind.TEMPORARY_PASSWORD, 2, "i1");

    @Test
    void shouldFindNothingWrongInACleanImport() {
        List<String> breaches = new ArrayList<>();
        ChaosRun.Verdict v = ChaosRun.checkTopics(FIXTURE, clean(), oneCopyEach(), List.of(), breaches);
        assertThat(breaches).isEmpty();
        assertThat(v.rows()).isEqualTo(2);
        assertThat(v.users()).isEqualTo(1);
        assertThat(v.emails()).isEqualTo(1);
        assertThat(v.createdPerImport()).containsEntry("i1", 1L);
    }

    @Test
    void shouldFindARowCreatedTwice() {
        ChaosRun.Facts f = clean();
        f.provisioned.get("i1#2").add(created(2, "+442079460001", "5001"));
        f.created.get("i1#2").add(user(2, "+442079460001", "5001", "Essentials"));
        List<String> breaches = new ArrayList<>();
        ChaosRun.Verdict v = ChaosRun.checkTopics(FIXTURE, f, oneCopyEach(), List.of(), breaches);
        assertThat(v.duplicates()).isEqualTo(2);
        assertThat(breaches).anyMatch(b -> b.startsWith("DUPLICATE: import i1 row 2 has 2 outcomes"));
    }

    @Test
    void shouldFindARowLost() {
        ChaosRun.Facts f = clean();
        f.provisioned.remove("i1#3");
        List<String> breaches = new ArrayList<>();
        assertThat(ChaosRun.checkTopics(FIXTURE, f, oneCopyEach(), List.of(), breaches).losses()).isEqualTo(1);
        assertThat(breaches).containsExactly("LOSS: import i1 (f.csv) row 3 has no outcome");
    }

    @Test
    void shouldFindANumberAndAnExtensionHeldTwice() {
        ChaosRun.Facts f = clean();
        f.provisioned.put("i1#3", new ArrayList<>(List.of(created(3, "+442079460001", "5001"))));
        f.created.put("i1#3", new ArrayList<>(List.of(user(3, "+442079460001", "5001", "Essentials"))));
        f.notificationRequests.put(ChaosRun.messageId(NotificationRequested.Kind.TEMPORARY_PASSWORD, 3, "i1"),
                List.of(request(3)));
        Map<String, List<Instant>> copies = oneCopyEach();
        copies.put(ChaosRun.messageId(NotificationRequested.Kind.TEMPORARY_PASSWORD, 3, "i1"), List.of(T0));
        List<String> breaches = new ArrayList<>();
        ChaosRun.checkTopics(FIXTURE, f, copies, List.of(), breaches);
        assertThat(breaches).anyMatch(b -> b.startsWith("account demo: number +442079460001 held by 2"))
                .anyMatch(b -> b.startsWith("account demo: extension 5001 held by 2"));
    }

    @Test
    void shouldFindALicenceGivenBeyondTheTotal() {
        ChaosRun.Facts f = clean();
        // demo-small has 5 Essentials: six users on it
        f.requested.put("s1", new ImportSubmission.ImportRequested("s1", "demo-small", "chaos-admin", "s.csv", 6, List.of(),
                new ImportOptions(true, false, PasswordDelivery.NONE, null, false, false), List.of(), T0));
        for (int row = 2; row < 8; row++) {
            f.created.put("s1#" + row, List.of(new UserCreated(1, "demo-small", "u" + row, "s" + row + "@small.example", "S", null,
                    null, null, null, "Essentials", String.valueOf(600 + row), List.of(), null, null, true, null, null, null, null,
                    null, "s1", row, T0)));
        }
        List<String> breaches = new ArrayList<>();
        ChaosRun.checkTopics(FIXTURE, f, oneCopyEach(), List.of(), breaches);
        assertThat(breaches).contains("account demo-small: 6 Essentials licences given, 5 were free");
    }

    @Test
    void shouldCallASecondCopyADuplicateUnlessANotificationKillExplainsIt() {
        Map<String, List<Instant>> copies = oneCopyEach();
        copies.put(PASSWORD_2, List.of(T0, T0.plusSeconds(20)));

        List<String> unexplained = new ArrayList<>();
        ChaosRun.Verdict v = ChaosRun.checkTopics(FIXTURE, clean(), copies,
                List.of(new ChaosRun.Kill("provisioning", T0.plusSeconds(5), false)), unexplained);
        assertThat(v.duplicates()).isEqualTo(1);
        assertThat(unexplained).anyMatch(b -> b.startsWith("DUPLICATE: email " + PASSWORD_2 + " sent 2 times"));

        List<String> explained = new ArrayList<>();
        v = ChaosRun.checkTopics(FIXTURE, clean(), copies,
                List.of(new ChaosRun.Kill("notification", T0.plusSeconds(5), false)), explained);
        assertThat(explained).isEmpty();
        assertThat(v.window()).hasSize(1);
    }

    @Test
    void shouldFindAnEmailNeverSent() {
        List<String> breaches = new ArrayList<>();
        ChaosRun.Verdict v = ChaosRun.checkTopics(FIXTURE, clean(), new HashMap<>(), List.of(), breaches);
        assertThat(v.losses()).isEqualTo(1);
        assertThat(breaches).containsExactly("LOSS: email " + PASSWORD_2 + " asked for, never sent nor given up");
    }

    /** Import i1 on demo, released: row 2 created (with its password email), row 3 not created for a taken number. */
    private static ChaosRun.Facts clean() {
        ChaosRun.Facts f = new ChaosRun.Facts();
        var options = new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, false, false);
        f.requested.put("i1", new ImportSubmission.ImportRequested("i1", "demo", "chaos-admin", "f.csv", 2, List.of(), options,
                List.of(), T0));
        f.rowsSubmitted.put("i1", 2);
        f.gates.put("i1", List.of(new ImportGateDecided("i1", "demo", ImportGateDecided.Outcome.RELEASED, List.of())));
        f.provisioned.put("i1#2", new ArrayList<>(List.of(created(2, "+442079460001", "5001"))));
        f.created.put("i1#2", new ArrayList<>(List.of(user(2, "+442079460001", "5001", "Essentials"))));
        f.provisioned.put("i1#3", new ArrayList<>(List.of(new RowProvisioned("i1", "demo", 3, RowProvisioned.Outcome.NOT_CREATED,
                null, "b@demo.example", "B", "Essentials", null, List.of(),
                null, List.of(new RowError(3, null, "+442079460001", ErrorCode.NUMBER_TAKEN, "taken", null)), List.of()))));
        f.notificationRequests.put(PASSWORD_2, List.of(request(2)));
        return f;
    }

    private static Map<String, List<Instant>> oneCopyEach() {
        Map<String, List<Instant>> copies = new HashMap<>();
        copies.put(PASSWORD_2, List.of(T0));
        return copies;
    }

    private static RowProvisioned created(int row, String number, String extension) {
        return new RowProvisioned("i1", "demo", row, RowProvisioned.Outcome.CREATED, "u" + row, "r" + row + "@demo.example", "R",
                "Essentials", extension, List.of(number), null, List.of(), List.of());
    }

    private static UserCreated user(int row, String number, String extension, String licence) {
        return new UserCreated(1, "demo", "u" + row, "r" + row + "@demo.example", "R", null, null, null, null, licence, extension,
                List.of(number), null, null, true, null, null, null, null, null, "i1", row, T0);
    }

    private static NotificationRequested request(int row) {
        return new NotificationRequested("i1", "demo", row, NotificationRequested.Kind.TEMPORARY_PASSWORD, "r" + row + "@demo.example",
                "r" + row + "@demo.example", "R", "Demo Company", "sealed");
    }
}
