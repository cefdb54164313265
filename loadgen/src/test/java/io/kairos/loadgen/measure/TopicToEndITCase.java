package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.KafkaBytes;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Reading an engine output topic to its end, against a real broker. */
class TopicToEndITCase {

    private static CustomerSignal signal(String id) {
        return CustomerSignal.newBuilder().setSignalId(id).setCustomerId("c-1").setEventTime(1_000L)
                .setType(SignalType.CHURN_RISK_ENTERED).setCause("timer:review").build();
    }

    @Test
    void readsEveryRecordToTheEndAndStopsAtOneItCannotDecodeSayingWhere() throws Exception {
        AvroCodec<CustomerSignal> codec = AvroCodec.of(CustomerSignal.class);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("signals-ok", "signals-bad"));
            try (KafkaProducer<byte[], byte[]> producer = KafkaBytes.producer(kafka.bootstrapServers(), Map.of(), Map.of())) {
                for (String id : List.of("s-1", "s-2", "s-3")) {
                    producer.send(new ProducerRecord<>("signals-ok", codec.encode(signal(id)))).get();
                }
                producer.send(new ProducerRecord<>("signals-bad", codec.encode(signal("s-1")))).get();
                producer.send(new ProducerRecord<>("signals-bad", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            }

            List<String> ids = new ArrayList<>();
            TopicToEnd.read(kafka.bootstrapServers(), Map.of(), "signals-ok", CustomerSignal.class,
                    s -> ids.add(s.getSignalId()));
            assertEquals(List.of("s-1", "s-2", "s-3"), ids);

            // Skipping it would under-count what a backtest or an evaluation reports.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicToEnd.read(
                    kafka.bootstrapServers(), Map.of(), "signals-bad", CustomerSignal.class, s -> { }));
            assertTrue(e.getMessage().startsWith("signals-bad partition 0 offset 1 is not a CustomerSignal"), e.getMessage());
        }
    }
}
