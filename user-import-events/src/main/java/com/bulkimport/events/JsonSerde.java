package com.bulkimport.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.databind.JsonNode;

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

    private final Class<T> type;
    private final int knownVersion;

    /** A serde for a type whose records are all of the first version of their topic. */
    public JsonSerde(Class<T> type) {
        this(type, 1);
    }

    /** A serde for a type whose records state a schema version, up to {@code knownVersion}. */
    public JsonSerde(Class<T> type, int knownVersion) {
        this.type = type;
        this.knownVersion = knownVersion;
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
            return Json.MAPPER.writerFor(type).writeValueAsBytes(data);
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
