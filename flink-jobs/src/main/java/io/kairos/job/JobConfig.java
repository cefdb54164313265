package io.kairos.job;

import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.PyramidShares;
import io.kairos.decide.DecisionSettings;
import io.kairos.decide.CustomerCacheSettings;
import io.kairos.decide.PersonalizationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.util.ParameterTool;

/**
 * The job's configuration, read once at start-up from a YAML file, environment variables and
 * program arguments (later ones win), and checked whole before anything starts: a bad or unknown {@code
 * kairos.*} option stops start-up with a message that names it. Options outside {@code kairos.*}
 * are Flink's own ({@code parallelism.default}, {@code execution.checkpointing.interval}, ...) and
 * pass through to the execution environment.
 */
public final class JobConfig {
    /** The program argument naming the configuration file. */
    public static final String CONFIG_FILE_ARGUMENT = "config";

    /** The job's default of Flink's {@code execution.buffer-timeout.interval}. */
    public static final Duration NETWORK_BUFFER_TIMEOUT = Duration.ofMillis(5);

    /**
     * Kafka consumer settings of the customer event source that keep latency low: the broker
     * answers a fetch as soon as one byte is there ({@code fetch.min.bytes} 1, Kafka's default,
     * set so that it stays so); {@code fetch.max.wait.ms} only bounds a fetch that finds nothing.
     */
    static final Map<String, String> LOW_LATENCY_FETCH = Map.of(
            "fetch.min.bytes", "1",
            "fetch.max.wait.ms", "500");

    /** Fixed so that keyed state can be rescaled from a savepoint; changing it loses state. */
    public static final int MAX_PARALLELISM = 128;

    private final Configuration kairos;
    private final Configuration flink;

    private JobConfig(Configuration kairos, Configuration flink) {
        this.kairos = kairos;
        this.flink = flink;
    }

    /**
     * From program arguments ({@code --kairos.redis.uri redis://...}, and {@code --config
     * kairos.yaml} for a file) and the environment. Later sources win: the file, then environment
     * variables, then arguments.
     */
    public static JobConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>(ParameterTool.fromArgs(args).toMap());
        String file = given.remove(CONFIG_FILE_ARGUMENT);
        if (file != null && (file.isBlank() || file.equals("__NO_VALUE_KEY") /* ParameterTool's mark for a flag without value */)) {
            throw new InvalidConfigException("--" + CONFIG_FILE_ARGUMENT + " needs the path of a YAML file");
        }
        Map<String, String> fromFile = file == null ? Map.of() : ConfigFile.read(Path.of(file));
        return from(fromFile, env, given);
    }

    public static JobConfig fromMap(Map<String, String> given, Map<String, String> env) {
        return from(Map.of(), env, given);
    }

    private static JobConfig from(
            Map<String, String> fromFile, Map<String, String> env, Map<String, String> given) {
        Map<String, String> merged = new HashMap<>(fromFile);
        Set<String> optionVariables =
                KairosOptions.all().stream().map(KairosOptions::envName).collect(Collectors.toSet());
        for (ConfigOption<?> option : KairosOptions.all()) {
            String name = KairosOptions.envName(option);
            String value = env.get(name);
            // KAIROS_REDIS_PASSWORD_FILE is the option kairos.redis.password-file (a path the
            // TaskManagers read when they connect), not the password read here at submission.
            String valueFile = optionVariables.contains(name + "_FILE") ? null : env.get(name + "_FILE");
            if (value != null && valueFile != null) {
                throw new InvalidConfigException(
                        "both " + name + " and " + name + "_FILE are set; set one of them");
            }
            if (valueFile != null) {
                value = readValueFile(name + "_FILE", valueFile);
            }
            if (value != null) {
                merged.put(option.key(), value);
            }
        }
        merged.putAll(given);

        Set<String> known =
                KairosOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        Configuration kairos = new Configuration();
        Configuration flink = new Configuration();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            if (e.getKey().startsWith(KairosOptions.PREFIX)) {
                if (!known.contains(e.getKey())) {
                    throw new InvalidConfigException(
                            "unknown option '" + e.getKey() + "'. Known options: "
                                    + new TreeSet<>(known));
                }
                kairos.setString(e.getKey(), e.getValue());
            } else {
                flink.setString(e.getKey(), e.getValue());
            }
        }
        JobConfig config = new JobConfig(kairos, applyFlinkDefaults(flink));
        ConfigChecks.validate(config);
        return config;
    }

    /** Production defaults that an operator may still override. */
    private static Configuration applyFlinkDefaults(Configuration flink) {
        setIfAbsent(flink, StateBackendOptions.STATE_BACKEND, "rocksdb");
        setIfAbsent(flink, CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        setIfAbsent(flink, CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        setIfAbsent(flink, PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        // A missing uid must fail now, not at the first upgrade from a savepoint.
        setIfAbsent(flink, PipelineOptions.AUTO_GENERATE_UIDS, false);
        // Every type has a real serializer (POJO or Avro); a Kryo fallback is a bug.
        setIfAbsent(flink, PipelineOptions.GENERIC_TYPES, false);
        // Flink's 100 ms default lets a record wait up to 100 ms in a partly filled network
        // buffer at each exchange (two on the way to Redis) when traffic is light; under load
        // buffers fill and go out before the timeout anyway (docs/OPERATIONS.md, Latency).
        setIfAbsent(flink, ExecutionOptions.BUFFER_TIMEOUT, NETWORK_BUFFER_TIMEOUT);
        // Without it every record handed to a chained operator is deep-copied first: three Avro
        // copies of each event in the source chain alone. Safe here because no function keeps an
        // input record past its call or changes a record after emitting it, and the only sink
        // that buffers records (Redis) is fed through the network (docs/ARCHITECTURE.md).
        setIfAbsent(flink, PipelineOptions.OBJECT_REUSE, true);
        applyChangelogDefault(flink);
        return flink;
    }

    /**
     * Where the changelog state backend keeps its log (flink-dstl-dfs's {@code
     * FsStateChangelogOptions.BASE_PATH}, named here so that the job does not compile against it).
     */
    static final ConfigOption<String> CHANGELOG_BASE_PATH =
            ConfigOptions.key("state.changelog.dstl.dfs.base-path").stringType().noDefaultValue();

    /**
     * The changelog state backend (FLIP-158) when the job checkpoints to a directory, unless the
     * operator chose otherwise ({@code state.changelog.enabled}). Without it every checkpoint waits
     * for RocksDB's native checkpoint, which flushes the memtables in the task thread: 250-350 ms
     * per subtask on the 2-core build machine, and the whole p99 of produce-to-Redis at half load
     * (docs/BENCHMARKS.md). With it a checkpoint uploads the state changes since the last one, and
     * RocksDB's own snapshot ("materialization") is taken every 10 minutes
     * ({@code state.changelog.periodic-materialize.interval}). The log goes next to the checkpoints
     * unless {@code state.changelog.dstl.dfs.base-path} names a place.
     */
    private static void applyChangelogDefault(Configuration flink) {
        if (flink.contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)
                || !flink.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            return;
        }
        flink.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        setIfAbsent(flink, StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
        String checkpoints = flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        setIfAbsent(flink, CHANGELOG_BASE_PATH, checkpoints.replaceAll("/+$", "") + "/changelog");
    }

    /** A secret mounted as a file (Kubernetes, Docker): its content, without the final newline. */
    private static String readValueFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            throw new InvalidConfigException(
                    "environment variable " + variable + " names '" + path + "', which cannot be read: " + e);
        }
    }

    private static <T> void setIfAbsent(Configuration c, ConfigOption<T> option, T value) {
        if (!c.contains(option)) {
            c.set(option, value);
        }
    }

    /**
     * The contact policy and the moments, from the kairos.contact.*, kairos.holdout.*,
     * kairos.attribution.* and kairos.moments.* options. Each rule checks its own settings; the
     * message is prefixed with the options, so the operator knows what to change.
     */
    public DecisionSettings decisionSettings() {
        return EngineSettings.decisionSettings(this);
    }

    /** The learning branches' settings (kairos.learning.*). */
    public PersonalizationPipeline.LearningSettings learningSettings() {
        return EngineSettings.learningSettings(this);
    }

    /**
     * The customer model's settings. Each setting is checked by the model itself; its message is
     * prefixed with the options it comes from, so the operator knows what to change.
     */
    public CustomerModelSettings customerModelSettings() {
        return EngineSettings.customerModelSettings(this);
    }

    /**
     * The churn model's parameters in use, in one line for the start-up log: the BG/NBD parameters
     * and whether they were configured (refitted with {@code ./kairos fit-churn}) or are the
     * published CDNOW defaults, the horizon, the flag's levels and the cue weight.
     */
    public String churnModelInUse() {
        CustomerModelSettings m = customerModelSettings();
        boolean fitted = kairos.contains(CustomerOptions.CHURN_BGNBD_R) || kairos.contains(CustomerOptions.CHURN_BGNBD_ALPHA)
                || kairos.contains(CustomerOptions.CHURN_BGNBD_A) || kairos.contains(CustomerOptions.CHURN_BGNBD_B)
                || kairos.contains(CustomerOptions.CHURN_BGNBD_MODEL) || kairos.contains(CustomerOptions.CHURN_BGNBD_DORMANT_RATE);
        return String.format(java.util.Locale.ROOT,
                "%s (%s), dormant rate %s, horizon %d d, flag P(left) >= %s (clears at %s), cue weight %s, regularity up to k=%d"
                        + " (prior ratio %s), visits as evidence %s",
                m.bgNbd, fitted ? "configured kairos.churn.bgnbd.*" : "MBG/NBD fitted to the CDNOW-like simulation: refit with ./kairos fit-churn", m.dormantRate,
                m.horizon.toDays(), m.riskEnter, m.riskExit, m.cueWeight, m.maxRegularity, m.regularityPrior, m.visitEvidence);
    }

    public PyramidShares pyramidShares() {
        return EngineSettings.pyramidShares(this);
    }

    /** The value of a {@code kairos.*} option; a malformed value fails naming the option. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return kairos.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' has an invalid value '"
                            + (KairosOptions.isSecret(option) ? "<hidden>" : kairos.toMap().get(option.key()))
                            + "': " + option.description()
                            + " (" + rootMessage(e) + ")",
                    e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Flink's own settings, with the job's production defaults filled in. */
    public Configuration flinkConfiguration() {
        return new Configuration(flink);
    }

    public PersonalizationSettings personalizationSettings() {
        return EngineSettings.personalizationSettings(this);
    }

    /** The personalization operator's heap cache of customer records (kairos.state.customer-cache-*). */
    public CustomerCacheSettings customerCacheSettings() {
        return new CustomerCacheSettings(get(DecisionOptions.CUSTOMER_CACHE_SIZE), get(DecisionOptions.CUSTOMER_CACHE_IDLE));
    }

    /**
     * The Kafka client settings for security, the same for every source and sink of the job.
     * The passwords go into Kafka's own password-typed settings, which Kafka never logs.
     */
    public Properties kafkaSecurityProperties() {
        return KafkaClientConfig.securityProperties(this);
    }

    /**
     * The Kafka consumer settings of the customer event source: the security settings and the
     * low-latency fetch settings ({@link #LOW_LATENCY_FETCH}).
     */
    public Properties kafkaSourceProperties() {
        Properties p = kafkaSecurityProperties();
        LOW_LATENCY_FETCH.forEach(p::setProperty);
        return p;
    }

    /** Epoch ms of {@code kairos.kafka.starting-timestamp}, for starting-offsets TIMESTAMP. */
    public long startingTimestamp() {
        return KafkaClientConfig.startingTimestamp(this);
    }

    /**
     * The topics of customer events ({@code kairos.events.topics}), each once, in the order given.
     */
    public List<String> customerEventTopics() {
        return KafkaClientConfig.customerEventTopics(this);
    }
}
