package com.bulkimport.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * Kafka serde for one contract type, written as JSON with Jackson 3. Polymorphic types carry a
 * logical {@code type} name (see {@code @JsonTypeInfo} on them), never a Java class name.
 * A record that cannot be read raises {@link SerializationException}, which the services route to
 * the dead-letter topic: not JSON, not of the type, without a {@link Required} field, or of a
 * schema version this reader does not know.
 * <p>
 * A topic's version is in its name ({@code .v1}); records carry no version of their own, except
 * those that publish one ({@code schemaVersion} of {@code user-created.v1}). A record whose
 * {@value #SCHEMA_VERSION} is not one this reader knows (1 up to the type's current version) is
 * refused, rather than read as the version it is not: its fields could mean something else.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** The field a record states its schema version in, when it does. */
    public static final String SCHEMA_VERSION = "schemaVersion";

    /** The field's name as its bytes appear in a record that states it (the name is ASCII). */
    private static final byte[] SCHEMA_VERSION_BYTES = SCHEMA_VERSION.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Class<T> type;
    private final int knownVersion;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    /** A serde for a type whose records are all of the first version of their topic. */
    public JsonSerde(Class<T> type) {
        this(type, 1);
    }

    /** A serde for a type whose records state a schema version, up to {@code knownVersion}. */
    public JsonSerde(Class<T> type, int knownVersion) {
        this.type = type;
        this.knownVersion = knownVersion;
        this.reader = Json.MAPPER.readerFor(type);
        this.writer = Json.MAPPER.writerFor(type);
    }

    /** The type this serde reads and writes: what the event contract's document describes for its topic. */
    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " for " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            if (!mayStateSchemaVersion(data)) {
                // Most records: read straight into the type, without building a tree first.
                return reader.readValue(data);
            }
            JsonNode tree = Json.MAPPER.readTree(data);
            checkSchemaVersion(topic, tree.get(SCHEMA_VERSION));
            return Json.MAPPER.treeToValue(tree, type);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the record may hold a {@value #SCHEMA_VERSION} field: its name's bytes appear, or a
     * backslash-u escape that could spell it. Only those records are read as a tree first to check
     * it; the others are read once, straight into their type (about 15 % less CPU for a row's
     * record than tree then value, on C1).
     */
    static boolean mayStateSchemaVersion(byte[] data) {
        // One pass, looking closer only at a backslash or at the name's first letter.
        byte first = SCHEMA_VERSION_BYTES[0];
        int last = data.length - SCHEMA_VERSION_BYTES.length;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\\' && i + 1 < data.length && data[i + 1] == 'u') {
                return true;
            }
            if (b == first && i <= last && startsWithName(data, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithName(byte[] data, int at) {
        for (int j = 1; j < SCHEMA_VERSION_BYTES.length; j++) {
            if (data[at + j] != SCHEMA_VERSION_BYTES[j]) {
                return false;
            }
        }
        return true;
    }

    private void checkSchemaVersion(String topic, JsonNode version) {
        if (version == null || version.isNull()) {
            return; // a missing version of a type that requires one is refused as a missing field
        }
        if (!version.isIntegralNumber() || version.asLong() < 1 || version.asLong() > knownVersion) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic
                    + ": unknown schema version " + version + " (this reader knows "
                    + (knownVersion == 1 ? "version 1" : "versions 1 to " + knownVersion) + ")");
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
