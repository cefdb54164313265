package io.kairos.console;

import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the job's audit topics, {@code decisions} and {@code customer-signals}, from
 * {@code since} ago (by Kafka timestamp) on, into the {@link DecisionLog} and {@link SignalLog}.
 * No consumer group and nothing committed: the console only reads, and each start reads the
 * look-back window again. Polls every 100 ms at most, so a decision is in the log a moment after
 * the job wrote it. Records that do not decode are skipped (counted).
 */
public final class AuditTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTail.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DecisionLog decisions;
    private final SignalLog signals;
    private final long sinceMillis;
    private final String decisionsTopic;
    private final String signalsTopic;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile long undecodable;

    public AuditTail(String bootstrapServers, Map<String, String> kafkaProperties, Duration since,
                     DecisionLog decisions, SignalLog signals) {
        this(bootstrapServers, kafkaProperties, since, decisions, signals, Topics.DECISIONS, Topics.CUSTOMER_SIGNALS);
    }

    public AuditTail(String bootstrapServers, Map<String, String> kafkaProperties, Duration since,
                     DecisionLog decisions, SignalLog signals, String decisionsTopic, String signalsTopic) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kairos-console");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // A fetch the broker holds while nothing is new is answered at once when a record comes;
        // a short wait bounds the delay should it not be.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.decisions = decisions;
        this.signals = signals;
        this.sinceMillis = since.toMillis();
        this.decisionsTopic = decisionsTopic;
        this.signalsTopic = signalsTopic;
        this.thread = new Thread(this::run, "kairos-console-audit-tail");
        this.thread.setDaemon(true);
    }

    public AuditTail start() {
        thread.start();
        return this;
    }

    /** Whether both topics were found and are being read. */
    public boolean assigned() {
        return assigned;
    }

    public long undecodable() {
        return undecodable;
    }

    private void run() {
        AvroCodec<Decision> decisionCodec = AvroCodec.of(Decision.class);
        AvroCodec<CustomerSignal> signalCodec = AvroCodec.of(CustomerSignal.class);
        try {
            while (running && !assign()) {
                Thread.sleep(2_000); // the job has not created its topics yet
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (r.topic().equals(decisionsTopic)) {
                        var decoded = decisionCodec.decode(r.value());
                        if (decoded.isOk()) {
                            decisions.add(decoded.value(), r.timestamp());
                        } else {
                            undecodable++;
                        }
                    } else {
                        var decoded = signalCodec.decode(r.value());
                        if (decoded.isOk()) {
                            signals.add(decoded.value());
                        } else {
                            undecodable++;
                        }
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the console stopped reading {} and {}", decisionsTopic, signalsTopic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Assigns every partition of both topics at the look-back's offsets; false if one is missing.
     * Partitions added to a topic later are not followed until the console restarts.
     */
    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(10));
        for (String topic : List.of(decisionsTopic, signalsTopic)) {
            List<PartitionInfo> infos = topics.get(topic);
            if (infos == null || infos.isEmpty()) {
                LOG.info("topic {} not found yet; the console looks again in 2 s", topic);
                return false;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        long from = System.currentTimeMillis() - sinceMillis;
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, Math.max(0, from)));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            consumer.seek(p, at != null ? at.offset() : ends.get(p)); // nothing that recent: from the end
        }
        assigned = true;
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
