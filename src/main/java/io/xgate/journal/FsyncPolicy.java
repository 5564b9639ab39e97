package io.xgate.journal;

/** When a {@link JournalWriter} forces its segment to the device. */
public enum FsyncPolicy {
    /** Never: the OS writes pages back when it decides (a process crash loses nothing, a power cut may). */
    NEVER,
    /** When a segment is closed (rotation, close). */
    SEGMENT,
    /** At most every {@link JournalSettings#fsyncInterval()} while writing, and when a segment is closed. */
    INTERVAL
}
