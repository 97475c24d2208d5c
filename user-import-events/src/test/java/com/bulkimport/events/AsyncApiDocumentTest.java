package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI document, {@code docs/asyncapi.yaml}, stays true to the topic registry
 * ({@link Topics}) and the records: a channel per topic and a topic per channel, each topic's key,
 * partitions and retention as the registry creates it, who writes and who reads it, each message's
 * JSON Schema with exactly its record's fields, types and required set (read by reflection,
 * {@link RecordShape}), and samples that read into their record with the topic's own serde and
 * meet the document's schema (checked by a JSON Schema validator, not by this test's own code).
 */
class AsyncApiDocumentTest {

    static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
    /** Where the validator finds the document: given to it here, never fetched. */
    private static final String DOCUMENT_ID = "https://bulkimport.example/asyncapi.json";
    private static final String SCHEMAS = "#/components/schemas/";
    /** The retention of a topic whose registry entry sets none: the broker's default, 7 days. */
    private static final String BROKER_RETENTION_MS = "604800000";

    private static final Pattern SECTION = Pattern.compile("^### `([a-z.-]+\\.v\\d+)`", Pattern.MULTILINE);
    private static final Pattern SAMPLE = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    private static JsonNode document;
    private static SchemaRegistry validator;

    @BeforeAll
    static void readTheDocument() throws IOException {
        document = YAMLMapper.builder().build().readTree(Files.readString(DOCUMENT));
        String json = Json.MAPPER.writeValueAsString(document);
        validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                registry -> registry.schemas(Map.of(DOCUMENT_ID, json)));
    }

    @Test
    void shouldBeAnAsyncApi3DocumentWithAChannelForEveryTopicOfTheRegistryAndNoOther() {
        assertThat(document.get("asyncapi").asString()).startsWith("3.0");
        assertThat(channels().keySet()).containsExactlyInAnyOrderElementsOf(Topics.allNames());
    }

    @Test
    void shouldSayEachTopicsKeyPartitioningAndRetentionAsTheRegistryCreatesIt() {
        for (Topic<?, ?> topic : Topics.ALL) {
            JsonNode channel = channels().get(topic.name());
            JsonNode kafka = channel.at("/bindings/kafka");
            assertThat(kafka.get("topic").asString()).as(topic.name()).isEqualTo(topic.name());
            // Every topic gets the same partitions (co-partitioned): the local run's count, 3
            assertThat(kafka.get("partitions").asInt()).as(topic.name()).isEqualTo(3);
            NewTopic created = topic.newTopic(3, (short) 1);
            Map<String, String> configs = created.configs() == null ? Map.of() : created.configs();
            JsonNode documented = kafka.get("topicConfiguration");
            assertThat(documented.get("cleanup.policy").values().stream().map(JsonNode::asString).toList())
                    .as(topic.name() + " cleanup.policy")
                    .containsExactlyInAnyOrder(configs.getOrDefault("cleanup.policy", "delete").split(","));
            assertThat(documented.get("retention.ms").asString()).as(topic.name() + " retention.ms")
                    .isEqualTo(configs.getOrDefault("retention.ms", BROKER_RETENTION_MS));
            // The key: the account id, a string, on every record of every topic
            for (JsonNode message : messages(channel)) {
                JsonNode key = message.at("/bindings/kafka/key");
                assertThat(key.get("type").asString()).as(topic.name() + " key").isEqualTo("string");
                assertThat(key.get("description").asString()).as(topic.name() + " key").containsIgnoringCase("account id");
            }
        }
    }

    @Test
    void shouldTagUserCreatedPublicAndEveryOtherTopicInternal() {
        channels().forEach((name, channel) -> assertThat(channel.get("tags").values().stream()
                .map(t -> t.get("name").asString()).toList()).as(name)
                .containsExactly(name.equals(Topics.USERS_CREATED.name()) ? "public" : "internal"));
    }

    @Test
    void shouldNameWhoWritesAndWhoReadsEveryTopic() {
        Map<String, Set<String>> senders = new LinkedHashMap<>();
        Map<String, Set<String>> receivers = new LinkedHashMap<>();
        document.get("operations").properties().forEach(operation -> {
            JsonNode op = operation.getValue();
            String channel = resolve(op.at("/channel/$ref").asString()).get("address").asString();
            String who = op.at("/tags/0/name").asString();
            (op.get("action").asString().equals("send") ? senders : receivers)
                    .computeIfAbsent(channel, c -> new TreeSet<>()).add(who);
            assertThat(op.get("title").asString()).as(operation.getKey()).isNotBlank();
        });
        for (String topic : Topics.allNames()) {
            assertThat(senders.get(topic)).as("who writes " + topic).isNotEmpty();
            assertThat(receivers.get(topic)).as("who reads " + topic).isNotEmpty();
        }
        // Each service is the single writer of its topics; only the dead letters have several
        senders.forEach((topic, who) -> {
            if (!topic.equals(Topics.DEAD_LETTERS.name())) {
                assertThat(who).as("writers of " + topic).hasSize(1);
            }
        });
        assertThat(senders.get(Topics.USERS_CREATED.name())).containsExactly("provisioning-service");
        assertThat(receivers.get(Topics.USERS_CREATED.name())).contains("downstream");
    }

    @Test
    void shouldDescribeEachRecordWithExactlyItsFieldsTypesAndRequiredFields() {
        Set<String> described = new LinkedHashSet<>();
        for (Topic<String, ?> topic : Topics.EVENTS) {
            Class<?> value = ((JsonSerde<?>) topic.valueSerde()).type();
            List<Class<?>> records = recordsOf(value);
            List<String> payloads = messages(channels().get(topic.name())).stream()
                    .map(m -> schemaName(m.at("/payload/$ref").asString())).toList();
            assertThat(payloads).as("the messages of " + topic.name())
                    .containsExactlyInAnyOrderElementsOf(records.stream().map(RecordShape::schemaName).toList());
            if (value.isInterface()) {
                // the polymorphic value's own schema: one of its records, named by "type"
                described.add(RecordShape.schemaName(value));
                assertThat(schema(RecordShape.schemaName(value)).get("oneOf").values().stream()
                        .map(s -> schemaName(s.get("$ref").asString())).toList()).as(value.getSimpleName())
                        .containsExactlyElementsOf(records.stream().map(RecordShape::schemaName).toList());
            }
            for (Class<?> record : records) {
                Set<Class<?>> all = new LinkedHashSet<>(List.of(record));
                all.addAll(RecordShape.nestedRecords(record));
                for (Class<?> type : all) {
                    described.add(RecordShape.schemaName(type));
                    assertDescribes(type, value.isInterface() && type == record ? logicalName(value, type) : null);
                }
            }
        }
        assertThat(document.at("/components/schemas").propertyNames()).as("schemas of no record")
                .containsExactlyInAnyOrderElementsOf(described);
    }

    /** One record's schema: its properties with their types, and its required ones; {@code type} first for a polymorphic one. */
    private static void assertDescribes(Class<?> type, String logicalName) {
        String name = RecordShape.schemaName(type);
        JsonNode schema = schema(name);
        RecordShape shape = RecordShape.of(type);
        Map<String, String> expected = new LinkedHashMap<>();
        Set<String> required = new TreeSet<>(shape.required());
        if (logicalName != null) {
            expected.put("type", "const " + logicalName);
            required.add("type");
        }
        expected.putAll(shape.properties());
        Map<String, String> documented = new LinkedHashMap<>();
        schema.get("properties").properties().forEach(p -> documented.put(p.getKey(), documentedType(p.getValue())));
        assertThat(documented).as("the fields of %s and their JSON types", name).isEqualTo(expected);
        Set<String> documentedRequired = new TreeSet<>();
        if (schema.has("required")) {
            schema.get("required").values().forEach(r -> documentedRequired.add(r.asString()));
        }
        assertThat(documentedRequired).as("the required fields of %s (@Required)", name).isEqualTo(required);
        assertThat(schema.get("description").asString()).as("%s described", name).isNotBlank();
    }

    /** A property's schema in {@link RecordShape}'s notation. */
    static String documentedType(JsonNode schema) {
        if (schema.has("const")) {
            return "const " + schema.get("const").asString();
        }
        if (schema.has("$ref")) {
            return schemaName(schema.get("$ref").asString());
        }
        if (schema.has("oneOf")) {
            List<JsonNode> options = schema.get("oneOf").values().stream().toList();
            assertThat(options).as("a nullable reference: the record or null").hasSize(2);
            assertThat(options.get(1).get("type").asString()).isEqualTo("null");
            return schemaName(options.get(0).get("$ref").asString()) + "?";
        }
        JsonNode type = schema.get("type");
        List<String> types = type.isArray() ? type.values().stream().map(JsonNode::asString).toList() : List.of(type.asString());
        boolean nullable = types.contains("null");
        String base = types.stream().filter(t -> !t.equals("null")).findFirst().orElseThrow();
        String described = switch (base) {
            case "string" -> {
                if (schema.has("enum")) {
                    List<String> values = new ArrayList<>();
                    schema.get("enum").values().forEach(v -> values.add(v.isNull() ? null : v.asString()));
                    assertThat(values.contains(null)).as("null among the values of a nullable enum").isEqualTo(nullable);
                    yield "enum" + values.stream().filter(v -> v != null).toList().toString().replace(" ", "");
                }
                yield schema.has("format") ? "string/" + schema.get("format").asString() : "string";
            }
            case "array" -> (schema.path("uniqueItems").asBoolean(false) ? "set<" : "array<")
                    + documentedType(schema.get("items")) + ">";
            case "object" -> "map<string," + documentedType(schema.get("additionalProperties")) + ">";
            default -> base;
        };
        return described + (nullable ? "?" : "");
    }

    @Test
    void shouldHaveSamplesThatReadIntoTheirRecordAndMeetTheirSchema() {
        int checked = 0;
        for (Topic<String, ?> topic : Topics.EVENTS) {
            for (JsonNode message : messages(channels().get(topic.name()))) {
                String name = schemaName(message.at("/payload/$ref").asString());
                assertThat(message.get("examples")).as("samples of " + name).isNotEmpty();
                for (JsonNode example : message.get("examples")) {
                    JsonNode payload = example.get("payload");
                    // read with the topic's own serde, as every service reads it
                    Object read = topic.valueSerde().deserializer().deserialize(topic.name(),
                            Json.MAPPER.writeValueAsBytes(payload));
                    assertThat(RecordShape.schemaName(read.getClass())).as(example.get("name").asString()).isEqualTo(name);
                    assertThat(validate(name, payload)).as("%s sample against its schema", name).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(Topics.EVENTS.size());
    }

    @Test
    void shouldHaveTheSamplesOfEventsMdAsItsExamples() throws IOException {
        String page = Files.readString(DOCUMENT.resolveSibling("events.md"));
        Matcher section = SECTION.matcher(page);
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        while (section.find()) {
            names.add(section.group(1));
            starts.add(section.start());
        }
        for (Topic<String, ?> topic : Topics.EVENTS) {
            int i = names.indexOf(topic.name());
            assertThat(i).as(topic.name() + " in events.md").isNotNegative();
            String body = page.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : page.length());
            Set<JsonNode> samples = new LinkedHashSet<>();
            Matcher sample = SAMPLE.matcher(body);
            while (sample.find()) {
                samples.add(Json.MAPPER.readTree(sample.group(1)));
            }
            Set<JsonNode> examples = new LinkedHashSet<>();
            messages(channels().get(topic.name())).forEach(m -> m.get("examples").forEach(e -> examples.add(e.get("payload"))));
            assertThat(examples).as("the examples of %s: the samples of events.md", topic.name())
                    .containsExactlyInAnyOrderElementsOf(samples);
        }
    }

    @Test
    void shouldRefuseASampleThatBreaksItsSchema() {
        // Given the user created sample, which meets its schema
        ObjectNode sample = (ObjectNode) messages(channels().get(Topics.USERS_CREATED.name())).get(0)
                .get("examples").get(0).get("payload").deepCopy();
        assertThat(validate("UserCreated", sample)).isEmpty();

        // Then without a required field, with a wrong type, or a value outside an enum, it does not
        assertThat(validate("UserCreated", sample.deepCopy().without("userId"))).isNotEmpty();
        assertThat(validate("UserCreated", sample.deepCopy().put("row", "two"))).isNotEmpty();
        ObjectNode request = (ObjectNode) messages(channels().get(Topics.NOTIFICATION_REQUESTS.name())).get(0)
                .get("examples").get(0).get("payload").deepCopy();
        assertThat(validate("NotificationRequested", request.put("kind", "POSTCARD"))).isNotEmpty();
    }

    @Test
    void shouldDescribeTheDeadLettersAsBytesWithTheirReasonInTheHeaders() {
        JsonNode message = messages(channels().get(Topics.DEAD_LETTERS.name())).get(0);
        assertThat(message.at("/headers/properties").propertyNames()).contains("__streams.errors.topic",
                "__streams.errors.partition", "__streams.errors.offset", "__streams.errors.exception",
                "__streams.errors.message", "__streams.errors.stacktrace");
    }

    private static List<Error> validate(String schemaName, JsonNode payload) {
        Schema schema = validator.getSchema(SchemaLocation.of(DOCUMENT_ID + SCHEMAS + schemaName));
        return schema.validate(payload);
    }

    /** The channels by address (the topic's name). */
    private static Map<String, JsonNode> channels() {
        Map<String, JsonNode> byAddress = new LinkedHashMap<>();
        document.get("channels").values().forEach(c -> byAddress.put(c.get("address").asString(), c));
        return byAddress;
    }

    private static List<JsonNode> messages(JsonNode channel) {
        return channel.get("messages").values().stream().map(m -> resolve(m.get("$ref").asString())).toList();
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode found = document.at(ref.substring(1));
        assertThat(found.isMissingNode()).as(ref).isFalse();
        return found;
    }

    private static JsonNode schema(String name) {
        return resolve(SCHEMAS + name);
    }

    private static String schemaName(String ref) {
        assertThat(ref).startsWith(SCHEMAS);
        return ref.substring(SCHEMAS.length());
    }

    /** The records a topic's value is: itself, or each type of a polymorphic value. */
    private static List<Class<?>> recordsOf(Class<?> value) {
        JsonSubTypes subTypes = value.getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return List.of(value);
        }
        return java.util.Arrays.stream(subTypes.value()).<Class<?>>map(JsonSubTypes.Type::value).toList();
    }

    private static String logicalName(Class<?> value, Class<?> record) {
        return java.util.Arrays.stream(value.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value() == record).findFirst().orElseThrow().name();
    }
}
