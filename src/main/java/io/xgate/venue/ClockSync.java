package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.rest.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a venue's clock through its server-time endpoint into a {@link ServerClock}: at start and every
 * {@link #INTERVAL_MILLIS}, on the venue verticle's context. Each round takes {@link #SAMPLES_PER_ROUND} samples one
 * after another and keeps the one with the smallest round trip, as NTP does: the first request of a JVM still
 * warming up (or behind a busy connection pool) takes hundreds of ms, and its midpoint says little about the offset.
 * A round whose best round trip is still over {@link #LARGE_RTT_MILLIS} is taken again after {@link #RETRY_MILLIS},
 * not after the full interval. Logs the first offset, a skew beyond {@link #WINDOW_MILLIS}, and a failing endpoint
 * once until it answers again.
 */
final class ClockSync {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSync.class);

    /** How often the venue's clock is sampled. */
    static final long INTERVAL_MILLIS = 300_000;
    /** Samples per round; the one with the smallest round trip is kept. */
    static final int SAMPLES_PER_ROUND = 4;
    /** A best round trip over this asks for another round soon. */
    static final long LARGE_RTT_MILLIS = 100;
    /** When the next round comes after one whose best round trip was large. */
    static final long RETRY_MILLIS = 10_000;
    /** The window a signed request's timestamp must fall in (Binance's default {@code recvWindow}). */
    static final long WINDOW_MILLIS = 5_000;

    /** The venue's rate-limited REST {@code GET}. */
    interface Rest {
        Future<Buffer> get(String pathAndQuery, String limitClass, long cost);
    }

    private final String venue;
    private final ServerTimeEndpoint timeEndpoint;
    private final ServerClock clock;
    private final Rest rest;
    private final java.util.function.LongConsumer sampled;
    private String clockProblem;
    private boolean clockFailing;
    /** Asks for one more round after {@link #RETRY_MILLIS} (a timer on the venue's context). */
    private Runnable retrySoon = () -> { };

    /** One sample: when it was sent and received here, and what the venue's clock said. */
    private record Sample(long sent, long server, long received) {
        long rtt() {
            return received - sent;
        }
    }

    /** Where a round with a large best round trip asks for the next one sooner. */
    ClockSync retrySoon(Runnable retry) {
        this.retrySoon = retry;
        return this;
    }

    /** @param sampled told the new offset (venue minus local, ms) after each sample */
    ClockSync(String venue, ServerTimeEndpoint timeEndpoint, ServerClock clock, Rest rest,
              java.util.function.LongConsumer sampled) {
        this.sampled = sampled;
        this.venue = venue;
        this.timeEndpoint = timeEndpoint;
        this.clock = clock;
        this.rest = rest;
    }

    /** Takes one round of samples of the venue's clock and keeps the best. */
    void run() {
        sample(SAMPLES_PER_ROUND, null);
    }

    private void sample(int left, Sample best) {
        long sent = System.currentTimeMillis();
        rest.get(timeEndpoint.pathAndQuery(), timeEndpoint.limitClass(), timeEndpoint.cost()).onComplete(ar -> {
            long received = System.currentTimeMillis();
            long server;
            try {
                if (ar.failed()) {
                    throw ar.cause();
                }
                server = timeEndpoint.parse().applyAsLong(ar.result());
            } catch (Throwable e) {
                if (best != null) {
                    apply(best); // a later sample of the round failed: the round's best so far stands
                    return;
                }
                if (!clockFailing) {
                    LOG.atLevel(io.xgate.rest.VenueHttp.stopping(e) ? org.slf4j.event.Level.DEBUG
                            : org.slf4j.event.Level.WARN).log("venue {}: cannot read the venue's time from GET {}: {}; "
                            + "keeping offset {} ms", venue, timeEndpoint.pathAndQuery(), e.getMessage(),
                            clock.offsetMillis());
                }
                clockFailing = true;
                return;
            }
            Sample s = new Sample(sent, server, received);
            Sample kept = best == null || s.rtt() < best.rtt() ? s : best;
            if (left > 1) {
                sample(left - 1, kept);
            } else {
                apply(kept);
            }
        });
    }

    private void apply(Sample best) {
        boolean first = !clock.known();
        clockFailing = false;
        clock.sample(best.sent(), best.server(), best.received(), timeEndpoint.resolutionMillis());
        String problem = clock.check(WINDOW_MILLIS);
        if (problem != null && !problem.equals(clockProblem)) {
            LOG.warn("venue {}: {}", venue, problem);
        } else if (first) {
            LOG.info("venue {}: clock offset {} ms (venue minus local, round trip {} ms, the best of {} samples, "
                    + "resolution {} ms)", venue, clock.offsetMillis(), clock.rttMillis(), SAMPLES_PER_ROUND,
                    timeEndpoint.resolutionMillis());
        }
        clockProblem = problem;
        sampled.accept(clock.offsetMillis());
        if (best.rtt() > LARGE_RTT_MILLIS) {
            LOG.debug("venue {}: best round trip {} ms: sampling again in {} ms", venue, best.rtt(), RETRY_MILLIS);
            retrySoon.run();
        }
    }
}
