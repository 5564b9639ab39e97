package io.xgate.journal;

/** Where records go: a {@link JournalWriter}'s stream (tests pass their own). Never blocks. */
@FunctionalInterface
public interface RecordSink {

    /**
     * Appends one record (the bytes are copied before this returns).
     *
     * @return false if it was dropped (counted, and marked by a GAP record)
     */
    boolean append(int type, long tsNanos, byte[] payload, int off, int len);
}
