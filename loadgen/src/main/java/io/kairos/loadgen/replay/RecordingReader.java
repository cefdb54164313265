package io.kairos.loadgen.replay;

import io.kairos.events.RecordedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads a recording written by {@link RecordingWriter} (or any Avro container file whose schema
 * resolves to {@link RecordedEvent}), in file order.
 */
public final class RecordingReader implements Iterator<RecordedEvent>, AutoCloseable {
    private final DataFileReader<RecordedEvent> file;

    private RecordingReader(DataFileReader<RecordedEvent> file) {
        this.file = file;
    }

    public static RecordingReader open(Path path) throws IOException {
        try {
            return new RecordingReader(
                    new DataFileReader<>(path.toFile(), new SpecificDatumReader<>(RecordedEvent.class)));
        } catch (IOException e) {
            throw new IOException(path + " is not a readable recording (an Avro container file of"
                    + " RecordedEvent): " + e.getMessage(), e);
        }
    }

    /** A metadata entry of the file, e.g. {@link RecordingWriter#META_SOURCE}; null if absent. */
    public String metadata(String key) {
        return file.getMetaString(key);
    }

    @Override
    public boolean hasNext() {
        return file.hasNext();
    }

    @Override
    public RecordedEvent next() {
        if (!file.hasNext()) {
            throw new NoSuchElementException();
        }
        return file.next();
    }

    /** Reads the whole file; for tests and small files. */
    public static java.util.List<RecordedEvent> readAll(Path path) throws IOException {
        java.util.List<RecordedEvent> out = new java.util.ArrayList<>();
        try (RecordingReader reader = open(path)) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
