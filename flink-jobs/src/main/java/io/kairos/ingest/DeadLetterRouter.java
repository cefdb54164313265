package io.kairos.ingest;

import io.kairos.events.DeadLetter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets events through and moves dead letters to a side output, counting both per kind. Clock
 * ticks stop here (counted as {@code clockTicks}): they are neither events nor dead letters, and
 * their work, moving the watermark, was done at the source and goes on downstream without them.
 */
public class DeadLetterRouter extends ProcessFunction<IngestRecord, CustomerEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    private transient Counter deadLetters;
    private transient Counter clicks;
    private transient Counter purchases;
    private transient Counter updates;
    private transient Counter responses;
    private transient Counter clockTicks;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("kairos");
        deadLetters = group.counter("deadLetters");
        clockTicks = group.counter("clockTicks");
        var in = group.addGroup("eventsIn");
        clicks = in.counter("click");
        purchases = in.counter("purchase");
        updates = in.counter("customerUpdate");
        responses = in.counter("offerResponse");
    }

    @Override
    public void processElement(IngestRecord record, Context ctx, Collector<CustomerEvent> out) {
        if (record.isEvent()) {
            CustomerEvent e = record.event;
            if (e.click != null) {
                clicks.inc();
            } else if (e.purchase != null) {
                purchases.inc();
            } else if (e.update != null) {
                updates.inc();
            } else {
                responses.inc();
            }
            out.collect(e);
        } else if (record.isClockTick()) {
            clockTicks.inc();
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, record.deadLetter);
        }
    }
}
