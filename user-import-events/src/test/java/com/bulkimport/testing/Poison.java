package com.bulkimport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.bulkimport.events.AccountKeyed;
import com.bulkimport.events.Json;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.Topic;

import tools.jackson.databind.node.ObjectNode;

/**
 * The kinds of poison record a service must dead-letter (with the reason in the headers) and
 * read past: each made from a good record of the topic, so that only the poison differs.
 */
public enum Poison {

    /** Bytes that are not JSON. */
    BAD_JSON,
    /** A record that states a schema version its reader does not know. */
    UNKNOWN_SCHEMA_VERSION,
    /** A record without one of its type's required fields. */
    MISSING_FIELD,
    /** A good record keyed by another account than its own. */
    WRONG_ACCOUNT_KEY;

    /** The key of a {@link #WRONG_ACCOUNT_KEY} record. */
    public static final String OTHER_ACCOUNT = "another-account";

    /** A poison record as written to its topic: key and value bytes, and the reason expected in its headers. */
    public record Record(String key, byte[] value, String exception, String message) {

        public byte[] keyBytes() {
            return key.getBytes(StandardCharsets.UTF_8);
        }

        /** Asserts that a dead-letter record is this one, as it was, with the reason in its headers. */
        public void assertDeadLettered(String topic, byte[] deadKey, byte[] deadValue, Headers headers) {
            assertThat(new String(deadKey, StandardCharsets.UTF_8)).isEqualTo(key);
            assertThat(Arrays.equals(deadValue, value)).as("the dead-letter value is the poison's bytes").isTrue();
            assertThat(header(headers, "__streams.errors.topic")).isEqualTo(topic);
            assertThat(header(headers, "__streams.errors.exception")).contains(exception);
            assertThat(header(headers, "__streams.errors.message")).contains(message);
            assertThat(header(headers, "__streams.errors.partition")).isNotNull();
            assertThat(header(headers, "__streams.errors.offset")).isNotNull();
        }
    }

    /**
     * This kind of poison, made from a good record of the topic.
     *
     * @param required a required field of the record's type, left out for {@link #MISSING_FIELD}
     */
    public <V extends AccountKeyed> Record of(Topic<String, V> topic, V good, String required) {
        String type = good.getClass().getSimpleName();
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), good);
        return switch (this) {
            case BAD_JSON -> new Record(good.accountId(),
                    ("{\"accountId\":\"" + good.accountId() + "\", not json").getBytes(StandardCharsets.UTF_8),
                    "SerializationException", "Cannot read ");
            case UNKNOWN_SCHEMA_VERSION -> new Record(good.accountId(),
                    with(bytes, tree -> tree.put(JsonSerde.SCHEMA_VERSION, 99)),
                    "SerializationException", "unknown schema version 99");
            case MISSING_FIELD -> new Record(good.accountId(), with(bytes, tree -> {
                assertThat(tree.has(required)).as(type + " has " + required).isTrue();
                tree.remove(required);
            }), "SerializationException", "'" + required + "'");
            case WRONG_ACCOUNT_KEY -> new Record(OTHER_ACCOUNT, bytes, "WrongAccountKeyException",
                    "of account '" + good.accountId() + "' keyed '" + OTHER_ACCOUNT + "'");
        };
    }

    private static byte[] with(byte[] json, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json);
        change.accept(tree);
        return Json.MAPPER.writeValueAsBytes(tree);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
