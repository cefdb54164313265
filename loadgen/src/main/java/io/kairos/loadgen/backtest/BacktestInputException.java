package io.kairos.loadgen.backtest;

/** A user's input cannot be used (missing file, bad row, no overlap): the message says why and where. */
public final class BacktestInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BacktestInputException(String message) {
        super(message);
    }
}
