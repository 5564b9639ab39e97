package io.xgate.journal;

/** Told when a {@link JournalWriter} stops recording because of an error. Called once, on the writer thread. */
@FunctionalInterface
public interface JournalListener {

    /** @param reason what failed, e.g. {@code "write feed-20250101T000000Z-000003.xjl: No space left on device"} */
    void onStopped(String reason);

    /** Does nothing (the writer logs the error itself). */
    JournalListener NONE = reason -> {};
}
