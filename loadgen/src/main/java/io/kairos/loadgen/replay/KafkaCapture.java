package io.kairos.loadgen.replay;

import io.kairos.events.RecordedEvent;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.DecodeResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the customer event topic (or several) from the beginning, without a consumer group
 * (nothing committed, nothing disturbed), and appends every decodable event (a {@link
 * CustomerEventCodec} envelope, or a bare payload) to a {@link RecordingWriter}, partitions
 * merged by event time. Clock ticks and records that do not decode (poison, a type this tool
 * does not know) are counted and skipped: a recording holds events only.
 */
public final class KafkaCapture {
    /** Records buffered per partition before it is paused. */
    static final int PAUSE_AT = 10_000;

    private final Properties consumerProps = new Properties();
    private final CustomerEventCodec codec = CustomerEventCodec.create();
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong ticksSkipped = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile String firstUndecodable;

    /** What a capture read. */
    public record Summary(long captured, long clockTicksSkipped, long undecodableSkipped, String firstUndecodable) {
        @Override
        public String toString() {
            return String.format("%,d events captured, %,d clock ticks and %,d undecodable records skipped%s",
                    captured, clockTicksSkipped, undecodableSkipped,
                    firstUndecodable == null ? "" : " (first: " + firstUndecodable + ")");
        }
    }

    public KafkaCapture(String bootstrapServers, Map<String, String> consumerOverrides) {
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "kairos-record");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumerProps.putAll(consumerOverrides);
    }

    /**
     * Captures from the start of every partition of {@code topics}: until the end offsets as they
     * were when it began ({@code untilEnd}), else until {@code maxWait} has passed or the thread
     * is interrupted.
     *
     * <p>A consumer hands out one partition's records at a time, so event time jumps back and
     * forth between partitions by far more than any reorder window. Each partition is buffered
     * on its own and the partitions are merged by event time (the smallest head goes first, once
     * every partition that may still deliver has something buffered), which gives event-time
     * order whenever each partition is in order. Within a partition the order is kept as it is:
     * it is each customer's order, the one the engine decides in (a writer with a reorder window
     * of 0 keeps it; a wider window sorts by event time within it). A partition that runs ahead
     * is paused, so memory stays bounded.
     */
    public Summary capture(Collection<String> topics, RecordingWriter out, boolean untilEnd, Duration maxWait)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("no topic '" + topic + "' on the cluster");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = untilEnd ? consumer.endOffsets(partitions) : Map.of();
            Map<TopicPartition, ArrayDeque<RecordedEvent>> buffers = new HashMap<>();
            partitions.forEach(p -> buffers.put(p, new ArrayDeque<>()));
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!Thread.currentThread().isInterrupted()) {
                boolean allFetched = untilEnd && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (allFetched || (!untilEnd && System.nanoTime() - deadline >= 0)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    RecordedEvent event = take(record);
                    if (event != null) {
                        buffers.get(new TopicPartition(record.topic(), record.partition())).add(event);
                    }
                }
                // Write while every partition that may still deliver has something to compare.
                while (true) {
                    TopicPartition next = null;
                    for (TopicPartition p : partitions) {
                        ArrayDeque<RecordedEvent> buffer = buffers.get(p);
                        if (buffer.isEmpty()) {
                            if (mayDeliver(consumer, p, untilEnd, end)) {
                                next = null;
                                break;
                            }
                        } else if (next == null
                                || buffer.peek().getEventTime() < buffers.get(next).peek().getEventTime()) {
                            next = p;
                        }
                    }
                    if (next == null) {
                        break;
                    }
                    out.append(buffers.get(next).poll());
                }
                List<TopicPartition> pause = new ArrayList<>();
                List<TopicPartition> resume = new ArrayList<>();
                buffers.forEach((p, buffer) -> (buffer.size() > PAUSE_AT ? pause : resume).add(p));
                consumer.pause(pause);
                consumer.resume(resume);
            }
            // The rest, merged the same way.
            while (true) {
                TopicPartition next = null;
                for (TopicPartition p : partitions) {
                    ArrayDeque<RecordedEvent> buffer = buffers.get(p);
                    if (!buffer.isEmpty() && (next == null
                            || buffer.peek().getEventTime() < buffers.get(next).peek().getEventTime())) {
                        next = p;
                    }
                }
                if (next == null) {
                    break;
                }
                out.append(buffers.get(next).poll());
            }
        }
        return summary();
    }

    /** Whether an empty partition can still deliver records, so that the merge must wait for it. */
    private static boolean mayDeliver(KafkaConsumer<?, ?> consumer, TopicPartition p, boolean untilEnd,
                                      Map<TopicPartition, Long> end) {
        if (untilEnd) {
            return consumer.position(p) < end.get(p);
        }
        OptionalLong lag = consumer.currentLag(p);
        return lag.isEmpty() || lag.getAsLong() > 0;
    }

    private RecordedEvent take(ConsumerRecord<byte[], byte[]> record) {
        if (record.headers().lastHeader(ClockTick.HEADER) != null) {
            ticksSkipped.incrementAndGet();
            return null;
        }
        DecodeResult<SpecificRecord> decoded = codec.decode(record.value());
        if (!decoded.isOk()) {
            if (undecodable.getAndIncrement() == 0) {
                firstUndecodable = record.topic() + "/" + record.partition() + "@" + record.offset()
                        + ": " + decoded.error();
            }
            return null;
        }
        captured.incrementAndGet();
        return RecordingWriter.wrap(decoded.value(), record.topic());
    }

    public long captured() {
        return captured.get();
    }

    public Summary summary() {
        return new Summary(captured.get(), ticksSkipped.get(), undecodable.get(), firstUndecodable);
    }
}
