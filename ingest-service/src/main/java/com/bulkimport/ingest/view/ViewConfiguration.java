package com.bulkimport.ingest.view;

import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/** Runs the import view's topology and exposes its queries. */
@Configuration
class ViewConfiguration {

    @Bean
    StreamsRunner importViewStreams(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            PipelineProperties properties) {
        StreamsRunner runner = new StreamsRunner("ingest-service", ImportViewTopology.build(StoreKind.PERSISTENT),
                bootstrapServers, properties);
        // Results of an import arrive on several topics: when one of them has unread records on the
        // broker, wait a little for them so that the request is applied before its results.
        runner.configure(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 2000L);
        return runner;
    }

    @Bean
    ImportViews importViews(StreamsRunner importViewStreams) {
        return new ImportViews(importViewStreams);
    }
}
