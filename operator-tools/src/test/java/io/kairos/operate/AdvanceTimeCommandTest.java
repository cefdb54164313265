package io.kairos.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AdvanceTimeCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private final TimeArgument time = new TimeArgument(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsEveryWayOfWritingAnInstant() {
        assertEquals(NOW, time.convert("now"));
        assertEquals(NOW.plus(Duration.ofDays(30)), time.convert("+30d"));
        assertEquals(NOW.plus(Duration.ofHours(12)), time.convert("+12h"));
        assertEquals(NOW.plus(Duration.ofMinutes(90)), time.convert("+90m"));
        assertEquals(NOW.plusMillis(500), time.convert("+500ms"));
        assertEquals(NOW.plus(Duration.ofDays(1).plusHours(2)), time.convert("+P1DT2H"));
        assertEquals(Instant.ofEpochMilli(1767225600000L), time.convert("1767225600000"));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), time.convert("2027-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), time.convert("2027-01-01"));
    }

    @Test
    void saysWhatItTakesWhenItCannotRead() {
        for (String bad : new String[] {"", "tomorrow", "+", "+30x", "+d", "2027-13-01", "12:00", "-5"}) {
            CommandLine.TypeConversionException e =
                    assertThrows(CommandLine.TypeConversionException.class, () -> time.convert(bad), bad);
            assertTrue(e.getMessage().contains("+30d"), e.getMessage());
        }
    }

    @Test
    void isASubcommandOfLoadgenWithTheCustomerEventTopicsByDefault() {
        CommandLine cli = new CommandLine(new OperatorTools());
        CommandLine.ParseResult parsed =
                cli.parseArgs("advance-time", "--bootstrap-servers", "kafka:9092", "--to", "2027-01-01T00:00:00Z");
        AdvanceTimeCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals("kafka:9092", command.kafka.bootstrapServers());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), command.to);
        assertEquals(List.of(), command.topics, "empty means the customer-events topic");
    }

    @Test
    void topicsRepeatOrSplitOnCommas() {
        AdvanceTimeCommand command = new AdvanceTimeCommand();
        new CommandLine(command).parseArgs(
                "--bootstrap-servers", "k:9092", "--to", "now", "--topic", "a,b", "--topic", "c");
        assertEquals(List.of("a", "b", "c"), command.topics);
    }

    @Test
    void bootstrapServersAndToAreRequired() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OperatorTools()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("advance-time", "--to", "now"));
        assertTrue(err.toString().contains("--bootstrap-servers"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("advance-time", "--bootstrap-servers", "k:9092"));
        assertTrue(err.toString().contains("--to"), err.toString());
    }
}
