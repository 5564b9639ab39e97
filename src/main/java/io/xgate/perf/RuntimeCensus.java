package io.xgate.perf;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what a running gateway holds, for the soak harness and the leak tests: the live heap after a full
 * collection, threads, open file descriptors (sockets included), event-bus consumers, pending Vert.x timers and
 * Micrometer meters. A count that grows while the load is constant is a leak.
 *
 * <p>Vert.x has no public count of its consumers or timers: they are read from {@code EventBusImpl.handlerMap} and
 * {@code VertxImpl.timeouts} by reflection (the classes are on the class path, not in a named module). If a
 * Vert.x upgrade renames them, the count is {@code -1} and a warning says so, rather than a wrong number.
 */
public final class RuntimeCensus {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCensus.class);

    /**
     * One sample.
     *
     * @param heapAfterGcBytes heap in use right after {@link System#gc()} (the live set, near enough)
     * @param threads          live JVM threads
     * @param openFiles        open file descriptors of the process ({@code -1} where the OS does not say)
     * @param consumers        event-bus consumers registered on this node ({@code -1}: unknown)
     * @param timers           Vert.x timers and periodic timers pending ({@code -1}: unknown)
     * @param meters           meters in the registry (each a Prometheus series or a few), but for the JVM's own
     *                         {@code jvm.gc.*} timers: they come per kind of collection and cause, one more the
     *                         first time the JVM runs a kind it had not (a bounded set, not a leak of ours)
     */
    public record Sample(long heapAfterGcBytes, int threads, long openFiles, long consumers, long timers,
                         int meters) {
    }

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Field handlerMap;
    private final Field timeouts;

    public RuntimeCensus(Vertx vertx, MeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
        this.handlerMap = field(vertx.eventBus().getClass(), "handlerMap");
        this.timeouts = field(vertx.getClass(), "timeouts");
    }

    /** Takes a sample; runs two full collections first, so call it off the event loop. */
    public Sample sample() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        return new Sample(heap, ManagementFactory.getThreadMXBean().getThreadCount(), openFiles(),
                size(handlerMap, vertx.eventBus()), size(timeouts, vertx), meters(registry));
    }

    /** Meters in the registry but the JVM's own per-collection {@code jvm.gc.*} timers. */
    public static int meters(MeterRegistry registry) {
        int n = 0;
        for (io.micrometer.core.instrument.Meter m : registry.getMeters()) {
            if (!m.getId().getName().startsWith("jvm.gc.")) {
                n++;
            }
        }
        return n;
    }

    /** Event-bus consumers on this node, without a collection. */
    public long consumers() {
        return size(handlerMap, vertx.eventBus());
    }

    /** Pending Vert.x timers, without a collection. */
    public long timers() {
        return size(timeouts, vertx);
    }

    /** Open file descriptors of this process, or {@code -1} where the OS does not say. */
    public static long openFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return -1;
    }

    private static long size(Field f, Object owner) {
        if (f == null) {
            return -1;
        }
        try {
            Object value = f.get(owner);
            if (value instanceof ConcurrentMap<?, ?> m && f.getName().equals("handlerMap")) {
                long n = 0;
                for (Object holders : m.values()) {
                    n += holders instanceof io.vertx.core.impl.utils.ConcurrentCyclicSequence<?> seq ? seq.size() : 1;
                }
                return n;
            }
            return value instanceof Map<?, ?> m ? m.size() : -1;
        } catch (IllegalAccessException e) {
            return -1;
        }
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (RuntimeException e) {
                break;
            }
        }
        LOG.warn("runtime census: {} has no field {} (a Vert.x upgrade?): that count reads -1", type.getName(), name);
        return null;
    }
}
