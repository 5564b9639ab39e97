package io.xgate.sim.fuzz;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.xgate.sim.market.FrameTap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fuzz mode of one simulated venue: keeps the venue's recent hot-shape frames per connection (as its dialect
 * reports them through {@link FrameTap}) and, at a constant rate from a 1 ms timer, sends mutated copies of them
 * ({@link FuzzMutator}) on the same connections, interleaved with the venue's normal stream. Mutants are copies of
 * frames already sent, so a mutant the client reads as valid is a duplicate of something it has seen: its
 * sequence rules, checksums and touch checks must find it, or it changes nothing (an update of absolute sizes
 * applied twice).
 *
 * <p>One kind of mutant is never sent: one that is still well-formed JSON but carries a different plausible value
 * in one of the dialect's sequence keys (a non-negative integer that fits a long). That is a venue lying about its
 * sequence with a valid frame, which no client can tell from the truth; it is counted as {@code withheld}.
 *
 * <p>Counts what it sent by kind and how many mutants a strict JSON parser (Jackson's, see {@link JsonCheck})
 * cannot read: each of those must be a bad frame at the client. Writes nothing to a connection whose write queue
 * is full (counted as {@code backpressured}): the rate is then what the client could take.
 *
 * <p>Runs on the simulator's context; the mutants are made on a thread of its own ({@code xgate-fuzz-<venue>}) and
 * written on the context.
 */
public final class VenueFuzzer implements FrameTap {

    /** Recent frames kept per connection. */
    private static final int RING = 32;
    /** Mutants drawn for one send before giving up (each may be withheld). */
    private static final int DRAWS = 8;

    /**
     * What to send.
     *
     * @param frames        mutants to send in all (across the venue's connections)
     * @param ratePerSecond mutants per second
     * @param seed          fixes the mutants
     */
    public record Plan(long frames, double ratePerSecond, long seed) {
        /** Checks the figures. */
        public Plan {
            if (frames < 0 || ratePerSecond <= 0) {
                throw new IllegalArgumentException("frames must be >= 0 and the rate positive");
            }
        }
    }

    /**
     * What was sent so far.
     *
     * @param venue         the venue
     * @param sent          mutants written to a connection
     * @param byKind        of those, per kind
     * @param notJson       of those, the ones a strict JSON parser refuses (each must be a bad frame)
     * @param unknownSymbol of those, well-formed frames about a symbol the venue does not list
     * @param withheld      mutants drawn and not sent (a valid frame with a different sequence: see the class)
     * @param backpressured timer turns that skipped a connection whose write queue was full
     * @param connections   connections that had frames to mutate
     * @param elapsedNanos  from the start to the last mutant
     * @param done          whether {@link Plan#frames} were sent
     */
    public record Report(String venue, long sent, Map<FuzzMutator.Kind, Long> byKind, long notJson,
                         long unknownSymbol, long withheld, long backpressured, long connections, long elapsedNanos,
                         boolean done) {
        /** Copies the map. */
        public Report {
            byKind = Map.copyOf(byKind);
        }
    }

    /** A frame sent, and its sequence keys' values once read. */
    private static final class Sample {
        final String text;
        final Set<String> keys;
        /** Its sequence keys' values, normalized (read once, on the generator's thread). */
        Set<String> sequence;

        Sample(String text, Set<String> keys) {
            this.text = text;
            this.keys = keys;
        }
    }

    /** One connection's recent frames. */
    private static final class Ring {
        final Sample[] samples = new Sample[RING];
        int next;
        int size;
    }

    private final Vertx vertx;
    private final String venue;
    private final Plan plan;
    private final FuzzMutator mutator;
    private final SplittableRandom random;
    private final Map<ServerWebSocket, Ring> rings = new IdentityHashMap<>();
    private final Map<FuzzMutator.Kind, Long> byKind = new EnumMap<>(FuzzMutator.Kind.class);
    private final Promise<Report> finished = Promise.promise();
    /** Makes the mutants off the event loop: mutating and parsing one costs tens of microseconds. */
    private final ExecutorService generator;
    private final Queue<Made> made = new ConcurrentLinkedQueue<>();
    private long inFlight;
    private List<ServerWebSocket> order = new ArrayList<>();
    private int turn;
    private long timer = -1;
    private long startNanos;
    private long lastNanos;
    private long sent;
    private long notJson;
    private long unknownSymbol;
    private long withheld;
    private long backpressured;
    private long connections;
    private boolean stopped;

    /**
     * @param symbols the venue's symbols as its frames write them (for {@link FuzzMutator.Kind#UNKNOWN_SYMBOL})
     */
    public VenueFuzzer(Vertx vertx, String venue, List<String> symbols, Plan plan) {
        this.vertx = vertx;
        this.venue = venue;
        this.plan = plan;
        this.mutator = new FuzzMutator(plan.seed(), symbols);
        this.random = new SplittableRandom(plan.seed() * 31 + 7);
        this.generator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xgate-fuzz-" + venue);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void sent(ServerWebSocket ws, String text, Set<String> sequenceKeys) {
        if (stopped || ws.isClosed()) {
            return; // a closed connection's last frames: it is gone from the rotation, and stays so
        }
        Ring r = rings.get(ws);
        if (r == null) {
            r = new Ring();
            rings.put(ws, r);
            order.add(ws);
            connections++;
        }
        r.samples[r.next] = new Sample(text, sequenceKeys);
        r.next = (r.next + 1) % RING;
        r.size = Math.min(RING, r.size + 1);
    }

    /** Starts sending; completes with the report once {@link Plan#frames} were sent. */
    public Future<Report> start() {
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        if (plan.frames() == 0) {
            finished.complete(report());
        } else {
            timer = vertx.setPeriodic(1, id -> tick());
        }
        return finished.future();
    }

    /** Stops sending (and sampling) at once; the counts stay. */
    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        rings.clear();
        order.clear();
        generator.shutdownNow();
        made.clear();
        finished.tryComplete(report());
    }

    /** What was sent so far. */
    public Report report() {
        return new Report(venue, sent, byKind, notJson, unknownSymbol, withheld, backpressured, connections,
                lastNanos - startNanos, sent >= plan.frames());
    }

    private void tick() {
        long now = System.nanoTime();
        // write what the generator made (cheap: the mutating and parsing happened on its thread)
        for (Made m = made.poll(); m != null; m = made.poll()) {
            inFlight--;
            withheld += m.withheld();
            if (m.mutant() != null && !m.ws().isClosed()) {
                write(m);
            }
        }
        order.removeIf(ws -> {
            if (ws.isClosed()) {
                rings.remove(ws);
                return true;
            }
            return false;
        });
        long due = Math.min(plan.frames(), (long) ((now - startNanos) / 1e9 * plan.ratePerSecond()));
        // at most 50 ms of mutants asked for at once: a simulator that fell behind catches up over several turns
        long budget = Math.min(due - sent - inFlight, Math.max(1, (long) (plan.ratePerSecond() / 20)));
        int blocked = 0;
        while (budget > 0 && !order.isEmpty() && blocked < order.size()) {
            ServerWebSocket ws = order.get(turn++ % order.size());
            if (ws.writeQueueFull()) {
                backpressured++;
                blocked++;
                continue;
            }
            blocked = 0;
            Ring r = rings.get(ws);
            Sample sample = r.samples[Math.floorMod(r.next - 1 - random.nextInt(r.size), RING)];
            inFlight++;
            budget--;
            generator.execute(() -> made.add(generate(ws, sample)));
        }
        if (sent >= plan.frames()) {
            lastNanos = System.nanoTime();
            stop();
        }
    }

    /**
     * A mutant made on the generator's thread, or none ({@code mutant} null).
     *
     * @param json     whether a strict parser reads it
     * @param withheld mutants drawn before it and not to be sent
     */
    private record Made(ServerWebSocket ws, FuzzMutator.Mutant mutant, boolean json, int withheld) {
    }

    /** On the generator's thread: draws mutants of one frame until one may be sent. */
    private Made generate(ServerWebSocket ws, Sample s) {
        for (int draw = 0; draw < DRAWS; draw++) {
            FuzzMutator.Mutant m = mutator.mutate(s.text);
            Set<String> values = new HashSet<>();
            boolean json = JsonCheck.read(m.bytes(), s.keys, values);
            if (json && changesSequence(s, values)) {
                continue;
            }
            return new Made(ws, m, json, draw);
        }
        return new Made(ws, null, false, DRAWS);
    }

    private void write(Made made) {
        FuzzMutator.Mutant m = made.mutant();
        ServerWebSocket ws = made.ws();
        if (m.binary()) {
            ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(m.bytes()), true));
        } else if (m.kind() == FuzzMutator.Kind.INVALID_UTF8) {
            // a text message whose bytes are no UTF-8: the public API writes text from a String, so the message is
            // an empty text frame followed by a continuation frame that carries the bytes
            ws.writeFrame(WebSocketFrame.textFrame("", false));
            ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(m.bytes()), true));
        } else {
            ws.writeFrame(WebSocketFrame.textFrame(new String(m.bytes(), StandardCharsets.UTF_8), true));
        }
        sent++;
        lastNanos = System.nanoTime();
        byKind.merge(m.kind(), 1L, Long::sum);
        if (!made.json()) {
            notJson++;
        } else if (m.kind() == FuzzMutator.Kind.UNKNOWN_SYMBOL) {
            unknownSymbol++;
        }
    }

    /** Whether a well-formed mutant carries a plausible sequence value that the original frame does not. */
    private static boolean changesSequence(Sample s, Set<String> mutantValues) {
        if (s.keys.isEmpty()) {
            return false;
        }
        if (s.sequence == null) {
            Set<String> original = new HashSet<>();
            JsonCheck.read(s.text.getBytes(StandardCharsets.UTF_8), s.keys, original);
            s.sequence = new HashSet<>();
            for (String v : original) {
                if (normal(v) != null) {
                    s.sequence.add(normal(v));
                }
            }
        }
        for (String v : mutantValues) {
            String n = normal(v);
            if (n != null && !s.sequence.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The integer a value stands for, if a reader could take it for a sequence number: a non-negative integer below
     * 2^63, as a JSON number (also written {@code 1234.0} or {@code 1234e0}) or a string of one; else null.
     */
    private static String normal(String v) {
        try {
            BigDecimal d = new BigDecimal(v.trim());
            if (d.precision() - d.scale() > 20) {
                return null; // beyond a long (and 1e999999999 is not to be expanded)
            }
            BigInteger i = d.toBigIntegerExact();
            return i.signum() >= 0 && i.bitLength() < 64 ? i.toString() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
