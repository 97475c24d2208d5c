package com.bulkimport.ingest.view;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/** Runs the import view's topology and exposes its queries. */
@Configuration
class ViewConfiguration {

    @Bean
    StreamsRunner importViewStreams(KafkaClientSettings kafka, PipelineProperties properties) {
        // Results may reach the view before their import's request (they come on other topics): the
        // view keeps them on a placeholder, so it need not wait for the topics to line up.
        return new StreamsRunner("ingest-service", ImportViewTopology.build(StoreKind.PERSISTENT), kafka,
                properties);
    }

    @Bean
    ImportViews importViews(StreamsRunner importViewStreams) {
        return new ImportViews(importViewStreams);
    }
}
