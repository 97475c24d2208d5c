package com.bulkimport.ingest;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ingest service. In: HTTP uploads; from Kafka, everything the pipeline says about imports (rows
 * validated, gates, rows provisioned, emails) and account settings. Out: import submissions.
 * Owns the import view it serves.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    /** Its settings are in {@code ingest-service.yml}, so the four services can share one classpath (tests). */
    public static final String CONFIG = "spring.config.name=ingest-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(IngestApplication.class).properties(CONFIG).run(args);
    }
}
