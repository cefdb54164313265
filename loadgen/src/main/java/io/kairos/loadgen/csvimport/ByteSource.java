package io.kairos.loadgen.csvimport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of the file, readable more than once: the encoding is decided on a first pass over
 * all of them, so that a Latin-1 byte on the last line does not change how the first lines read.
 */
@FunctionalInterface
public interface ByteSource {
    InputStream open() throws IOException;

    static ByteSource of(Path file) {
        return () -> Files.newInputStream(file);
    }

    static ByteSource of(byte[] bytes) {
        return () -> new ByteArrayInputStream(bytes);
    }
}
