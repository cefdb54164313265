package io.kairos.loadgen.csvimport;

/**
 * Why an import stopped, in words for the user, and which exit code says so: {@link #USAGE} (2)
 * when the options do not fit the file (a column that is not in the header, a layout that is not
 * this file's), {@link #DATA} (1) when the file itself cannot be imported (bytes that are not the
 * given encoding, no header, no purchase at all). Nothing is written when an import fails.
 */
public final class ImportFailure extends Exception {
    public static final int USAGE = 2;
    public static final int DATA = 1;

    private final int exitCode;

    private ImportFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public static ImportFailure usage(String message) {
        return new ImportFailure(message, USAGE);
    }

    public static ImportFailure data(String message) {
        return new ImportFailure(message, DATA);
    }

    public int exitCode() {
        return exitCode;
    }
}
