package io.xgate.journal;

/** Receives records from a {@link JournalReader}. */
@FunctionalInterface
public interface RecordHandler {

    /**
     * One record. The payload is {@code buf[off, off + len)}, a buffer the reader reuses: valid only during the
     * call (copy what you keep).
     *
     * @param type    0 = GAP (payload {@code u64} records dropped, big-endian), 1..255 the writer's caller's
     * @param tsNanos the record's timestamp
     */
    void record(int type, long tsNanos, byte[] buf, int off, int len);
}
