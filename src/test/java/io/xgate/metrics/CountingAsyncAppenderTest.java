package io.xgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The async appender never blocks its caller, drops INFO below the threshold, keeps WARN while there is room. */
class CountingAsyncAppenderTest {

    /** A downstream that blocks on its first event until released. */
    static final class Blocked extends AppenderBase<ILoggingEvent> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            seen.add(e.getLevel() + " " + e.getFormattedMessage());
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void neverBlocksAndCountsDrops() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what the configurator sets
        context.start();
        Blocked downstream = new Blocked();
        downstream.setContext(context);
        downstream.start();
        CountingAsyncAppender async = new CountingAsyncAppender();
        async.setContext(context);
        async.setQueueSize(10);
        async.setDiscardingThreshold(4);
        async.setNeverBlock(true);
        async.addAppender(downstream);
        async.start();
        Logger log = context.getLogger("test");
        log.setAdditive(false);
        log.addAppender(async);
        assertTrue(async.isStarted(), () -> context.getStatusManager().getCopyOfStatusList().toString());
        long totalBefore = CountingAsyncAppender.totalDropped();

        log.info("first");
        assertTrue(downstream.entered.await(5, TimeUnit.SECONDS), () -> "the worker took the first event: "
                + context.getStatusManager().getCopyOfStatusList());
        // the worker is now stuck in the downstream, the queue is empty (10 free)
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 107; i++) {
                log.info("info-{}", i); // queued while at least 4 slots are free: 7 of them; 100 dropped
            }
            for (int i = 0; i < 5; i++) {
                log.warn("warn-{}", i); // WARN is not discardable: 3 fill the queue, 2 find it full
            }
        }, "the caller never blocks");
        assertEquals(10, async.getNumberOfElementsInQueue());
        assertEquals(102, async.dropped());
        assertTrue(CountingAsyncAppender.totalDropped() - totalBefore >= 102);

        downstream.release.countDown();
        async.stop(); // flushes the queue into the downstream
        List<String> seen = downstream.seen;
        assertEquals(11, seen.size(), seen.toString());
        assertEquals("INFO first", seen.get(0));
        assertEquals("INFO info-6", seen.get(7));
        assertEquals(List.of("WARN warn-0", "WARN warn-1", "WARN warn-2"), seen.subList(8, 11));
    }
}
