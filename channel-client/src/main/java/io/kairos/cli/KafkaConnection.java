package io.kairos.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a command reaches Kafka: the brokers and, as for Kafka's own tools, a client properties
 * file with the security settings. One mixin, so every command spells these options, their
 * environment variable and their error the same way.
 */
public final class KafkaConnection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAIROS_KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env KAIROS_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--command-config",
            description = "Kafka client properties file (security settings), as for Kafka's own tools.")
    Path commandConfig;

    /** Whether the brokers were named, on the command line or in the environment. */
    public boolean given() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** The brokers; a usage error naming the option when they were not given. */
    public String bootstrapServers() {
        if (!given()) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "Missing --bootstrap-servers (or env KAIROS_KAFKA_BOOTSTRAP_SERVERS): where is Kafka?");
        }
        return bootstrapServers;
    }

    /** The settings of {@code --command-config}, without the brokers: overrides for a client. */
    public Map<String, String> settings() {
        Map<String, String> settings = new TreeMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name)));
        }
        return settings;
    }

    /**
     * The settings of {@code --command-config}, then {@code overrides} over them: a command's own
     * repeatable client settings ({@code --consumer-property}, {@code --producer-property}).
     */
    public Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> settings = settings();
        settings.putAll(overrides);
        return settings;
    }

    /** A client's whole configuration: the settings, then the brokers. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(settings());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }
}
