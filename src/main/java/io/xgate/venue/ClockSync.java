package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.rest.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a venue's clock through its server-time endpoint into a {@link ServerClock}: at start and every
 * {@link #INTERVAL_MILLIS}, on the venue verticle's context, and tells the new offset to a listener after each
 * sample (the venue verticle publishes it to the order desk: the clock itself is not shared). Logs the first
 * offset, a skew beyond {@link #WINDOW_MILLIS}, and a failing endpoint once until it answers again.
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
    private final java.util.function.LongConsumer onOffset;
    private String clockProblem;
    private boolean clockFailing;

    ClockSync(String venue, ServerTimeEndpoint timeEndpoint, ServerClock clock, Rest rest) {
        this(venue, timeEndpoint, clock, rest, offset -> { });
    }

    /** @param onOffset told the venue's offset (venue minus local, ms) after each sample */
    ClockSync(String venue, ServerTimeEndpoint timeEndpoint, ServerClock clock, Rest rest,
              java.util.function.LongConsumer onOffset) {
        this.venue = venue;
        this.timeEndpoint = timeEndpoint;
        this.clock = clock;
        this.rest = rest;
        this.onOffset = onOffset;
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
                    LOG.warn("venue {}: cannot read the venue's time from GET {}: {}; keeping offset {} ms", venue,
                            timeEndpoint.pathAndQuery(), e.getMessage(), clock.offsetMillis());
                }
                clockFailing = true;
                return;
            }
            boolean first = !clock.known();
            clockFailing = false;
            clock.sample(sent, server, received, timeEndpoint.resolutionMillis());
            onOffset.accept(clock.offsetMillis());
            String problem = clock.check(WINDOW_MILLIS);
            if (problem != null && !problem.equals(clockProblem)) {
                LOG.warn("venue {}: {}", venue, problem);
            } else if (first) {
                LOG.info("venue {}: clock offset {} ms (venue minus local, round trip {} ms, resolution {} ms)",
                        venue, clock.offsetMillis(), clock.rttMillis(), timeEndpoint.resolutionMillis());
            }
            clockProblem = problem;
        });
    }
}
