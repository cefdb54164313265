package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./kairos demo}, short: the whole stack comes up, messages reach Redis, it exits 0. */
class KairosDemoITCase {

    @Test
    void aShortDemoRunPutsMessagesInRedisAndSucceeds() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exitCode;
        try (PrintStream both = new PrintStream(new TeeStream(stdout, captured), true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            exitCode =
                    new CommandLine(new KairosDemo())
                            .execute(
                                    "--duration", "12s",
                                    "--rate", "400",
                                    "--customers", "500",
                                    "--cart-delay", "3s",
                                    // A 12 s run cannot wait out the production idle timeout (30 s)
                                    // of the partitions without traffic before event time moves.
                                    "--job-option", "kairos.events.idle-timeout=2 s",
                                    "--job-option", "kairos.events.max-out-of-orderness=2 s",
                                    "--job-option", "execution.checkpointing.interval=5 s",
                                    "--ui-port", "0",
                                    "--console-port", "0");
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode, output);
        assertTrue(output.contains("=== Kairos demo summary ==="), output);
        assertTrue(output.matches("(?s).*\\n  console +http://127\\.0\\.0\\.1:\\d+/ .*"), "the console's address is printed\n" + output);
        assertTrue(output.matches("(?s).*\\n  by outcome +\\{.*SENT=\\d+.*"), "the audit topic's decisions are summed up\n" + output);
        Matcher messages = Pattern.compile("messages in Redis\\s+([\\d,]+)\\n").matcher(output);
        assertTrue(messages.find(), output);
        assertTrue(Long.parseLong(messages.group(1).replace(",", "")) > 0, output);
        assertTrue(output.contains("push  EMAIL: worker demo-worker of group demo-senders"), output);
        Matcher received = Pattern.compile("push  (EMAIL|PUSH): worker .* entries; received (\\d+)").matcher(output);
        int channelReceived = 0;
        while (received.find()) {
            channelReceived += Integer.parseInt(received.group(2));
        }
        assertTrue(channelReceived > 0, "a push channel's worker received messages\n" + output);
        assertTrue(output.contains("reported DELIVERED for"), output);
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
