package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ContractTest {

    @Test
    void shouldRoundTripPolymorphicSubmissionsWithALogicalTypeName() {
        // Given a request and a row on the same topic
        var serde = Topics.IMPORT_SUBMISSIONS.valueSerde();
        ImportSubmission request = new ImportSubmission.ImportRequested("i1", "demo", "demo-admin", "users.csv", 1,
                List.of("Display Name (Mandatory)"), ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z"));
        ImportSubmission row = new ImportSubmission.RowSubmitted("i1", "demo", 2, Map.of("Email Address (Mandatory)", "a@b.example"));

        // When both are written and read back
        byte[] requestBytes = serde.serializer().serialize("t", request);
        byte[] rowBytes = serde.serializer().serialize("t", row);

        // Then each comes back as its own type, named logically, not by Java class
        assertThat(new String(requestBytes)).contains("\"type\":\"ImportRequested\"").doesNotContain("com.bulkimport");
        assertThat(serde.deserializer().deserialize("t", requestBytes)).isEqualTo(request);
        assertThat(serde.deserializer().deserialize("t", rowBytes)).isEqualTo(row);
    }

    @Test
    void shouldLeaveOutASuggestionWhereNoneApplies() {
        var serde = Topics.ROWS_VALIDATED.valueSerde();
        String json = new String(serde.serializer().serialize("t", new RowValidated("i1", "demo", 2,
                List.of(RowError.of(2, TemplateColumn.TIME_ZONE, "UTC+15", ErrorCode.TIME_ZONE_INVALID, "not a time zone")))));
        assertThat(json).contains("\"code\":\"TIME_ZONE_INVALID\"").doesNotContain("suggestion");
    }

    @Test
    void shouldRaiseSerializationExceptionForUnreadableRecord() {
        assertThatThrownBy(() -> Topics.ACCOUNT_EVENTS.valueSerde().deserializer().deserialize("t", "{not json".getBytes()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldListTheTemplateColumnsInOrderWithOnPremisesColumnsOnlyWhenEnabled() {
        assertThat(TemplateColumn.forAccount(true)).hasSize(22).startsWith(TemplateColumn.DISPLAY_NAME, TemplateColumn.EMAIL);
        assertThat(TemplateColumn.forAccount(false)).hasSize(20)
                .doesNotContain(TemplateColumn.CLOUD_EXTENSION, TemplateColumn.SIP_TIE_TRUNK);
        assertThat(TemplateColumn.byHeader("\uFEFF  email address (MANDATORY) ")).contains(TemplateColumn.EMAIL);
    }

    @Test
    void shouldSealAPasswordSoThatOnlyTheKeyAndTheSameContextOpenIt() {
        var sealer = new PasswordSealer(PasswordSealer.newKey());
        String sealed = sealer.seal("S3cret-Pass", "i1/2");
        assertThat(sealed).doesNotContain("S3cret-Pass");
        assertThat(sealer.open(sealed, "i1/2")).isEqualTo("S3cret-Pass");
        assertThatThrownBy(() -> sealer.open(sealed, "i1/3")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PasswordSealer(PasswordSealer.newKey()).open(sealed, "i1/2"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDescribeTheDemoAccountsOfTheSpec() {
        var fixture = DemoFixture.load();
        var events = fixture.accountEvents();
        assertThat(events).filteredOn(e -> e instanceof AccountEvent.NumberParked && e.accountId().equals("demo")).hasSize(1100);
        assertThat(events).filteredOn(e -> e instanceof AccountEvent.NumberParked && e.accountId().equals("demo-small")).hasSize(100);
        assertThat(events).contains(new AccountEvent.NumberParked("demo", "+442079460999", false),
                new AccountEvent.NumberParked("demo", "+448081570099", true),
                new AccountEvent.NumberParked("demo-small", "+12125550199", false),
                new AccountEvent.LicenceChanged("demo", "Advanced", 1200, 200));
        assertThat(fixture.administrators()).extracting(DemoFixture.Administrator::username)
                .containsExactly("demo-admin", "small-admin");
    }
}
