package io.xgate.perf;

import io.vertx.core.eventbus.MessageConsumer;
import io.xgate.Gateway;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties what the gateway's books went through to the faults the simulator injected, for the chaos and soak
 * harnesses. It logs every fault injected (venue, fault, symbol or the whole venue, when) and follows every
 * symbol's state in the venue statuses. When a LIVE book breaks (turns RESYNCING, STALE or DOWN), the break is
 * put down to the latest fault of that symbol or of its whole venue within the attribution window before it; a
 * break with none is <em>unfaulted</em>: a book that broke by itself, or a fault that spilled over to a symbol it
 * did not hit. When the book is LIVE again, the time it took counts for the fault that broke it.
 *
 * <p>Thread-safe: faults arrive on the simulator's context, statuses on the event loops of their consumers.
 */
public final class FaultTracker implements AutoCloseable {

    private static final Pattern ROTATED = Pattern.compile("rotated to a new connection \\((\\d+) so far\\)");

    /** What one fault class did on one venue. */
    public static final class Row {
        long injected;
        long breaks;
        long resyncs;
        final Map<String, Long> causes = new TreeMap<>();
        final List<Long> toLiveMillis = new ArrayList<>();

        /** This class's resyncs by the cause the gateway gave each ({@code gap}, {@code checksum}...). */
        public Map<String, Long> causes() {
            return new TreeMap<>(causes);
        }

        public long injected() {
            return injected;
        }

        public long breaks() {
            return breaks;
        }

        public long resyncs() {
            return resyncs;
        }

        /** The times from a break to LIVE again, in ms, sorted. */
        public List<Long> toLiveMillis() {
            List<Long> l = new ArrayList<>(toLiveMillis);
            l.sort(null);
            return l;
        }
    }

    private record Fault(long nanos, String fault, String symbol) {
    }

    private static final class Book {
        SyncState state;
        long resyncs = -1;
        long brokenAtNanos;
        String brokenBy;
    }

    private final long windowNanos;
    private final long stallNanos;
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final Map<String, Book> books = new HashMap<>();
    private final Map<String, Map<String, Row>> rows = new TreeMap<>();
    private final Map<String, Long> rotations = new TreeMap<>();
    private final List<String> unfaulted = new ArrayList<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private boolean armed;
    private final List<Object[]> liveWaiters = new ArrayList<>();

    /**
     * Starts following the statuses of the simulated venues; faults are logged once {@link #injected} is wired to
     * the simulator ({@code Simulator.observeFaults(tracker::injected)}).
     *
     * @param windowMillis how long before a break a fault may be its cause
     * @param stallMillis  the longest stall: a stall may be the cause for that much longer
     */
    public FaultTracker(Gateway gateway, long windowMillis, long stallMillis) {
        this.windowNanos = windowMillis * 1_000_000;
        this.stallNanos = stallMillis * 1_000_000;
        for (VenueConfig v : BookTruth.simulatedVenues(gateway)) {
            rows.put(v.id(), new TreeMap<>());
            faults.put(v.id(), new ArrayDeque<>());
            consumers.add(gateway.vertx().eventBus().<VenueStatus>localConsumer(Addresses.status(v.id()),
                    m -> status(m.body())));
        }
    }

    /** From now on, breaks count (before: the start-up, when every book becomes LIVE for the first time). */
    public synchronized void arm() {
        armed = true;
    }

    /** From now on, breaks no longer count (the market freezes: a still book turns STALE, rightly); LIVE still does. */
    public synchronized void disarm() {
        armed = false;
        faults.values().forEach(Deque::clear); // every book healed: no fault before this explains a later break
    }

    /** A fault the simulator injected (see {@code Simulator.FaultLog}). */
    public void injected(String venue, String fault, String symbol) {
        long now = System.nanoTime();
        synchronized (this) {
            Deque<Fault> log = faults.get(venue);
            if (log == null) {
                return;
            }
            log.addLast(new Fault(now, fault, symbol));
            while (!log.isEmpty() && now - log.peekFirst().nanos() > 2 * (windowNanos + stallNanos)) {
                log.removeFirst();
            }
            row(venue, fault).injected++;
        }
    }

    private Row row(String venue, String fault) {
        return rows.computeIfAbsent(venue, v -> new TreeMap<>()).computeIfAbsent(fault, f -> new Row());
    }

    private void status(VenueStatus st) {
        long now = System.nanoTime();
        synchronized (this) {
            Matcher m = ROTATED.matcher(st.reason());
            if (m.find()) {
                rotations.merge(st.venue(), Long.parseLong(m.group(1)), Math::max);
            }
            for (VenueStatus.SymbolStatus ss : st.symbols()) {
                String key = st.venue() + " " + ss.symbol();
                Book b = books.computeIfAbsent(key, k -> new Book());
                boolean wasLive = b.state == SyncState.LIVE;
                boolean resynced = b.resyncs >= 0 && ss.resyncs() > b.resyncs;
                b.resyncs = ss.resyncs();
                if (armed && wasLive && ss.state() != SyncState.LIVE) {
                    b.brokenAtNanos = now;
                    b.brokenBy = cause(st.venue(), ss.symbol(), ss.state(), now);
                    if (b.brokenBy == null) {
                        unfaulted.add(key + " turned " + ss.state() + " (" + ss.reason() + ")");
                    } else {
                        row(st.venue(), b.brokenBy).breaks++;
                    }
                }
                if (armed && resynced) {
                    String by = b.brokenBy != null ? b.brokenBy : cause(st.venue(), ss.symbol(), SyncState.RESYNCING, now);
                    if (by == null) {
                        unfaulted.add(key + " resynced (" + ss.reason() + ")");
                    } else {
                        Row r = row(st.venue(), by);
                        r.resyncs++;
                        r.causes.merge(ss.cause().isEmpty() ? "?" : ss.cause(), 1L, Long::sum);
                    }
                }
                if (!wasLive && ss.state() == SyncState.LIVE && b.brokenBy != null) {
                    row(st.venue(), b.brokenBy).toLiveMillis.add((now - b.brokenAtNanos) / 1_000_000);
                    b.brokenBy = null;
                }
                if (ss.state() == SyncState.LIVE) {
                    b.brokenBy = null;
                }
                b.state = ss.state();
            }
            liveWaiters.removeIf(w -> {
                if (allLiveNow((Integer) w[0])) {
                    ((io.vertx.core.Promise<?>) w[1]).tryComplete();
                    return true;
                }
                return false;
            });
        }
    }

    private boolean allLiveNow(int expected) {
        return books.size() >= expected && books.values().stream().allMatch(b -> b.state == SyncState.LIVE);
    }

    /** Completes when the statuses have shown {@code expected} books, all LIVE at once. */
    public synchronized io.vertx.core.Future<Void> allLive(int expected) {
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        if (allLiveNow(expected)) {
            p.complete();
        } else {
            liveWaiters.add(new Object[] {expected, p});
        }
        return p.future();
    }

    /**
     * The latest fault within its window before {@code now} that can explain a break of {@code symbol} into
     * {@code state} (a resync is {@code RESYNCING}), or null:
     * <ul>
     *   <li>a resync: a per-message fault of that very symbol, or a stall or an oversized message of its venue
     *       (both lose messages);</li>
     *   <li>STALE: a stall of its venue;</li>
     *   <li>DOWN (or subscribing, syncing): a fault of its venue's connections (dropped, flapping, a shutdown
     *       notice, a swallowed handshake, a REST ban or limit, a stall).</li>
     * </ul>
     * A stall's window is longer by the longest episode: it is logged when it begins, and its gap shows when it ends.
     */
    private String cause(String venue, String symbol, SyncState state, long now) {
        Deque<Fault> log = faults.get(venue);
        if (log == null) {
            return null;
        }
        var it = log.descendingIterator();
        while (it.hasNext()) {
            Fault f = it.next();
            long age = now - f.nanos();
            if (age > windowNanos + stallNanos) {
                return null;
            }
            boolean inWindow = age <= windowNanos || (f.fault().equals("stall") && age <= windowNanos + stallNanos);
            if (inWindow && explains(f, symbol, state)) {
                return f.fault();
            }
        }
        return null;
    }

    private static boolean explains(Fault f, String symbol, SyncState state) {
        if (f.symbol() != null) {
            return f.symbol().equals(symbol) && state == SyncState.RESYNCING;
        }
        return switch (state) {
            case RESYNCING -> f.fault().equals("stall") || f.fault().equals("largeMessage");
            case STALE -> f.fault().equals("stall");
            default -> CONNECTION_FAULTS.contains(f.fault());
        };
    }

    /** Faults of a whole venue that take its connections down (or keep them from coming up). */
    static final java.util.Set<String> CONNECTION_FAULTS = java.util.Set.of("disconnect", "flap", "serverShutdown",
            "notice64008", "handshakeBlackHole", "rest418", "rest429", "stall");

    /** Per venue, per fault class, what it did so far (copies). */
    public synchronized Map<String, Map<String, Row>> rows() {
        Map<String, Map<String, Row>> out = new TreeMap<>();
        rows.forEach((v, byFault) -> {
            Map<String, Row> copy = new TreeMap<>();
            byFault.forEach((f, r) -> {
                Row c = new Row();
                c.injected = r.injected;
                c.breaks = r.breaks;
                c.resyncs = r.resyncs;
                c.causes.putAll(r.causes);
                c.toLiveMillis.addAll(r.toLiveMillis);
                copy.put(f, c);
            });
            out.put(v, copy);
        });
        return out;
    }

    /** Breaks and resyncs that no fault explains. */
    public synchronized List<String> unfaulted() {
        return new ArrayList<>(unfaulted);
    }

    /** Books not LIVE right now, as {@code "venue symbol"}. */
    public synchronized List<String> notLive() {
        List<String> out = new ArrayList<>();
        books.forEach((k, b) -> {
            if (b.state != SyncState.LIVE) {
                out.add(k + " " + b.state);
            }
        });
        out.sort(null);
        return out;
    }

    /** Books broken by a fault and not LIVE again yet. */
    public synchronized List<String> open() {
        List<String> out = new ArrayList<>();
        books.forEach((k, b) -> {
            if (b.brokenBy != null) {
                out.add(k + " (broken by " + b.brokenBy + ")");
            }
        });
        out.sort(null);
        return out;
    }

    /** Per venue, the connection rotations its statuses announced. */
    public synchronized Map<String, Long> rotations() {
        return new TreeMap<>(rotations);
    }

    /** Faults injected so far, all venues. */
    public synchronized long injectedTotal() {
        return rows.values().stream().flatMap(m -> m.values().stream()).mapToLong(r -> r.injected).sum();
    }

    /** Breaks so far, all venues (unfaulted included). */
    public synchronized long breaksTotal() {
        return rows.values().stream().flatMap(m -> m.values().stream()).mapToLong(r -> r.breaks).sum()
                + unfaulted.size();
    }

    @Override
    public void close() {
        consumers.forEach(MessageConsumer::unregister);
    }
}
