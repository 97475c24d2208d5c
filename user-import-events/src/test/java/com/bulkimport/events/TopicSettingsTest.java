package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** How the registry's topics are created: partitions, replication, what each keeps, and the operator's overrides. */
class TopicSettingsTest {

    @Test
    void shouldCreateEveryTopicWithTheSamePartitionsAndReplicationAndOneFewerInSyncReplica() {
        // When the topics are made for a 3-broker cluster
        var topics = Topics.newTopics(TopicSettings.of(6, (short) 3));

        // Then all have the same partitions (co-partitioned), 3 replicas, and a write counts once on 2
        assertThat(topics).hasSize(Topics.ALL.size()).allSatisfy(t -> {
            assertThat(t.numPartitions()).isEqualTo(6);
            assertThat(t.replicationFactor()).isEqualTo((short) 3);
            assertThat(t.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
    }

    @Test
    void shouldKeepTheAccountHistoryForEverTheWorkAWeekAndTheDeadLettersAMonthWithoutCompaction() {
        var topics = Topics.newTopics(TopicSettings.of(3, (short) 1));

        assertThat(topics).allSatisfy(t -> assertThat(t.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"));
        assertThat(retentionOf(topics, Topics.ACCOUNT_EVENTS)).isEqualTo("-1");
        assertThat(retentionOf(topics, Topics.USERS_CREATED)).isEqualTo("-1");
        assertThat(retentionOf(topics, Topics.IMPORT_SUBMISSIONS)).isEqualTo("604800000");
        assertThat(retentionOf(topics, Topics.NOTIFICATION_REQUESTS)).isEqualTo("604800000");
        assertThat(retentionOf(topics, Topics.DEAD_LETTERS)).isEqualTo("2592000000");
    }

    @Test
    void shouldApplyAnOperatorsOverridesOfOneTopicOverTheRegistrysKeeping() {
        var settings = new TopicSettings(3, (short) 3, 3, Map.of("user-created.v1",
                Map.of(TopicConfig.RETENTION_MS_CONFIG, "86400000", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2097152")));

        var topics = Topics.newTopics(settings);

        assertThat(configOf(topics, Topics.USERS_CREATED)).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000")
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2097152")
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3");
        assertThat(retentionOf(topics, Topics.ACCOUNT_EVENTS)).isEqualTo("-1");
    }

    @Test
    void shouldRefuseSettingsForATopicThePipelineDoesNotHave() {
        assertThatThrownBy(() -> new TopicSettings(3, (short) 1, 1, Map.of("user-created", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown topics [user-created]").hasMessageContaining("user-created.v1");
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanReplicas() {
        assertThatThrownBy(() -> new TopicSettings(3, (short) 1, 2, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min.insync.replicas must be between 1 and the replication factor (1), not 2");
    }

    @Test
    void shouldDocumentWhatEachTopicKeepsAsTheRegistryKeepsIt() throws IOException {
        // docs/events.md, "Topic settings": | `topic` | what it is | kept | why |
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        String section = doc.substring(doc.indexOf("## Topic settings"));
        section = section.substring(0, section.indexOf("\n## ", 3) < 0 ? section.length() : section.indexOf("\n## ", 3));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z.-]+\\.v\\d+)` \\| [^|]+ \\| ([^|]+) \\|").matcher(section);
        Map<String, String> documented = new HashMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }
        var topics = Topics.newTopics(TopicSettings.of(3, (short) 1));
        assertThat(documented).containsOnlyKeys(Topics.allNames());
        documented.forEach((name, kept) -> {
            String retention = topics.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().configs()
                    .get(TopicConfig.RETENTION_MS_CONFIG);
            String expected = retention.equals("-1") ? "for ever"
                    : Duration.ofMillis(Long.parseLong(retention)).toDays() + " days";
            assertThat(kept).as(name).startsWith(expected);
        });
    }

    private static String retentionOf(java.util.List<NewTopic> topics, Topic<?, ?> topic) {
        return configOf(topics, topic).get(TopicConfig.RETENTION_MS_CONFIG);
    }

    private static Map<String, String> configOf(java.util.List<NewTopic> topics, Topic<?, ?> topic) {
        return topics.stream().filter(t -> t.name().equals(topic.name())).findFirst().orElseThrow().configs();
    }
}
