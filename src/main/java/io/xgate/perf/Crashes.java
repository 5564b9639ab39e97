package io.xgate.perf;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the exceptions nothing handled on a Vert.x (a handler that threw, in the gateway or in its simulator), for
 * the chaos and soak harnesses: each one is logged with its stack, and any one fails the run.
 */
public final class Crashes {

    private static final Logger LOG = LoggerFactory.getLogger(Crashes.class);

    private final List<String> samples = new ArrayList<>();
    private long count;

    /** Installs itself as {@code vertx}'s exception handler. */
    public static Crashes watch(Vertx vertx, String harness) {
        Crashes c = new Crashes();
        vertx.exceptionHandler(t -> c.crashed(harness, t));
        return c;
    }

    private synchronized void crashed(String harness, Throwable t) {
        count++;
        if (samples.size() < 5) {
            samples.add(Thread.currentThread().getName() + ": " + t);
        }
        LOG.error("{}: uncaught exception on {}", harness, Thread.currentThread().getName(), t);
    }

    /** Uncaught exceptions so far. */
    public synchronized long count() {
        return count;
    }

    /** The first few, with their threads. */
    public synchronized List<String> samples() {
        return new ArrayList<>(samples);
    }
}
