package io.kairos.ingest;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps event time across a restore. Flink does not checkpoint watermarks: a job restored after
 * it had read all its input (a replay and its closing clock tick) would sit at no event time, and
 * the due work of silent customers (reminders, reviews) would wait for input that never comes.
 * This operator, right after the decoding, remembers the watermark it last passed on in operator
 * state; restored, it starts from the lowest one any subtask had (the job's event time at the
 * checkpoint, whatever the new parallelism) and never lets event time go back below it.
 */
public class RestoredEventTime<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestoredEventTime.class);

    private static final ListStateDescriptor<Long> EVENT_TIME = new ListStateDescriptor<>("event-time", Types.LONG);

    private transient ListState<Long> saved;
    /** The highest watermark passed on; the restored one until something higher comes. */
    private transient long current;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: every subtask sees every subtask's value, so a rescaled job finds the job-wide one.
        saved = context.getOperatorStateStore().getUnionListState(EVENT_TIME);
        current = Long.MIN_VALUE;
        if (context.isRestored()) {
            long lowest = Long.MAX_VALUE;
            for (Long w : saved.get()) {
                lowest = Math.min(lowest, w);
            }
            if (lowest != Long.MAX_VALUE && lowest != Long.MIN_VALUE) {
                current = lowest;
                LOG.info("restored event time {} (epoch ms): due work up to it runs without new input", lowest);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (current != Long.MIN_VALUE) {
            long restored = current;
            // From the mailbox, once the task runs: then the watermark goes downstream like any other.
            getProcessingTimeService().registerTimer(
                    getProcessingTimeService().getCurrentProcessingTime(),
                    now -> output.emitWatermark(new Watermark(restored)));
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() > current) {
            current = mark.getTimestamp();
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        saved.update(List.of(current));
    }
}
