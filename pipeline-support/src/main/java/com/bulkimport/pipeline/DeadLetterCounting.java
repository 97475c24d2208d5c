package com.bulkimport.pipeline;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' log-and-continue handlers, which build the dead-letter records of what they
 * refuse (the {@code errors.dead.letter.queue.topic.name} setting), with each record sent there
 * counted ({@link PipelineMeters#DEAD_LETTERS}) and logged with its account and import
 * ({@link RecordMdc}).
 */
public final class DeadLetterCounting {

    private DeadLetterCounting() {
    }

    /** Records that cannot be read: reason {@code unreadable}. */
    public static final class Unreadable extends LogAndContinueExceptionHandler {

        private PipelineMeters meters = PipelineMeters.of(Map.of());

        @Override
        public void configure(Map<String, ?> settings) {
            super.configure(settings);
            meters = PipelineMeters.of(settings);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
            Response response = super.handleError(context, record, e);
            response.deadLetterQueueRecords().forEach(r -> meters.deadLettered(PipelineMeters.DeadLetterReason.UNREADABLE));
            return response;
        }
    }

    /** Records a processor failed on: reason {@code processing_failed}. */
    public static final class ProcessingFailed extends LogAndContinueProcessingExceptionHandler {

        private PipelineMeters meters = PipelineMeters.of(Map.of());

        @Override
        public void configure(Map<String, ?> settings) {
            super.configure(settings);
            meters = PipelineMeters.of(settings);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
            try (RecordMdc mdc = RecordMdc.of(record.key(), record.value())) {
                Response response = super.handleError(context, record, e);
                response.deadLetterQueueRecords()
                        .forEach(r -> meters.deadLettered(PipelineMeters.DeadLetterReason.PROCESSING_FAILED));
                return response;
            }
        }
    }
}
