package io.kairos.loadgen;

import io.kairos.channel.KafkaBytes;
import com.google.common.util.concurrent.RateLimiter;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.loadgen.measure.RateProfile;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces generated events to the customer event topic (customer-events unless told otherwise),
 * keyed by customer, at a target rate. The rate is held by Guava's
 * {@link RateLimiter} (smooth, no bursts after a pause beyond one second's worth), and sends are
 * asynchronous, so the rate is what the generator offers, not what the broker round trip allows.
 * Counters are safe to read from another thread while {@link #run} goes on.
 */
public final class LoadGenerator implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong poison = new AtomicLong();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private volatile long startedNanos;
    private volatile long stoppedNanos;
    private volatile double targetRate;
    private volatile SendListener listener = (event, wallMillis) -> { };

    /** Told of every record handed to the producer, on the producing thread, with the wall time. */
    @FunctionalInterface
    public interface SendListener {
        void sent(EventGenerator.GeneratedEvent event, long wallMillis);
    }

    /** How often the limiter's rate follows the profile: fine enough for a smooth ramp. */
    private static final long RATE_UPDATE_NANOS = 100_000_000L;

    public LoadGenerator(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** {@code producerOverrides} are Kafka producer settings (e.g. security) that win. */
    public LoadGenerator(String bootstrapServers, Map<String, String> producerOverrides) {
        this(bootstrapServers, producerOverrides, Topics.CUSTOMER_EVENTS);
    }

    /** Events to {@code eventsTopic}, the job's customer event topic. */
    public LoadGenerator(String bootstrapServers, Map<String, String> producerOverrides, String eventsTopic) {
        this.eventsTopic = eventsTopic;
        this.producer = KafkaBytes.producer(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                // Send at once (Kafka 4's default waits 5 ms for a batch to fill): at low rates that wait
                // is pure latency; under load records still batch while a request is in flight.
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "kairos-loadgen"), producerOverrides);
    }

    /**
     * Publishes offers to the compacted catalog topic, keyed by offer id, and waits until the
     * broker has them all. Returns how many were published.
     */
    public int publishCatalog(List<OfferCatalogEntry> offers) throws InterruptedException, ExecutionException {
        return publishCatalog(Topics.OFFER_CATALOG, offers);
    }

    public int publishCatalog(String topic, List<OfferCatalogEntry> offers)
            throws InterruptedException, ExecutionException {
        AvroCodec<OfferCatalogEntry> codec = AvroCodec.of(OfferCatalogEntry.class);
        for (OfferCatalogEntry offer : offers) {
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            offer.getOfferId().getBytes(StandardCharsets.UTF_8),
                            codec.encode(offer)))
                    .get();
        }
        return offers.size();
    }

    /**
     * Sends events from the generator at {@code eventsPerSecond} until {@code duration} has
     * passed, {@code maxEvents} have been sent (0: no limit), or the thread is interrupted; then
     * waits for every send to be acknowledged.
     */
    public Summary run(EventGenerator generator, double eventsPerSecond, Duration duration, long maxEvents) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, was " + eventsPerSecond);
        }
        return run(generator, RateProfile.steady(eventsPerSecond), duration, maxEvents);
    }

    /**
     * As {@link #run(EventGenerator, double, Duration, long)}, at the rate the profile gives for
     * each moment: the limiter's rate is set to it every 100 ms when it changed.
     */
    public Summary run(EventGenerator generator, RateProfile profile, Duration duration, long maxEvents) {
        startedNanos = System.nanoTime();
        targetRate = profile.rateAtNanos(0);
        RateLimiter limiter = RateLimiter.create(targetRate);
        long deadline = startedNanos + duration.toNanos();
        long nextRateUpdate = startedNanos + RATE_UPDATE_NANOS;
        try {
            while (System.nanoTime() < deadline
                    && (maxEvents <= 0 || sent.get() < maxEvents)
                    && !Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                if (now >= nextRateUpdate) {
                    double rate = profile.rateAtNanos(now - startedNanos);
                    if (rate != targetRate) {
                        limiter.setRate(rate);
                        targetRate = rate;
                    }
                    nextRateUpdate = now + RATE_UPDATE_NANOS;
                }
                limiter.acquire();
                EventGenerator.GeneratedEvent event = generator.next();
                listener.sent(event, System.currentTimeMillis());
                producer.send(
                        new ProducerRecord<>(eventsTopic, event.key().getBytes(StandardCharsets.UTF_8), event.value()),
                        (metadata, error) -> {
                            if (error == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                lastError.set(error);
                            }
                        });
                sent.incrementAndGet();
                byKind.computeIfAbsent(event.kind().label(), k -> new AtomicLong()).incrementAndGet();
                if (event.poison()) {
                    poison.incrementAndGet();
                }
            }
        } finally {
            // Stopped by an interrupt: still wait for what was sent, then keep the interrupt.
            boolean interrupted = Thread.interrupted();
            try {
                producer.flush();
            } finally {
                stoppedNanos = System.nanoTime();
                targetRate = 0;
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return summary();
    }

    public Summary run(EventGenerator generator, double eventsPerSecond, Duration duration) {
        return run(generator, eventsPerSecond, duration, 0);
    }

    /** Set before {@link #run}: told of every record sent (e.g. to remember produce times). */
    public void onSend(SendListener listener) {
        this.listener = listener;
    }

    /** The rate the limiter is set to now (events per second); 0 before and after a run. */
    public double targetRate() {
        return targetRate;
    }

    /** Records the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    public Summary summary() {
        long end = stoppedNanos != 0 ? stoppedNanos : System.nanoTime();
        double seconds = startedNanos == 0 ? 0 : (end - startedNanos) / 1e9;
        Map<String, Long> kinds = new TreeMap<>();
        byKind.forEach((kind, count) -> kinds.put(kind, count.get()));
        Exception error = lastError.get();
        return new Summary(
                sent.get(), acknowledged.get(), failed.get(), poison.get(), eventsTopic, kinds, seconds,
                error == null ? null : error.toString());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * What a run produced: records sent to {@code topic}, by kind of event (click, purchase,
     * customer-update; poison records counted under the kind they were cut from). {@code
     * lastError} is null when every send succeeded.
     */
    public record Summary(
            long sent,
            long acknowledged,
            long failed,
            long poison,
            String topic,
            Map<String, Long> sentByKind,
            double seconds,
            String lastError) {

        public double eventsPerSecond() {
            return seconds <= 0 ? 0 : sent / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "%,d events to %s in %.1f s (%,.0f/s), %,d acknowledged, %,d failed, %,d poison; by kind %s%s",
                    sent, topic, seconds, eventsPerSecond(), acknowledged, failed, poison, sentByKind,
                    lastError == null ? "" : "; last error: " + lastError);
        }
    }
}
