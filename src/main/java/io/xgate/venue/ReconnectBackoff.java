package io.xgate.venue;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential back-off between connection attempts: {@code initial · 2^attempts}, at most {@code max}, with
 * up to {@code jitter} of it added at random (added, never taken off, so that the jitter cannot make a flapping
 * venue see more attempts than the schedule without it: with the defaults 250 ms / 30 s / 0.2, at most 8 attempts in
 * any first 60 s). It is reset only when a connection has proven stable ({@code websocket.stableAfter} up with every
 * symbol LIVE), never by a mere successful connect: a venue that accepts and drops at once backs off to the cap.
 *
 * <p>Not thread-safe: owned by the venue verticle's context.
 */
final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempts;

    /** @param random uniform in [0, 1) */
    ReconnectBackoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt, counting it. */
    long next() {
        long base = initialMillis << Math.min(attempts, 20);
        long capped = Math.min(base, maxMillis);
        attempts++;
        return Math.max(1, Math.round(capped * (1 + jitter * random.getAsDouble())));
    }

    /** Attempts since the last stable connection. */
    int attempts() {
        return attempts;
    }

    /** A connection proved stable: the next failure starts again from the initial delay. */
    void reset() {
        attempts = 0;
    }
}
