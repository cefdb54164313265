package io.kairos.loadgen.replay;

import io.kairos.events.RecordedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes a recording: an Avro object container file of {@link RecordedEvent}s in event-time
 * order, compressed (snappy when its native library loads here, else deflate), with where it
 * came from in the file's metadata. Any Avro tool reads it ({@code avro-tools tojson}).
 *
 * <p>Events may arrive somewhat out of order (a capture reads several partitions at once): the
 * writer holds them in a bounded reorder window of event time and writes each once no event
 * earlier than it can still come within the window. Equal times keep their arrival order. An
 * event earlier than one already written (later than the window allows) is written where it
 * arrived and counted as {@code late}: dropping it would falsify the capture, and a replay
 * sends it at once, in file order. Not thread-safe.
 */
public final class RecordingWriter implements AutoCloseable {
    /** File metadata: where the events came from (generator and seed, Kafka topics, a CSV). */
    public static final String META_SOURCE = "kairos.recording.source";
    /**
     * File metadata of a generated recording: the seed of its product catalog, so that a replay
     * can publish the offers its events refer to.
     */
    public static final String META_CATALOG_SEED = "kairos.recording.catalog-seed";
    /** File metadata: when the file was written, ISO instant. */
    public static final String META_CREATED = "kairos.recording.created";
    /** A bound on the events held for reordering, whatever the window: memory, not time. */
    static final int MAX_BUFFERED = 1_000_000;

    private record Pending(long time, long seq, RecordedEvent event) {}

    private final DataFileWriter<RecordedEvent> file;
    private final long windowMillis;
    private final PriorityQueue<Pending> buffer =
            new PriorityQueue<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
    private final Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
    private final String codecName;
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long lastWritten = Long.MIN_VALUE;
    private long firstTime = Long.MAX_VALUE;
    private long written;
    private long late;

    /** What was written. Times are epoch ms; both 0 when the file is empty. */
    public record Summary(long events, long late, Map<EventKind, Long> byKind, long firstEventTime,
                          long lastEventTime, String codec) {
        @Override
        public String toString() {
            return String.format("%,d events %s%s, %s to %s, %s", events, byKind,
                    late == 0 ? "" : String.format(" (%,d late, written out of order)", late),
                    events == 0 ? "-" : Instant.ofEpochMilli(firstEventTime),
                    events == 0 ? "-" : Instant.ofEpochMilli(lastEventTime), codec);
        }
    }

    private RecordingWriter(DataFileWriter<RecordedEvent> file, Duration reorderWindow, String codecName) {
        this.file = file;
        this.windowMillis = reorderWindow.toMillis();
        this.codecName = codecName;
    }

    /**
     * Creates (or replaces) {@code path}.
     *
     * @param source what the events are, kept in the file's metadata
     * @param reorderWindow how far back in event time an event may arrive and still be put in
     *     order; zero when the events come in order
     */
    public static RecordingWriter create(Path path, String source, Duration reorderWindow) throws IOException {
        return create(path, source, reorderWindow, Map.of());
    }

    /** As above, with more metadata entries (e.g. {@link #META_CATALOG_SEED}). */
    public static RecordingWriter create(Path path, String source, Duration reorderWindow,
                                         Map<String, String> metadata) throws IOException {
        if (reorderWindow.isNegative()) {
            throw new IllegalArgumentException("reorder window must not be negative");
        }
        CodecFactory codec = snappyIfItLoads();
        DataFileWriter<RecordedEvent> file = new DataFileWriter<>(new SpecificDatumWriter<>(RecordedEvent.class));
        file.setCodec(codec);
        file.setMeta(META_SOURCE, source);
        file.setMeta(META_CREATED, Instant.now().toString());
        metadata.forEach(file::setMeta);
        try {
            file.create(RecordedEvent.getClassSchema(), path.toFile());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new RecordingWriter(file, reorderWindow, codec.toString());
    }

    /** Snappy is fast and what Avro tools expect, but needs a native library; deflate always works. */
    private static CodecFactory snappyIfItLoads() {
        try {
            // What Avro's SnappyCodec calls; snappy-java comes with kafka-clients (runtime scope).
            Class.forName("org.xerial.snappy.Snappy")
                    .getMethod("compress", byte[].class)
                    .invoke(null, (Object) new byte[] {1, 2, 3});
            return CodecFactory.snappyCodec();
        } catch (Throwable e) { // NoClassDefFoundError, UnsatisfiedLinkError, IOException
            return CodecFactory.deflateCodec(6);
        }
    }

    public void append(RecordedEvent event) throws IOException {
        long time = event.getEventTime();
        if (time < lastWritten) {
            late++;
            write(event);
            return;
        }
        buffer.add(new Pending(time, seq++, event));
        maxSeen = Math.max(maxSeen, time);
        while (!buffer.isEmpty()
                && (buffer.peek().time() <= maxSeen - windowMillis || buffer.size() > MAX_BUFFERED)) {
            write(buffer.poll().event());
        }
    }

    /** Wraps and appends one customer event; the key is its customerId. */
    public void append(Object event, String sourceTopic) throws IOException {
        append(wrap(event, sourceTopic));
    }

    public static RecordedEvent wrap(Object event, String sourceTopic) {
        return RecordedEvent.newBuilder()
                .setEventTime(EventKind.eventTime(event))
                .setKey(EventKind.customerId(event))
                .setSourceTopic(sourceTopic)
                .setEvent(event)
                .build();
    }

    private void write(RecordedEvent event) throws IOException {
        file.append(event);
        written++;
        lastWritten = Math.max(lastWritten, event.getEventTime());
        firstTime = Math.min(firstTime, event.getEventTime());
        byKind.merge(EventKind.of(event.getEvent()), 1L, Long::sum);
    }

    /** Events written to the file so far (not those still held in the window). */
    public long written() {
        return written;
    }

    public Summary summary() {
        return new Summary(written, late, new EnumMap<>(byKind), written == 0 ? 0 : firstTime,
                written == 0 ? 0 : lastWritten, codecName);
    }

    /** Writes what the window still holds, in order, and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            while (!buffer.isEmpty()) {
                write(buffer.poll().event());
            }
        } finally {
            file.close();
        }
    }
}
