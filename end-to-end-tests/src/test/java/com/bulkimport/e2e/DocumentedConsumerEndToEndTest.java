package com.bulkimport.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event contract as a downstream team meets it: a consumer written from the docs alone
 * ({@link DocumentedUserCreatedConsumer}) reads the {@code user created} events that the real
 * pipeline (the four services on an embedded broker) publishes for an upload, and finds in them
 * what the docs promise: keyed by the account id, every required field, schema version 1, numbers
 * in E.164, no password or PIN.
 */
@EmbeddedPipelineKafka
class DocumentedConsumerEndToEndTest {

    private static final Path DOCS = Path.of("..", "docs");

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static Pipeline pipeline;
    private static IngestApi admin;
    private static String bootstrapServers;

    @BeforeAll
    static void startThePipeline(EmbeddedKafkaBroker broker) throws Exception {
        bootstrapServers = broker.getBrokersAsString();
        pipeline = new Pipeline(bootstrapServers, mail.getSmtp().getPort(), Files.createTempDirectory("e2e-docs-consumer"));
        admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
        admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldReadTheUserCreatedEventsWithAConsumerWrittenFromTheDocsAlone() throws Exception {
        try (var consumer = new DocumentedUserCreatedConsumer(DOCS, bootstrapServers)) {
            // Given a consumer configured from the docs: the public topic, read_committed, its required fields
            assertThat(consumer.topic()).isEqualTo("user-created.v1");
            assertThat(consumer.requiredFields()).contains("accountId", "userId", "email", "importId", "row",
                    "schemaVersion");

            // When an administrator imports two users
            String csv = "Display Name (Mandatory),Email Address (Mandatory),Subscription License Type,"
                    + "Primary Phone Number (Optional)\r\n"
                    + "Dee Park,dee.park@demo.example,Essentials,+44 20 7946 0301\r\n"
                    + "Eli Moss,eli.moss@demo.example,Advanced,\r\n";
            var accepted = admin.upload("demo", "two.csv", csv, "");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String importId = JsonMapper.builder().build().readTree(accepted.body()).get("importId").asString();

            // Then the consumer reads one event per user, exactly once, as the docs describe them
            List<DocumentedUserCreatedConsumer.Event> events = consumer.read(
                    e -> importId.equals(e.value().path("importId").asString(null)), 2, Duration.ofSeconds(120));
            assertThat(events).hasSize(2);
            for (var event : events) {
                JsonNode user = event.value();
                assertThat(event.key()).as("keyed by its account id").isEqualTo("demo").isEqualTo(user.get("accountId").asString());
                consumer.requiredFields().forEach(field -> assertThat(user.hasNonNull(field)).as(field).isTrue());
                assertThat(user.get("schemaVersion").asInt()).isEqualTo(1);
                user.path("numbers").forEach(n -> assertThat(n.asString()).matches("\\+[1-9]\\d{6,14}"));
                assertThat(user.propertyNames()).noneMatch(f -> f.toLowerCase().contains("password"))
                        .doesNotContain("pin");
                assertThat(user.path("voicemail").has("pin")).isFalse();
            }
            assertThat(events).extracting(e -> e.value().get("email").asString())
                    .containsExactlyInAnyOrder("dee.park@demo.example", "eli.moss@demo.example");
            JsonNode dee = events.stream().filter(e -> e.value().get("email").asString().startsWith("dee")).findFirst()
                    .orElseThrow().value();
            assertThat(dee.get("numbers").get(0).asString()).isEqualTo("+442079460301");
            assertThat(dee.get("connectEnabled").asBoolean()).isTrue();
            JsonNode eli = events.stream().filter(e -> e.value().get("email").asString().startsWith("eli")).findFirst()
                    .orElseThrow().value();
            assertThat(eli.get("connectEnabled").asBoolean()).as("created without a primary number").isFalse();
            assertThat(Set.of(dee.get("userId").asString(), eli.get("userId").asString())).hasSize(2);
        }
    }

    @Test
    void shouldUseNothingOfTheProjectInTheDocumentedConsumer() {
        String itself = DocumentedUserCreatedConsumer.class.getName();
        noClasses().that().haveNameMatching(java.util.regex.Pattern.quote(itself) + ".*")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("com.bulkimport..")
                        .and(DescribedPredicate.not(HasName.Predicates.nameStartingWith(itself))))
                .allowEmptyShould(false)
                .check(new ClassFileImporter().importClasses(DocumentedUserCreatedConsumer.class,
                        DocumentedUserCreatedConsumer.Event.class));
    }
}
