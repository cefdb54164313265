package io.kairos.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code <dir>/stack.properties}: where the parts that {@code ./kairos stack} runs listen
 * ({@code bootstrap.servers}, {@code redis.uri}). Commands read it when they are not told where
 * Kafka and Redis are ({@link Defaults}), so after {@code ./kairos stack} the job, the load
 * generator and a replay need no addresses.
 *
 * <p>The directory is {@code -Dkairos.stack.dir} (the launcher sets it: {@code $KAIROS_STACK_DIR},
 * else {@code .kairos/stack} in the checkout), else {@code .kairos/stack} here.
 */
public final class StackFile {
    public static final String FILE_NAME = "stack.properties";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String REDIS_URI = "redis.uri";

    private StackFile() {}

    public static Path defaultDir() {
        String dir = System.getProperty("kairos.stack.dir");
        return Path.of(dir == null || dir.isBlank() ? ".kairos/stack" : dir);
    }

    /** Writes the file atomically (a reader never sees half of it). */
    public static Path write(Path dir, Properties addresses) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            addresses.store(out, "written by ./kairos stack; read by job, loadgen, replay, ... when no address is given");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The file's settings, or nothing if no stack has written one there. */
    public static Optional<Properties> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        return Optional.of(p);
    }

    /**
     * picocli defaults from the stack file: {@code --bootstrap-servers} and {@code --redis-uri}
     * (unless {@code KAIROS_KAFKA_BOOTSTRAP_SERVERS} or {@code KAIROS_REDIS_URI} is set, which the
     * options read themselves), for every subcommand of any command that installs it: the
     * channel CLI, the console, loadgen, the job.
     */
    public static final class Defaults implements CommandLine.IDefaultValueProvider {
        private final Path dir;
        private final Set<Class<?>> redisUriMeansSomethingElse;

        public Defaults() {
            this(defaultDir());
        }

        public Defaults(Path dir) {
            this(dir, Set.of());
        }

        private Defaults(Path dir, Set<Class<?>> redisUriMeansSomethingElse) {
            this.dir = dir;
            this.redisUriMeansSomethingElse = redisUriMeansSomethingElse;
        }

        /**
         * These defaults, but not for {@code command}'s own {@code --redis-uri}: there giving it
         * is a choice (the load generator measures latency when it has one).
         */
        public Defaults exceptRedisUriOf(Class<?> command) {
            Set<Class<?>> except = new HashSet<>(redisUriMeansSomethingElse);
            except.add(command);
            return new Defaults(dir, Set.copyOf(except));
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            // The options' own environment variables win over the stack, as they would over any default.
            String key = switch (option.longestName()) {
                case "--bootstrap-servers" -> System.getenv("KAIROS_KAFKA_BOOTSTRAP_SERVERS") == null
                        ? BOOTSTRAP_SERVERS : null;
                case "--redis-uri" -> System.getenv("KAIROS_REDIS_URI") == null
                        && !redisUriMeansSomethingElse.contains(option.command().userObject().getClass())
                        ? REDIS_URI : null;
                default -> null;
            };
            if (key == null) {
                return null;
            }
            return read(dir).map(p -> p.getProperty(key)).orElse(null);
        }
    }
}
