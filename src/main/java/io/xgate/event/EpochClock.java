package io.xgate.event;

/**
 * Epoch nanoseconds for event timestamps, without allocating: the wall clock read once at start-up, advanced by
 * {@link System#nanoTime()}. Monotonic within a JVM, so stage latencies never come out negative; across hosts
 * it is as good as the hosts' clock sync.
 */
public final class EpochClock {

    private static final long BASE_EPOCH_NANOS;
    private static final long BASE_NANO_TIME;

    static {
        java.time.Instant now = java.time.Instant.now();
        BASE_NANO_TIME = System.nanoTime();
        BASE_EPOCH_NANOS = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private EpochClock() {
    }

    /** Now, in nanoseconds since the Unix epoch. */
    public static long nanos() {
        return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
    }
}
