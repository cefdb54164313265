package io.kairos.demo.local;

import io.kairos.loadgen.engine.FlinkRest;
import io.kairos.localstack.ChildJvm;
import io.kairos.localstack.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./kairos job} ({@link JobCommand}) as a separate {@code java} process on this JVM's own
 * classpath, its output in a file: what the fault tests start, kill with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) and start again with {@code --restore latest}, and
 * what the soak ({@code ./kairos soak}) watches from outside, as an operator's tools would.
 */
public final class JobProcess implements AutoCloseable {
    private static final Pattern JOB_ID = Pattern.compile("^job ([0-9a-f]{32}) on a local cluster");
    private static final Pattern RESTORED = Pattern.compile("^restored from checkpoint (\\d+) ");

    private final Process process;
    private final Path out;
    /** Port of the job's web UI and REST API. */
    public final int restPort;
    /** The job's id, known once {@link #awaitRunning} returned. */
    public String jobId;

    private JobProcess(Process process, Path out, int restPort) {
        this.process = process;
        this.out = out;
        this.restPort = restPort;
    }

    /** Starts the job JVM with {@code args} (a free web UI port is added) and its output in {@code out}. */
    public static JobProcess start(Path out, List<String> args) throws IOException {
        return start(out, List.of("-Xmx768m"), args);
    }

    /** As {@link #start(Path, List)}, with the JVM's own options (heap, GC log) instead of the default heap. */
    public static JobProcess start(Path out, List<String> jvmOptions, List<String> args) throws IOException {
        int port = RedisServer.freePort();
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        List<String> jobArgs = new ArrayList<>(List.of("--ui-port", String.valueOf(port)));
        jobArgs.addAll(args);
        List<String> command = ChildJvm.command(options, JobCommand.class, jobArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().remove("KAIROS_REDIS_URI");
        return new JobProcess(builder.start(), out, port);
    }

    /** Waits for the line saying every task runs (or which checkpoint it was restored from). */
    public void awaitRunning(Duration timeout) throws Exception {
        jobId = awaitLine(JOB_ID, timeout).group(1);
        awaitLine(Pattern.compile("^(running: all tasks up|restored from checkpoint)"), timeout);
    }

    /** The checkpoint this run said it was restored from. */
    public long restoredFrom(Duration timeout) throws Exception {
        return Long.parseLong(awaitLine(RESTORED, timeout).group(1));
    }

    public FlinkRest rest() {
        return new FlinkRest(restPort, jobId);
    }

    /** Waits until this run has completed at least one more checkpoint than {@code before}. */
    public long awaitCheckpointAfter(long before, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                long n = rest().completedCheckpoints();
                if (n > before) {
                    return n;
                }
            } catch (IOException notYet) {
                // the REST API answers once the job is registered
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("no checkpoint completed within " + timeout + "; output: " + tail());
    }

    public long completedCheckpoints() throws Exception {
        return rest().completedCheckpoints();
    }

    public Matcher awaitLine(Pattern pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            checkAlive();
            Thread.sleep(100);
        }
        throw new TimeoutException("no line matching " + pattern + " within " + timeout + "; output: " + tail());
    }

    public void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the job JVM exited with " + process.exitValue() + "; output: " + tail());
        }
    }

    public String tail() {
        return ChildJvm.tail(out, 30);
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no cancel, nothing flushed; waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the job JVM " + process.pid() + " outlived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
