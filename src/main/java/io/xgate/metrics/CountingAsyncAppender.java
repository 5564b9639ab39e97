package io.xgate.metrics;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * Logback's {@link AsyncAppender} that counts the events it drops, exported as {@code xgate.log.dropped}.
 *
 * <p>Logback 1.5's {@code AsyncAppenderBase.append} drops an event in two places, neither of which it counts:
 * <ul>
 *   <li>when fewer than {@code discardingThreshold} slots are left in the queue, every event
 *       {@link #isDiscardable discardable} (TRACE, DEBUG, INFO) is dropped: counted exactly here, in
 *       {@link #isDiscardable}, which Logback calls only in that case;</li>
 *   <li>with {@code neverBlock}, an event that finds the queue completely full is dropped by a failed
 *       {@code offer}, whatever its level, WARN and ERROR included. The queue and {@code put} are not open to
 *       subclasses, so this appender drops (and counts) an event itself when it sees the queue full; the one
 *       drop it cannot see is another thread taking the last slot between that check and Logback's offer.</li>
 * </ul>
 *
 * <p>The count is kept per appender and summed over every instance in the JVM ({@link #totalDropped()}), which
 * is what the metric reads: the appender is created by Logback's configurator, before any {@link Metrics}.
 */
public class CountingAsyncAppender extends AsyncAppender {

    private static final LongAdder TOTAL = new LongAdder();

    private final LongAdder dropped = new LongAdder();

    /** Events dropped by this appender so far. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events dropped by every {@code CountingAsyncAppender} of this JVM so far. */
    public static long totalDropped() {
        return TOTAL.sum();
    }

    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        boolean discard = super.isDiscardable(event);
        if (discard) {
            drop();
        }
        return discard;
    }

    @Override
    protected void append(ILoggingEvent event) {
        // the same test Logback makes first: an event below the threshold and discardable is counted above
        if (isNeverBlock() && getRemainingCapacity() == 0
                && !(isQueueBelowDiscardingThreshold() && super.isDiscardable(event))) {
            drop();
            return;
        }
        super.append(event);
    }

    private void drop() {
        dropped.increment();
        TOTAL.increment();
    }

    /**
     * Stops Logback's context, which stops its appenders and so flushes any async queue (each waits up to its
     * {@code maxFlushTime}). The async worker is a daemon thread: without this, events still queued when the
     * JVM exits are lost. Call it last; nothing is logged afterwards. Does nothing if SLF4J is not bound to
     * Logback.
     */
    public static void flushAndStopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
