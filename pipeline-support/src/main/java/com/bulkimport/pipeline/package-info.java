/**
 * What every service shares to run on Kafka: the registry's topics declared for spring-kafka's
 * {@code KafkaAdmin} to create at start ({@link com.bulkimport.pipeline.PipelineAutoConfiguration}),
 * topologies wired from the registry ({@link com.bulkimport.pipeline.PipelineTopology}), the Kafka
 * Streams lifecycle with the pipeline's exactly-once and dead-letter settings
 * ({@link com.bulkimport.pipeline.StreamsRunner}) and a service's account stores
 * ({@link com.bulkimport.pipeline.AccountStores}).
 */
package com.bulkimport.pipeline;
