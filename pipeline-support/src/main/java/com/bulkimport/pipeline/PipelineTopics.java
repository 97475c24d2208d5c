package com.bulkimport.pipeline;

import com.bulkimport.events.TopicProvisioner;

/**
 * Creates the pipeline's topics, if missing, when the application context starts: before any
 * consumer or stream starts, since this bean is created before the lifecycle phase.
 */
public class PipelineTopics {

    public PipelineTopics(String bootstrapServers, PipelineProperties properties) {
        TopicProvisioner.ensureTopics(bootstrapServers, properties.partitions(), properties.replicationFactor());
    }
}
