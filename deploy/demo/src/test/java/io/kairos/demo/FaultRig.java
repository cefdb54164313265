package io.kairos.demo;

import io.kairos.demo.local.JobProcess;
import io.kairos.loadgen.engine.EngineTopics;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.operate.ClockTicker;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.engine.JobWatermark;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.ReplaySchedule;
import io.kairos.loadgen.replay.Replayer;
import io.kairos.localstack.LocalStack;
import io.kairos.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;

/**
 * One run of a fault test: its own stack (a Kafka broker JVM and a redis-server, data in the
 * run's directory, so nothing is shared with another run), the engine's topics and the catalog,
 * the job as separate JVMs ({@link JobProcess}), a recording replayed in the background, and at
 * the end what the run produced (decisions and signals from Kafka, messages, stream entries and
 * profiles from Redis). Closing it kills every process it started.
 */
final class FaultRig implements AutoCloseable {
    /** The job's options that every run shares: learning frozen, so decisions are exact (see ReplayDeterminismITCase). */
    private final List<String> jobArgs;
    final String name;
    final Path work;
    final LocalStack stack;
    private final List<JobProcess> jobs = new ArrayList<>();
    private Replay replay;

    FaultRig(String name, Path work, List<OfferCatalogEntry> offers, int partitions, List<String> jobArgs)
            throws Exception {
        this.name = name;
        this.work = Files.createDirectories(work);
        this.jobArgs = List.copyOf(jobArgs);
        this.stack = LocalStack.start(work.resolve("stack"), new LocalStack.Ports(0, 0, 0));
        try {
            EngineTopics.create(stack.bootstrapServers(), partitions);
            try (LoadGenerator catalog = new LoadGenerator(stack.bootstrapServers())) {
                catalog.publishCatalog(offers);
            }
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    /** Starts a job JVM (a fresh start, or {@code --restore latest}) and waits until its tasks run. */
    JobProcess startJob(boolean restore) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", stack.bootstrapServers(),
                "--redis-uri", stack.redisUri(),
                "--checkpoints", work.resolve("checkpoints").toString(),
                "--tmp-dir", Files.createDirectories(work.resolve("tmp")).toString(),
                "--group-id", "kairos-faults"));
        args.addAll(jobArgs);
        if (restore) {
            args.addAll(List.of("--restore", "latest"));
        }
        JobProcess job = JobProcess.start(work.resolve("job-" + (jobs.size() + 1) + ".out"), args);
        jobs.add(job);
        job.awaitRunning(Duration.ofMinutes(3));
        return job;
    }

    /** The recording sent to customer-events in the background, gaps divided by {@code speed}. */
    Replay replay(Path events, double speed) {
        replay = new Replay(events, speed, stack.bootstrapServers());
        return replay;
    }

    /**
     * After the replay: a clock tick at {@code advanceTo} on every partition, then waits until the
     * job's watermark has passed it (every timer up to then fired) and the decisions topic is
     * still; reads what the run produced.
     */
    Outcome finish(JobProcess job, long advanceTo) throws Exception {
        Replayer.Summary summary = replay.await();
        if (summary.failed() > 0) {
            throw new IllegalStateException("the replay failed to send " + summary.failed() + ": " + summary);
        }
        try (ClockTicker ticker = new ClockTicker(stack.bootstrapServers())) {
            ticker.tick(List.of(Topics.CUSTOMER_EVENTS), advanceTo);
        }
        new JobWatermark(job.restPort, JobID.fromHexString(job.jobId))
                .await(advanceTo, Duration.ofMinutes(3));
        ReplayDeterminismITCase.awaitStable(stack.bootstrapServers(), Duration.ofSeconds(3), Duration.ofMinutes(2));
        ReplayDeterminismITCase.Run kafka = new ReplayDeterminismITCase.Run(name);
        ReplayDeterminismITCase.read(stack.bootstrapServers(), kafka);
        return new Outcome(kafka, RedisOutcome.read(stack.redisUri()));
    }

    /** What one run produced. */
    record Outcome(ReplayDeterminismITCase.Run kafka, RedisOutcome redis) {}

    @Override
    public void close() throws Exception {
        try {
            if (replay != null) {
                replay.future.cancel(true);
            }
            for (JobProcess job : jobs) {
                job.close();
            }
        } finally {
            stack.close();
        }
    }

    /** A replay running on its own thread. */
    static final class Replay {
        final Replayer replayer;
        final long total;
        private final CompletableFuture<Replayer.Summary> future;

        Replay(Path events, double speed, String bootstrapServers) {
            // A producer that rides out a broker restart (the broker takes 10-20 s to come back on
            // a busy machine), as an upstream producer should: its sends wait in its buffer.
            KafkaReplaySink sink = new KafkaReplaySink(bootstrapServers, Map.of("max.block.ms", "120000"));
            this.replayer = new Replayer(sink, Topics.CUSTOMER_EVENTS,
                    new ReplaySchedule(speed, ReplaySchedule.Ticker.SYSTEM, ReplaySchedule.Sleeper.SYSTEM),
                    ReplaySchedule.Ticker.SYSTEM);
            this.total = countEvents(events);
            this.future = CompletableFuture.supplyAsync(() -> {
                try (sink; RecordingReader reader = RecordingReader.open(events)) {
                    return replayer.run(reader, null);
                } catch (Exception e) {
                    throw new IllegalStateException("replay failed", e);
                }
            });
        }

        /** Share of the recording sent so far, 0..1. */
        double progress() {
            return replayer.sent() / (double) total;
        }

        void awaitProgress(double share, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (progress() < share && !future.isDone()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replay stayed at " + progress());
                }
                Thread.sleep(50);
            }
        }

        Replayer.Summary await() throws Exception {
            return future.get(5, TimeUnit.MINUTES);
        }

        private static long countEvents(Path events) {
            long n = 0;
            try (RecordingReader reader = RecordingReader.open(events)) {
                while (reader.hasNext()) {
                    reader.next();
                    n++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return n;
        }
    }
}
