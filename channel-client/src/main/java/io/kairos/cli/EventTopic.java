package io.kairos.cli;

import io.kairos.schemas.Topics;
import picocli.CommandLine.Option;

/** The topic of the job's ordered customer log, for commands that write to it or read it. */
public final class EventTopic {
    @Option(names = "--topic", defaultValue = Topics.CUSTOMER_EVENTS,
            description = "The job's customer event topic (default ${DEFAULT-VALUE}).")
    String name;

    public String name() {
        return name;
    }
}
