package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.rest.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a venue's clock through its server-time endpoint into a {@link ServerClock}: at start and every
 * {@link #INTERVAL_MILLIS}, on the venue verticle's context. Logs the first offset, a skew beyond
 * {@link #WINDOW_MILLIS}, and a failing endpoint once until it answers again.
 */
final class ClockSync {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSync.class);

    /** How often the venue's clock is sampled. */
    static final long INTERVAL_MILLIS = 300_000;
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

    /** @param sampled told the new offset (venue minus local, ms) after each sample */
    ClockSync(String venue, ServerTimeEndpoint timeEndpoint, ServerClock clock, Rest rest,
              java.util.function.LongConsumer sampled) {
        this.sampled = sampled;
        this.venue = venue;
        this.timeEndpoint = timeEndpoint;
        this.clock = clock;
        this.rest = rest;
    }

    /** Takes one sample of the venue's clock. */
    void run() {
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
                if (!clockFailing) {
                    LOG.atLevel(io.xgate.rest.VenueHttp.stopping(e) ? org.slf4j.event.Level.DEBUG
                            : org.slf4j.event.Level.WARN).log("venue {}: cannot read the venue's time from GET {}: {}; "
                            + "keeping offset {} ms", venue, timeEndpoint.pathAndQuery(), e.getMessage(),
                            clock.offsetMillis());
                }
                clockFailing = true;
                return;
            }
            boolean first = !clock.known();
            clockFailing = false;
            clock.sample(sent, server, received, timeEndpoint.resolutionMillis());
            String problem = clock.check(WINDOW_MILLIS);
            if (problem != null && !problem.equals(clockProblem)) {
                LOG.warn("venue {}: {}", venue, problem);
            } else if (first) {
                LOG.info("venue {}: clock offset {} ms (venue minus local, round trip {} ms, resolution {} ms)",
                        venue, clock.offsetMillis(), clock.rttMillis(), timeEndpoint.resolutionMillis());
            }
            clockProblem = problem;
            sampled.accept(clock.offsetMillis());
        });
    }
}
