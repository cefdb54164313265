package io.kairos.loadgen.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.events.CustomerSignal;
import io.kairos.events.ProfileSnapshot;
import io.kairos.events.SignalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordTablesTest {
    @Test
    void aRedisHashIsTypedByTheSchema() throws Exception {
        Map<String, Object> row = RecordTables.typed(Map.of("pChurn", "0.25", "purchaseCount", "7", "atRisk", "true",
                "churnReasons", "[\"silence: 30 days\"]", "segment", "HIGH", "landedAt", "x"), ProfileSnapshot.getClassSchema());
        assertEquals(0.25, row.get("pChurn"));
        assertEquals(7L, row.get("purchaseCount"));
        assertEquals(true, row.get("atRisk"));
        assertEquals(List.of("silence: 30 days"), row.get("churnReasons"));
        assertEquals("HIGH", row.get("segment"));
        assertEquals("x", row.get("landedAt"), "a field the schema does not know stays text");
    }

    @Test
    void writesJsonLinesAndCsvWithNestedValuesAsJsonAndAHeaderEvenWhenEmpty(@TempDir Path dir) throws Exception {
        CustomerSignal s = CustomerSignal.newBuilder().setSignalId("s-1").setCustomerId("c-1").setEventTime(5)
                .setType(SignalType.CHURN_RISK_ENTERED).setChurnRisk(0.9).setReasons(List.of("a, b", "c"))
                .setCause("timer:review").build();
        List<String> columns = RecordTables.fieldNames(CustomerSignal.getClassSchema());
        RecordTables.write(dir, "signals", columns, List.of(RecordTables.fromAvro(s)));
        assertEquals("{\"signalId\":\"s-1\",\"customerId\":\"c-1\",\"eventTime\":5,\"type\":\"CHURN_RISK_ENTERED\","
                        + "\"from\":null,\"to\":null,\"churnRisk\":0.9,\"reasons\":[\"a, b\",\"c\"],\"cause\":\"timer:review\"}",
                Files.readString(dir.resolve("signals.jsonl")).trim());
        List<String> csv = Files.readAllLines(dir.resolve("signals.csv"));
        assertEquals(String.join(",", columns), csv.get(0));
        assertEquals("s-1,c-1,5,CHURN_RISK_ENTERED,,,0.9,\"[\"\"a, b\"\",\"\"c\"\"]\",timer:review", csv.get(1));

        RecordTables.write(dir, "decisions", List.of("decisionId", "customerId"), List.of());
        assertEquals(List.of("decisionId,customerId"), Files.readAllLines(dir.resolve("decisions.csv")));
        assertEquals("", Files.readString(dir.resolve("decisions.jsonl")));
    }
}
