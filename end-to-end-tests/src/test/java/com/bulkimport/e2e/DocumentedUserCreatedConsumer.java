package com.bulkimport.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A downstream system's consumer of {@code user created} events, written from {@code docs/events.md}
 * and {@code docs/asyncapi.yaml} alone, as a team outside this project would write it: a plain
 * {@link KafkaConsumer} of strings, JSON read as a generic tree, and nothing of the project's code
 * (ArchitectureTest holds it to that). What it takes from the docs: the public channel's topic
 * (the one tagged {@code public}), that the key is the account id, that producers write in
 * transactions so a reader uses {@code isolation.level=read_committed}, and the required fields of
 * the message's schema.
 */
final class DocumentedUserCreatedConsumer implements AutoCloseable {

    /** A user created event as read: its key and its value as a JSON tree. */
    record Event(String key, JsonNode value) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final List<String> requiredFields = new ArrayList<>();

    /** Reads the docs, then subscribes to the public topic from its beginning. */
    DocumentedUserCreatedConsumer(Path docs, String bootstrapServers) throws IOException {
        String events = Files.readString(docs.resolve("events.md"));
        if (!events.contains("read_committed")) {
            throw new IllegalStateException("docs/events.md no longer says how to read: read_committed");
        }
        JsonNode asyncApi = YAMLMapper.builder().build().readTree(Files.readString(docs.resolve("asyncapi.yaml")));
        JsonNode channel = asyncApi.get("channels").values().stream()
                .filter(c -> c.get("tags").values().stream().anyMatch(t -> t.get("name").asString().equals("public")))
                .findFirst().orElseThrow(() -> new IllegalStateException("no public channel in the AsyncAPI document"));
        topic = channel.get("address").asString();
        JsonNode message = at(asyncApi, channel.get("messages").values().iterator().next().get("$ref").asString());
        if (!message.at("/bindings/kafka/key/description").asString().toLowerCase().contains("account id")) {
            throw new IllegalStateException("the document no longer says the key is the account id");
        }
        at(asyncApi, message.at("/payload/$ref").asString()).get("required").values()
                .forEach(f -> requiredFields.add(f.asString()));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "directory-sync-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    String topic() {
        return topic;
    }

    List<String> requiredFields() {
        return requiredFields;
    }

    /** Polls until {@code enough} of the kept events are read (then once more, for any extra), or the time is up. */
    List<Event> read(Predicate<Event> keep, int enough, Duration timeout) {
        List<Event> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean extraPoll = false;
        while (System.nanoTime() < deadline && !extraPoll) {
            extraPoll = found.size() >= enough;
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                Event event = new Event(r.key(), json.readTree(r.value()));
                if (keep.test(event)) {
                    found.add(event);
                }
            }
            consumer.commitSync();
        }
        return found;
    }

    private static JsonNode at(JsonNode document, String ref) {
        return document.at(ref.substring(1));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
