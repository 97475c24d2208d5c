package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import com.bulkimport.testing.Poison;

class JsonSerdeTest {

    private static final NotificationResult RESULT =
            new NotificationResult("i1", "demo", 2, NotificationRequested.Kind.WELCOME, "ann@demo.example", true, null);

    @Test
    void shouldReadWhatItWritesUnchanged() {
        byte[] bytes = Topics.NOTIFICATION_RESULTS.valueSerde().serializer().serialize("t", RESULT);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"importId\":\"i1\",\"accountId\":\"demo\",\"row\":2,\"kind\":\"WELCOME\",\"to\":\"ann@demo.example\","
                        + "\"sent\":true,\"failure\":null}");
        assertThat(Topics.NOTIFICATION_RESULTS.valueSerde().deserializer().deserialize("t", bytes)).isEqualTo(RESULT);
        // a re-sent email's result says so; the others are written as before the field came
        NotificationResult resent = new NotificationResult("i1", "demo", 2, NotificationRequested.Kind.WELCOME,
                "ann@demo.example", true, null, true);
        byte[] resentBytes = Topics.NOTIFICATION_RESULTS.valueSerde().serializer().serialize("t", resent);
        assertThat(new String(resentBytes, StandardCharsets.UTF_8)).endsWith(",\"failure\":null,\"resent\":true}");
        assertThat(Topics.NOTIFICATION_RESULTS.valueSerde().deserializer().deserialize("t", resentBytes).isResend())
                .isTrue();
    }

    @Test
    void shouldRefuseARecordWithoutARequiredFieldNamingIt() {
        Poison.Record poison = Poison.MISSING_FIELD.of(Topics.NOTIFICATION_RESULTS, RESULT, "row");

        assertThatThrownBy(() -> Topics.NOTIFICATION_RESULTS.valueSerde().deserializer()
                .deserialize(Topics.NOTIFICATION_RESULTS.name(), poison.value()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot read NotificationResult from notification-results.v1: ")
                .hasMessageContaining("'row'");
    }

    @Test
    void shouldRefuseARecordOfAnUnknownSchemaVersion() {
        Poison.Record poison = Poison.UNKNOWN_SCHEMA_VERSION.of(Topics.NOTIFICATION_RESULTS, RESULT, null);

        assertThatThrownBy(() -> Topics.NOTIFICATION_RESULTS.valueSerde().deserializer()
                .deserialize(Topics.NOTIFICATION_RESULTS.name(), poison.value()))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot read NotificationResult from notification-results.v1: unknown schema version 99 "
                        + "(this reader knows version 1)");
    }

    @Test
    void shouldRefuseAnUnknownSchemaVersionHoweverItsNameIsSpelled() {
        byte[] bytes = Topics.NOTIFICATION_RESULTS.valueSerde().serializer().serialize("t", RESULT);
        // the same field, its name written with a JSON escape: still found and checked
        byte[] escaped = new String(bytes, StandardCharsets.UTF_8)
                .replace("{\"importId\"", "{\"schema\\u0056ersion\":99,\"importId\"").getBytes(StandardCharsets.UTF_8);

        assertThat(JsonSerde.mayStateSchemaVersion(bytes)).isFalse();
        assertThatThrownBy(() -> Topics.NOTIFICATION_RESULTS.valueSerde().deserializer().deserialize("t", escaped))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema version 99");
    }

    @Test
    void shouldReadTheSchemaVersionsOfUserCreatedItKnowsOnly() {
        UserCreated user = new UserCreated(UserCreated.SCHEMA_VERSION, "demo", "u1", "ann@demo.example", "Ann", "Ann",
                "Lee", null, null, "Essentials", "101", List.of(), "Main Company Address", "UTC", false, null, null, null,
                null, null, "i1", 2, Instant.parse("2026-11-25T10:15:32Z"));
        var serde = Topics.USERS_CREATED.valueSerde();
        byte[] bytes = serde.serializer().serialize("t", user);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(user);

        for (String version : List.of("0", "2", "\"1\"", "1.5")) {
            byte[] other = new String(bytes, StandardCharsets.UTF_8)
                    .replace("\"schemaVersion\":1", "\"schemaVersion\":" + version).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> serde.deserializer().deserialize("user-created.v1", other))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("unknown schema version " + version);
        }
        byte[] without = new String(bytes, StandardCharsets.UTF_8).replace("\"schemaVersion\":1,", "")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("user-created.v1", without))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'schemaVersion'");
    }
}
