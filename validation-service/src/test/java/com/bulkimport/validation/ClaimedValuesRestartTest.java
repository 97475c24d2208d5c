package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.validation.rules.RowRules;

/**
 * The values a file claimed (unique within it) have no changelog: they are an index of the
 * gathered rows, made again when the task starts ({@code ImportGatherer.rebuildClaimedValues}).
 * Validation on a real broker, exactly-once and persistent stores, stops half-way through an import
 * and starts again on an empty state folder (as another instance would take the task over); a later
 * row of the same file that repeats an earlier row's email is still refused, naming that row.
 */
@EmbeddedPipelineKafka
class ClaimedValuesRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCOUNT = "demo-small";

    private StreamsRunner validation;

    @AfterEach
    void stop() {
        if (validation != null) {
            validation.stop();
        }
    }

    @Test
    void shouldStillRefuseAValueRepeatedInTheFileAfterARestartWithoutLocalState(EmbeddedKafkaBroker broker)
            throws Exception {
        String servers = broker.getBrokersAsString();
        TopicProvisioner.ensureTopics(servers, EmbeddedPipelineKafka.PARTITIONS, (short) 1);
        FixtureLoader.publish(servers, DemoFixture.load());
        KafkaTestSupport kafka = new KafkaTestSupport(servers);
        validation = start(servers);

        // Given an import of three rows whose first row has been checked
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.ImportRequested("dup", ACCOUNT, "demo-admin", "u.csv", 3, List.of(),
                        ImportOptions.defaults(), List.of(), Instant.now()),
                new ImportSubmission.RowSubmitted("dup", ACCOUNT, 2, row("Ann Lee", "ann@small.example"))),
                ImportSubmission::accountId);
        assertThat(validated(kafka, 1)).singleElement().satisfies(r -> assertThat(r.valid()).isTrue());

        // When validation stops and starts again with an empty state folder, and the file's other rows arrive
        validation.stop();
        validation = start(servers);
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.RowSubmitted("dup", ACCOUNT, 3, row("Ann Again", "ANN@small.example")),
                new ImportSubmission.RowSubmitted("dup", ACCOUNT, 4, row("Cy Fox", "cy@small.example"))),
                ImportSubmission::accountId);

        // Then the row repeating the first row's email is refused, naming that row, and the other passes
        List<RowValidated> rows = validated(kafka, 3).stream().sorted(Comparator.comparingInt(RowValidated::row)).toList();
        assertThat(rows).extracting(RowValidated::row).containsExactly(2, 3, 4);
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.EMAIL_DUPLICATE_IN_FILE);
            assertThat(e.message()).contains("row 2");
        });
        assertThat(rows.get(2).valid()).isTrue();
    }

    private static StreamsRunner start(String servers) throws Exception {
        StreamsRunner runner = new StreamsRunner("validation-claimed-values-test",
                ValidationTopology.build(RowRules.standard(), StoreKind.PERSISTENT), servers,
                new PipelineProperties(EmbeddedPipelineKafka.PARTITIONS, (short) 1,
                        Files.createTempDirectory("validation-claimed").toString(), 100L));
        runner.start();
        KafkaTestSupport.await("Kafka Streams RUNNING", TIMEOUT, runner::isQueryable);
        return runner;
    }

    private static List<RowValidated> validated(KafkaTestSupport kafka, int atLeast) {
        return kafka.readCommitted(Topics.ROWS_VALIDATED, r -> r.value().importId().equals("dup"),
                found -> found.size() >= atLeast, TIMEOUT).stream().map(ConsumerRecord::value).toList();
    }

    private static Map<String, String> row(String name, String email) {
        return Map.of(TemplateColumn.DISPLAY_NAME.header(), name, TemplateColumn.EMAIL.header(), email,
                TemplateColumn.LICENCE_TYPE.header(), "");
    }
}
