package io.kairos.operate;

import io.kairos.cli.KafkaConnection;
import io.kairos.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos advance-time --to +30d}: moves the personalization job's event time forward by
 * sending a clock tick to every partition of the customer event topic (or of every topic the job
 * reads, {@code --topic}), so that timers due by then (overdue customers, cart reminders) fire
 * although no event comes to move event time.
 */
@Command(
        name = "advance-time",
        mixinStandardHelpOptions = true,
        description = {
            "Moves the job's event time to an instant: sends a clock tick to every partition of the"
                    + " customer event topic (and of every other topic listed in kairos.events.topics, given"
                    + " with --topic).",
            "Event time never goes back: a tick before the current watermark changes nothing."
        })
public final class AdvanceTimeCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaConnection kafka;

    @Option(names = "--to", required = true, converter = TimeArgument.class,
            description = "The instant: ISO (2026-12-01T00:00:00Z), a date (2026-12-01, UTC), epoch ms,"
                    + " now, or +duration from now (+30d, +12h, +90m, +45s).")
    Instant to;

    // The job keeps a watermark per partition of every topic it reads and goes with the lowest,
    // so every partition of every listed topic must get the tick: name them all when the job
    // reads more than the one topic (kairos.events.topics).
    @Option(names = "--topic", split = ",",
            description = "Topic to tick, repeatable or comma-separated: every topic in the job's"
                    + " kairos.events.topics (default: " + Topics.CUSTOMER_EVENTS + ").")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> targets = topics.isEmpty() ? List.of(Topics.CUSTOMER_EVENTS) : topics;
        if (to.toEpochMilli() <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to must be after 1970");
        }
        try (ClockTicker ticker = new ClockTicker(kafka.bootstrapServers(), kafka.settings())) {
            Map<String, Integer> ticked = ticker.tick(targets, to.toEpochMilli());
            for (Map.Entry<String, Integer> topic : ticked.entrySet()) {
                System.out.printf("ticked %s: %d partition(s)%n", topic.getKey(), topic.getValue());
            }
            System.out.printf("event time advanced to %s (%d)%n", to, to.toEpochMilli());
        }
        return 0;
    }
}
