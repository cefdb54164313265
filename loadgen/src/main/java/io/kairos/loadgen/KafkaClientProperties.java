package io.kairos.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client settings for an operator's command: the properties file given with {@code
 * --command-config} (security settings, as for Kafka's own tools), then the bootstrap servers.
 */
public final class KafkaClientProperties {
    private KafkaClientProperties() {}

    public static Properties load(Path commandConfig, String bootstrapServers) throws IOException {
        Properties p = new Properties();
        if (commandConfig != null) {
            try (InputStream in = Files.newInputStream(commandConfig)) {
                p.load(in);
            }
        }
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }
}
