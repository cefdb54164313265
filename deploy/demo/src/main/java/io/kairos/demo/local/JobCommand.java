package io.kairos.demo.local;

import io.kairos.cli.StackFile;
import io.kairos.job.InvalidConfigException;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.engine.FlinkRest;
import io.kairos.loadgen.engine.JobGroupId;
import io.kairos.loadgen.engine.JobRunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos job}: the personalization job on a local Flink cluster (a MiniCluster in this
 * JVM, with the web UI) against any Kafka and Redis, by default the ones {@code ./kairos stack}
 * runs. Checkpoints are retained in a directory (on cancel, on failure and on {@code kill -9});
 * {@code --restore latest} starts from the newest of them, and the job says which one it was
 * restored from once Flink confirms it. Runs until the job stops or Ctrl-C cancels it.
 */
@Command(
        name = "kairos job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the personalization job on a local Flink cluster with retained checkpoints.")
public final class JobCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

    @Option(names = "--bootstrap-servers", required = true,
            description = "Kafka bootstrap servers (default: the stack's, from <stack dir>/stack.properties).")
    String bootstrapServers;

    @Option(names = "--redis-uri", required = true,
            description = "Redis URI (default: the stack's; env KAIROS_REDIS_URI wins over the stack).",
            defaultValue = "${env:KAIROS_REDIS_URI}")
    String redisUri;

    @Option(names = "--checkpoints",
            description = "Directory of retained checkpoints (default: checkpoints next to the stack directory,"
                    + " .kairos/checkpoints).")
    Path checkpoints;

    @Option(names = "--restore",
            description = "'latest': the newest retained checkpoint in --checkpoints (fails if there is none);"
                    + " or the path of a chk-N directory or savepoint. Default: a fresh start (state empty,"
                    + " Kafka from the group's committed offsets, else the earliest).")
    String restore;

    @Mixin FlinkUiPort uiPort;

    @Mixin JobGroupId groupId;

    @Mixin CheckpointInterval checkpointInterval;

    @Option(names = "--retained", defaultValue = "3",
            description = "Completed checkpoints kept per run (default ${DEFAULT-VALUE}).")
    int retained;

    @Option(names = "--history-days", defaultValue = "0",
            description = "The input is a replay of this many past days: expiries long enough for old events, no"
                    + " idleness (event time waits for every partition). Default 0: live traffic.")
    int historyDays;

    @Option(names = "--tmp-dir", description = "Flink's working directory (RocksDB's local files); default: the system's.")
    Path tmpDir;

    @Mixin JobRunOptions run;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobCommand()).setDefaultValueProvider(new StackFile.Defaults()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = (checkpoints != null ? checkpoints : StackFile.defaultDir().toAbsolutePath().resolveSibling("checkpoints"))
                .toAbsolutePath();
        Files.createDirectories(dir);
        Optional<RetainedCheckpoints.Checkpoint> from = restorePoint(dir);
        if (restore != null && from.isEmpty()) {
            say("kairos job: no retained checkpoint in " + dir + " to restore from (a chk-N directory with _metadata)");
            return 2;
        }
        Configuration flink;
        JobConfig config;
        try {
            config = JobConfig.fromMap(options(dir, from), System.getenv());
            flink = config.flinkConfiguration();
        } catch (InvalidConfigException e) {
            say("kairos job: cannot start: " + e.getMessage());
            return 2;
        }
        int port = uiPort.resolve();
        flink.set(RestOptions.PORT, port);
        from.ifPresent(c -> say("restoring from " + c));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        PersonalizationJob.wire(env, config);
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync(PersonalizationJob.JOB_NAME);
        installCancelOnCtrlC(job, dir);
        say("job " + job.getJobID() + " on a local cluster, parallelism " + run.parallelism() + "; Kafka " + bootstrapServers
                + ", Redis " + redisUri);
        say("web UI http://localhost:" + port + "   (REST: http://localhost:" + port + "/jobs/" + job.getJobID() + ")");
        say("checkpoints every " + checkpointInterval.get().toSeconds() + " s, retained in " + dir.resolve(job.getJobID().toString()));
        FlinkRest rest = new FlinkRest(port, job.getJobID().toString());
        awaitRunning(job, rest, from, submitted);
        return watch(job);
    }

    private Optional<RetainedCheckpoints.Checkpoint> restorePoint(Path dir) throws Exception {
        if (restore == null) {
            return Optional.empty();
        }
        if (restore.equals("latest")) {
            return RetainedCheckpoints.latest(dir);
        }
        Path path = Path.of(restore).toAbsolutePath();
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        String name = path.getFileName().toString();
        long id = name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        return Optional.of(new RetainedCheckpoints.Checkpoint(path, id, Files.getLastModifiedTime(path).toMillis()));
    }

    private Map<String, String> options(Path dir, Optional<RetainedCheckpoints.Checkpoint> from) {
        Map<String, String> options = run.jobOptions(bootstrapServers, groupId.get(), redisUri, dir);
        options.put("execution.checkpointing.interval", checkpointInterval.get().toMillis() + " ms");
        // Kept on cancel too (a failure or kill -9 leaves them anyway): what --restore latest finds.
        options.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        options.put("execution.checkpointing.num-retained", String.valueOf(retained));
        from.ifPresent(c -> {
            options.put("execution.state-recovery.path", c.dir().toUri().toString());
            // The job's own retained checkpoint: the restored run takes it over and deletes it once
            // newer ones subsume it, as if it had never stopped. The changelog state backend
            // (JobConfig) cannot restore otherwise: Flink's default, NO_CLAIM, makes the first
            // checkpoint after the restore a full one, which the changelog refuses.
            options.put("execution.state-recovery.claim-mode", "CLAIM");
        });
        if (tmpDir != null) {
            options.put("io.tmp.dirs", tmpDir.toAbsolutePath().toString());
        }
        // historyOptions lets the options given win, so the checkpoint settings above stay.
        Map<String, String> all = historyDays > 0 ? EmbeddedEngine.historyOptions(historyDays, options) : options;
        all.putAll(run.overrides());
        return all;
    }

    /**
     * Waits until every task runs; on a restore, until Flink's REST API names the checkpoint the
     * job was restored from, and says so: the line an operator (and the fault tests) look for.
     */
    private void awaitRunning(JobClient job, FlinkRest rest, Optional<RetainedCheckpoints.Checkpoint> from,
                              long submitted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                return; // watch() reports it
            }
            try {
                if (rest.allTasksRunning()) {
                    long ms = (System.nanoTime() - submitted) / 1_000_000;
                    OptionalLong restored = rest.restoredCheckpoint();
                    if (from.isEmpty()) {
                        say("running: all tasks up " + ms + " ms after submission (a fresh start: no state restored)");
                        return;
                    }
                    if (restored.isPresent()) {
                        String line = "restored from checkpoint " + restored.getAsLong() + " (" + from.get().dir()
                                + "); all tasks up " + ms + " ms after submission";
                        say(line);
                        LOG.info(line);
                        return;
                    }
                }
            } catch (java.io.IOException notYet) {
                // the REST endpoint comes up with the cluster
            }
            Thread.sleep(100);
        }
        say("warning: the job's tasks were not all running after 2 minutes; see the web UI");
    }

    /** Until the job ends by itself (exit 1, it failed for good) or Ctrl-C cancels it (exit 130). */
    private int watch(JobClient job) throws Exception {
        JobStatus last = null;
        while (true) {
            JobStatus status;
            try {
                status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (stopped.getCount() == 0) {
                    return 130;
                }
                throw e;
            }
            if (status != last && status != JobStatus.RUNNING) {
                say("job " + status);
            }
            if (last != null && last != JobStatus.RUNNING && status == JobStatus.RUNNING) {
                say("job RUNNING again");
            }
            last = status;
            if (status.isGloballyTerminalState()) {
                return status == JobStatus.FINISHED ? 0 : 1;
            }
            if (stopped.await(1, TimeUnit.SECONDS)) {
                return 130;
            }
        }
    }

    /** Ctrl-C: cancel the job (its checkpoints stay) and say how to go on from where it was. */
    private void installCancelOnCtrlC(JobClient job, Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
                say("cancelled job " + job.getJobID() + "; its checkpoints are kept");
            } catch (Exception e) {
                say("stopping: " + e.getMessage());
            }
            try {
                RetainedCheckpoints.latest(dir).ifPresent(c ->
                        say("latest retained: " + c + "; go on from it with: ./kairos job --restore latest"));
            } catch (Exception ignored) {
                // the hint is a courtesy
            }
        }, "kairos-job-shutdown"));
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
