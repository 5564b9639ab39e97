package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.xgate.rest.ServerClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A round of clock samples keeps the one with the smallest round trip (a JVM's first request is slow, and its midpoint
 * is hundreds of ms off); a round whose best is still slow asks for another round soon.
 */
class ClockSyncTest {

    /** The venue's clock runs this far ahead of ours. */
    private static final long OFFSET = 1_000;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /**
     * A venue that answers after the given delays, one per request; it reads its clock when the request arrives, so a
     * slow answer's midpoint is off by half its trip.
     */
    private ClockSync.Rest venue(List<Long> delays, AtomicInteger asked) {
        return (path, limitClass, cost) -> {
            long delay = delays.get(Math.min(asked.getAndIncrement(), delays.size() - 1));
            long serverNow = System.currentTimeMillis() + OFFSET;
            Promise<Buffer> answer = Promise.promise();
            timer.schedule(() -> answer.complete(Buffer.buffer(Long.toString(serverNow))), delay,
                    TimeUnit.MILLISECONDS);
            return answer.future();
        };
    }

    private static ServerTimeEndpoint endpoint() {
        return new ServerTimeEndpoint("/time", "", 1, 1, b -> Long.parseLong(b.toString()));
    }

    @Test
    void theRoundKeepsTheSampleWithTheSmallestRoundTrip() throws Exception {
        ServerClock clock = new ServerClock();
        AtomicInteger asked = new AtomicInteger();
        List<Long> offsets = new ArrayList<>();
        CountDownLatch sampled = new CountDownLatch(1);
        int[] retries = {0};
        ClockSync sync = new ClockSync("binance", endpoint(), clock, venue(List.of(600L, 5L, 5L, 5L), asked), o -> {
            offsets.add(o);
            sampled.countDown();
        }).retrySoon(() -> retries[0]++);
        sync.run();
        assertTrue(sampled.await(10, TimeUnit.SECONDS));
        assertEquals(ClockSync.SAMPLES_PER_ROUND, asked.get(), "one round, every sample taken");
        assertEquals(1, offsets.size(), "the round's best is applied once");
        assertTrue(clock.rttMillis() < 100, "the fast sample is kept, not the 600 ms one: " + clock.rttMillis());
        // the slow first sample alone would say OFFSET - 300 (its server reading is half its trip before the midpoint)
        assertTrue(Math.abs(clock.offsetMillis() - OFFSET) < 50, "offset " + clock.offsetMillis());
        assertEquals(0, retries[0], "a precise round asks for no early one");
    }

    @Test
    void aRoundThatIsSlowThroughoutAsksForAnotherSoon() throws Exception {
        ServerClock clock = new ServerClock();
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch sampled = new CountDownLatch(1);
        CountDownLatch retried = new CountDownLatch(1);
        ClockSync sync = new ClockSync("binance", endpoint(), clock, venue(List.of(150L), asked),
                o -> sampled.countDown()).retrySoon(retried::countDown);
        sync.run();
        assertTrue(sampled.await(10, TimeUnit.SECONDS));
        assertTrue(retried.await(1, TimeUnit.SECONDS), "best round trip " + clock.rttMillis() + " ms: sample again soon");
        assertTrue(clock.rttMillis() >= ClockSync.LARGE_RTT_MILLIS, "rtt " + clock.rttMillis());
    }

    @Test
    void aFailureLaterInTheRoundKeepsTheBestSoFar() throws Exception {
        ServerClock clock = new ServerClock();
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch sampled = new CountDownLatch(1);
        ClockSync.Rest good = venue(List.of(5L), new AtomicInteger());
        ClockSync sync = new ClockSync("binance", endpoint(), clock, (p, c, w) -> asked.getAndIncrement() == 0
                ? good.get(p, c, w) : Future.failedFuture("connection reset"), o -> sampled.countDown());
        sync.run();
        assertTrue(sampled.await(10, TimeUnit.SECONDS));
        assertTrue(clock.known());
        assertEquals(2, asked.get(), "the round stopped at the failure");
    }
}
