package io.kairos.decide;

/** The customer's event-time timers, as a turn sees them (the operator's timer service). */
interface Timers {
    void register(long at);

    void delete(long at);

    /** The operator's current event time. */
    long watermark();
}
