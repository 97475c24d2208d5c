package com.bulkimport.ingest.upload;

import java.util.Map;
import java.util.UUID;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.TopologyWarmUp;

import jakarta.servlet.MultipartConfigElement;

/**
 * The transactional producer of import submissions, the file reader, and the servlet's multipart
 * limits, which follow {@code bulkimport.upload.max-file-bytes}: a larger upload is refused while
 * it is being received, never read whole first (and the rest of it is discarded, within a bound,
 * so that the client receives the 413 whole).
 */
@Configuration
class UploadConfiguration {

    /** The producer's {@code max.request.size} (Kafka's default, also the broker's default record limit). */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Room in a multipart request for the form fields beside the file. */
    static final long FORM_FIELDS_BYTES = 64 * 1024;
    /**
     * How much of a too-large request Tomcat reads and discards after its 413, in requests: up to
     * ten times the largest request accepted, the rest is read (never held) so that the client,
     * still sending, receives the whole answer; beyond that Tomcat closes the connection, and a
     * client may see the connection reset instead of the 413 (Tomcat's default swallows 2 MB only).
     */
    static final int SWALLOWED_REQUESTS = 10;
    /** Rows of the synthetic file read at start (at most {@code max-rows}). */
    static final int WARM_UP_ROWS = 1000;

    @Bean
    MultipartConfigElement multipartConfigElement(UploadLimits limits) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(DataSize.ofBytes(limits.maxFileBytes()));
        factory.setMaxRequestSize(DataSize.ofBytes(limits.maxFileBytes() + FORM_FIELDS_BYTES));
        // Every part beyond this goes to a temporary file, not the heap.
        factory.setFileSizeThreshold(DataSize.ofKilobytes(16));
        return factory.createMultipartConfig();
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> swallowTooLargeUploads(UploadLimits limits) {
        long swallow = SWALLOWED_REQUESTS * (limits.maxFileBytes() + FORM_FIELDS_BYTES);
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setMaxSwallowSize((int) Math.min(Integer.MAX_VALUE, swallow));
            }
        });
    }

    @Bean
    KafkaTemplate<String, ImportSubmission> submissionTemplate(KafkaClientSettings kafka) {
        // The connection as spring.kafka.* says (TLS, SASL); idempotence and the request size limit always.
        Map<String, Object> settings = kafka.producer();
        settings.putAll(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES));
        var factory = new DefaultKafkaProducerFactory<>(settings,
                Topics.IMPORT_SUBMISSIONS.keySerde().serializer(), Topics.IMPORT_SUBMISSIONS.valueSerde().serializer());
        // Producer-only transactions: a prefix unique to this instance, so instances never fence each other.
        factory.setTransactionIdPrefix("ingest-" + UUID.randomUUID() + "-");
        return new KafkaTemplate<>(factory);
    }

    @Bean
    ImportPublisher importPublisher(KafkaTemplate<String, ImportSubmission> submissionTemplate) {
        return new ImportPublisher(submissionTemplate, MAX_REQUEST_BYTES);
    }

    @Bean
    CsvFileReader csvFileReader(UploadLimits limits) {
        return new CsvFileReader(limits);
    }

    /**
     * The upload's warm-up ({@link UploadWarmUp}), on a thread of its own once the application has
     * started ({@link TopologyWarmUp#inBackground}, like the services' other warm-ups), so that
     * readiness does not wait for it.
     */
    @Bean
    ApplicationRunner uploadWarmUp(UploadLimits limits, KafkaTemplate<String, ImportSubmission> submissionTemplate) {
        return TopologyWarmUp.inBackground("the upload", Math.min(limits.maxRows(), WARM_UP_ROWS), rows -> {
            try {
                // a reader of its own: the warm-up never takes one of the uploads' parses
                UploadWarmUp.readSyntheticFile(new CsvFileReader(limits), rows);
            } catch (RuntimeException refused) {
                // limits set below a 1,000-row file's size: the first upload warms the reader up instead
            }
            UploadWarmUp.prepareProducer(submissionTemplate);
        });
    }
}
