package io.xgate.perf;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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

    /**
     * The same counts without the collections, cheap enough to take many times a second (to find the floor of a
     * count that a periodic activity raises for a moment): {@code heapAfterGcBytes} is the heap in use now, garbage
     * included.
     */
    public Sample counts() {
        return new Sample(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                ManagementFactory.getThreadMXBean().getThreadCount(), openFiles(), size(handlerMap, vertx.eventBus()),
                size(timeouts, vertx), meters(registry));
    }

    /** Event-bus consumers by address (empty if unknown): what to look at when {@link Sample#consumers} grew. */
    public SortedMap<String, Integer> consumersByAddress() {
        SortedMap<String, Integer> out = new TreeMap<>();
        if (handlerMap != null) {
            try {
                if (handlerMap.get(vertx.eventBus()) instanceof ConcurrentMap<?, ?> m) {
                    m.forEach((address, holders) -> out.put(String.valueOf(address), holders
                            instanceof io.vertx.core.impl.utils.ConcurrentCyclicSequence<?> seq ? seq.size() : 1));
                }
            } catch (IllegalAccessException e) {
                LOG.debug("runtime census: consumers unreadable: {}", e.toString());
            }
        }
        return out;
    }

    /**
     * Pending Vert.x timers by the class of their handler, empty if unknown: what to look at when
     * {@link Sample#timers} grew. A lambda's class names the class that set the timer, and its number the lambda (the
     * same number within one JVM, e.g. {@code io.xgate.venue.VenueConnections$$Lambda$1234}).
     */
    public SortedMap<String, Integer> timersByOrigin() {
        SortedMap<String, Integer> out = new TreeMap<>();
        if (timeouts != null) {
            try {
                if (timeouts.get(vertx) instanceof Map<?, ?> m) {
                    for (Object timer : m.values()) {
                        out.merge(origin(timer), 1, Integer::sum);
                    }
                }
            } catch (IllegalAccessException e) {
                LOG.debug("runtime census: timers unreadable: {}", e.toString());
            }
        }
        return out;
    }

    private static String origin(Object timer) {
        Field handler = field(timer.getClass(), "handler");
        try {
            Object h = handler == null ? null : handler.get(timer);
            String name = h == null ? timer.getClass().getName() : h.getClass().getName();
            int hidden = name.indexOf('/');
            return hidden < 0 ? name : name.substring(0, hidden);
        } catch (IllegalAccessException e) {
            return timer.getClass().getName();
        }
    }

    /** Meters by name (each name a family of series): what to look at when {@link Sample#meters} grew. */
    public SortedMap<String, Integer> metersByName() {
        SortedMap<String, Integer> out = new TreeMap<>();
        registry.getMeters().forEach(m -> out.merge(m.getId().getName(), 1, Integer::sum));
        return out;
    }

    /**
     * Open file descriptors by what they are (empty where {@code /proc/self/fd} is not readable, outside Linux): what
     * to look at when {@link Sample#openFiles} grew. A TCP socket is named by its ports as {@code tcp :9103 <- peer}
     * on the listening side and {@code tcp -> :9103} on the connecting side (the ephemeral port left out, so that
     * one venue's sockets are one line); other sockets, pipes and event polls by kind; files by path.
     */
    public static SortedMap<String, Integer> openFilesByKind() {
        SortedMap<String, Integer> out = new TreeMap<>();
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        if (!java.nio.file.Files.isDirectory(fds)) {
            return out;
        }
        // the TCP table read before and after the listing: a socket opened or closed meanwhile is in one of them
        Map<String, String> tcp = tcpSockets();
        java.util.List<String> targets = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(fds)) {
            for (java.nio.file.Path fd : (Iterable<java.nio.file.Path>) list::iterator) {
                try {
                    targets.add(java.nio.file.Files.readSymbolicLink(fd).toString());
                } catch (java.io.IOException e) {
                    // closed while listed (the listing's own descriptor among them)
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("runtime census: {} unreadable: {}", fds, e.toString());
        }
        tcpSockets().forEach(tcp::putIfAbsent);
        for (String target : targets) {
            String kind = target.startsWith("socket:[")
                    ? tcp.getOrDefault(target.substring(8, target.length() - 1), "socket (not TCP)")
                    : target.startsWith("pipe:") ? "pipe" : target.replaceAll("\\d+", "#");
            out.merge(kind, 1, Integer::sum);
        }
        return out;
    }

    /** TCP sockets by inode, named by ports: the listening ports' sockets by them, others by the remote port. */
    private static Map<String, String> tcpSockets() {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        java.util.Set<Integer> listening = new java.util.HashSet<>();
        for (String file : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            try {
                java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9) {
                        rows.add(f);
                        if (f[3].equals("0A")) { // LISTEN
                            listening.add(port(f[1]));
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no such table here
            }
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String[] f : rows) {
            int local = port(f[1]);
            int remote = port(f[2]);
            String name = f[3].equals("0A") ? "tcp :" + local + " listening"
                    : listening.contains(local) ? "tcp :" + local + " <- peer" : "tcp -> :" + remote;
            out.put(f[9], name);
        }
        return out;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }

    /** Live threads by name, digits folded to {@code #} (a pool's threads under one name). */
    public static SortedMap<String, Integer> threadsByName() {
        SortedMap<String, Integer> out = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> out.merge(t.getName().replaceAll("\\d+", "#"), 1,
                Integer::sum));
        return out;
    }

    /**
     * The JVM's class histogram of the live heap as its text ({@code jcmd GC.class_histogram}, which collects
     * first), or {@code ""} where the JVM has no diagnostic-command bean. Call it off the event loop: it stops the
     * world for a full collection.
     */
    public static String classHistogramText() {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (javax.management.JMException | RuntimeException e) {
            LOG.debug("runtime census: no class histogram here: {}", e.toString());
            return "";
        }
    }

    /** A {@link #classHistogramText} parsed: class name to {@code [instances, bytes]}. */
    public static Map<String, long[]> parseClassHistogram(String text) {
        Map<String, long[]> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            // "   1:         12345        678901  byte[] (java.base@17.0.15)"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                try {
                    out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException e) {
                    // the header or the total
                }
            }
        }
        return out;
    }

    /**
     * The classes whose live bytes grew most from {@code before} to {@code after}, as lines
     * ({@code +1,234 KB byte[] (+12 instances)}), at most {@code n}, only growth of at least 16 KB.
     */
    public static java.util.List<String> grewMost(Map<String, long[]> before, Map<String, long[]> after, int n) {
        java.util.List<Map.Entry<String, long[]>> grown = new java.util.ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[2]);
            long bytes = e.getValue()[1] - was[1];
            if (bytes >= 16 * 1024) {
                grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], bytes}));
            }
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(n, grown.size()))) {
            out.add(String.format("+%,d KB %s (%+,d instances)", e.getValue()[1] / 1024, e.getKey(),
                    e.getValue()[0]));
        }
        return out;
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
