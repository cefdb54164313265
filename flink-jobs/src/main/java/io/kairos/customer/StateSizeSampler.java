package io.kairos.customer;

import io.kairos.state.CustomerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.metrics.Gauge;

/**
 * An estimate of the bytes one customer's profile takes in state, for sizing: every {@code
 * every}-th written profile is Avro-encoded (as the state serializer does) and folded into a
 * moving average. Sampling keeps the cost off the hot path; the gauge is per subtask.
 */
public final class StateSizeSampler implements Gauge<Long> {
    private static final double WEIGHT = 0.05; // a moving average over the last ~20 samples

    private final int every;
    private final SpecificDatumWriter<CustomerState> writer = new SpecificDatumWriter<>(CustomerState.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    private BinaryEncoder encoder;
    private long seen;
    private double average = -1;

    public StateSizeSampler(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("sample every must be at least 1: " + every);
        }
        this.every = every;
    }

    /** Called for every profile written to state; encodes one in {@code every}. */
    public void written(CustomerState state) {
        if (seen++ % every != 0) {
            return;
        }
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            writer.write(state, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int bytes = buffer.size();
        average = average < 0 ? bytes : average + WEIGHT * (bytes - average);
    }

    /** Average encoded bytes of a profile, or 0 before the first sample. */
    @Override
    public Long getValue() {
        return average < 0 ? 0L : Math.round(average);
    }
}
