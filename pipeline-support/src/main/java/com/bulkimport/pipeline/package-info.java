/**
 * What every service shares to run on Kafka: the topics created at start
 * ({@link com.bulkimport.pipeline.PipelineTopics}), and the Kafka Streams lifecycle with the
 * pipeline's exactly-once and dead-letter settings ({@link com.bulkimport.pipeline.StreamsRunner}).
 */
package com.bulkimport.pipeline;
