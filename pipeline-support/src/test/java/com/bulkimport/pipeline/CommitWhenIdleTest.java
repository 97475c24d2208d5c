package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A processor that forwarded something asks for a commit once it has been idle for one check
 * ({@link ObservedProcessor#IDLE_AFTER}), and not while records keep coming, nor when it forwarded
 * nothing.
 */
class CommitWhenIdleTest {

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final Processor<String, String, String, String> processor = new ObservedProcessor<>(
            new Processor<String, String, String, String>() {
                private ProcessorContext<String, String> ctx;

                @Override
                public void init(ProcessorContext<String, String> ctx) {
                    this.ctx = ctx;
                }

                @Override
                public void process(Record<String, String> record) {
                    if (record.value().startsWith("forward")) {
                        ctx.forward(record);
                    }
                }
            }, Set.of());
    private CapturedPunctuator check;

    @BeforeEach
    void init() {
        processor.init(context);
        assertThat(context.scheduledPunctuators()).hasSize(1);
        check = context.scheduledPunctuators().get(0);
        assertThat(check.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(check.getInterval()).isEqualTo(ObservedProcessor.IDLE_AFTER);
    }

    @Test
    void shouldCommitWhatItForwardedOnceIdleAndNotWhileRecordsKeepComing() {
        // Given records that are forwarded, one between each check
        processor.process(record("forward 1"));
        check();
        processor.process(record("forward 2"));
        check();
        // Then no commit was asked for while they kept coming
        assertThat(context.committed()).isFalse();

        // When a check finds no record since the one before
        check();

        // Then a commit is asked for, once
        assertThat(context.committed()).isTrue();
        context.resetCommit();
        check();
        check();
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldNotAskForACommitWhenNothingWasForwarded() {
        // Given a record that forwards nothing (a state update only)
        processor.process(record("keep"));

        // When the processor is idle
        check();
        check();

        // Then the commit interval is left to commit it
        assertThat(context.committed()).isFalse();
    }

    private void check() {
        check.getPunctuator().punctuate(0L);
    }

    private static Record<String, String> record(String value) {
        return new Record<>("acme", value, 0L);
    }
}
