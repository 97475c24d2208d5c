package com.bulkimport.ingest.upload;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Topics;

/** The transactional producer of import submissions, and the file reader. */
@Configuration
class UploadConfiguration {

    @Bean
    KafkaTemplate<String, ImportSubmission> submissionTemplate(
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        var factory = new DefaultKafkaProducerFactory<String, ImportSubmission>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), Topics.IMPORT_SUBMISSIONS.valueSerde().serializer());
        // Producer-only transactions: a prefix unique to this instance, so instances never fence each other.
        factory.setTransactionIdPrefix("ingest-" + UUID.randomUUID() + "-");
        return new KafkaTemplate<>(factory);
    }

    @Bean
    ImportPublisher importPublisher(KafkaTemplate<String, ImportSubmission> submissionTemplate) {
        return new ImportPublisher(submissionTemplate);
    }

    @Bean
    CsvFileReader csvFileReader(UploadLimits limits) {
        return new CsvFileReader(limits);
    }
}
