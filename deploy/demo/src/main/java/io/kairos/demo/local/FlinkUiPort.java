package io.kairos.demo.local;

import io.kairos.localstack.RedisServer;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * {@code --ui-port}: where the local Flink cluster of {@code job} and {@code demo} serves its web
 * UI and REST API. One mixin, so both take the same default and pick a free port the same way.
 */
public final class FlinkUiPort {
    @Option(names = "--ui-port", defaultValue = "8081",
            description = "Port of the Flink web UI and REST API; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    /** The port to listen on: the one given, or a free one for 0. */
    public int resolve() throws IOException {
        return port == 0 ? RedisServer.freePort() : port;
    }
}
