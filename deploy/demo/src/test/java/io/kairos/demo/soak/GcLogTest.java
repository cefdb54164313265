package io.kairos.demo.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {
    @Test
    void readsTheHeapAfterTheLatestPauseAsTheJvmAppendsToItsLog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gc.log");
        GcLog log = new GcLog(file);
        assertEquals(-1, log.heapAfterLatestGcMb(), "no log yet");
        Files.writeString(file, """
                [0.010s][info][gc] Using G1
                [1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.018ms
                [2.500s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 60M->41M(256M) 5.1ms
                [2.600s][info][gc] GC(2) Concurrent Mark Cycle
                """);
        assertEquals(41, log.heapAfterLatestGcMb());
        Files.writeString(file, "[3.0s][info][gc] GC(3) Pause Full (System.gc()) 80M->33M(256M) 20.2ms\n[3.1s][info][gc] GC(4) Pau",
                StandardOpenOption.APPEND);
        assertEquals(33, log.heapAfterLatestGcMb(), "a line still being written is read next time");
        Files.writeString(file, "se Young (Normal) (G1 Evacuation Pause) 90M->35M(256M) 2.0ms\n", StandardOpenOption.APPEND);
        assertEquals(35, log.heapAfterLatestGcMb());
        assertEquals(33, log.liveSetMb(), "the live set is what a full collection left");
        assertEquals(4, log.pauses());
    }
}
