package io.xgate.sim.market;

import io.xgate.config.GatewayConfig;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Decides, reproducibly from the seed, which faults hit a simulated venue, and counts every fault injected so
 * that tests can check each one had its effect. Owned by the simulator's context.
 */
public final class FaultInjector {

    private final GatewayConfig.Faults faults;
    private final SplittableRandom random;
    private final Map<String, Long> counts = new TreeMap<>();
    private final long flapUntilMillis;
    private long chaosFlapUntilMillis = Long.MIN_VALUE;
    private int handshakesToSwallow;
    private int chaosLargeMessageBytes;
    /** Per fault, per symbol ({@code ""}: every symbol), the chaos schedule's episode in force: rate and end. */
    private final Map<String, Map<String, double[]>> episodes = new java.util.HashMap<>();
    private boolean chaos;
    private Observer observer = (fault, symbol) -> { };
    private boolean largeMessageArmed;
    private boolean stalled;
    private boolean disabled;
    private FrameTap tap = FrameTap.NONE;

    /** @param startMillis when the simulated venue started (epoch ms): {@code flapFor} counts from it */
    public FaultInjector(GatewayConfig.Faults faults, long seed, long startMillis) {
        this.faults = faults;
        this.random = new SplittableRandom(seed);
        this.flapUntilMillis = faults.flapFor() == null ? Long.MIN_VALUE : startMillis + faults.flapFor().toMillis();
        this.handshakesToSwallow = faults.handshakeBlackHole();
        this.largeMessageArmed = faults.largeMessageBytes() > 0;
    }

    /** Told of every fault injected, on the simulator's context. */
    public interface Observer {
        /**
         * @param fault  the fault's name (as in {@link #counts()})
         * @param symbol the canonical symbol it hit, or {@code null} for a fault of the whole venue
         */
        void injected(String fault, String symbol);
    }

    /** Tells {@code observer} of every fault injected from now on (the chaos harness's log). */
    public void observe(Observer observer) {
        this.observer = observer;
    }

    /**
     * Chaos mode: from now on, per-message and REST faults hit at the rates of the episodes {@link #episode} puts
     * in force, instead of the configured rates (which a chaos run leaves at zero).
     */
    public void chaos() {
        chaos = true;
    }

    /**
     * Puts a chaos episode in force: {@code fault} hits messages about {@code symbol} ({@code null}: every symbol, and
     * REST requests) at {@code rate} until {@code untilMillis}.
     */
    public void episode(String fault, String symbol, double rate, long untilMillis) {
        episodes.computeIfAbsent(fault, f -> new java.util.HashMap<>())
                .put(symbol == null ? "" : symbol, new double[] {rate, untilMillis});
    }

    /** Chaos: accepted WebSockets are closed at once until {@code untilMillis}. */
    public void flapUntil(long untilMillis) {
        chaosFlapUntilMillis = Math.max(chaosFlapUntilMillis, untilMillis);
    }

    /**
     * Chaos: the next {@code n} WebSocket upgrades are swallowed. Not added to the ones still pending: a venue that
     * swallowed every one of a day's worth of black holes in a row at the next reconnect would be another fault (a
     * dead venue), not this one.
     */
    public void swallowHandshakes(int n) {
        handshakesToSwallow = Math.max(handshakesToSwallow, n);
    }

    /** Chaos: the next book message of the large-message symbol is padded to {@code bytes}. */
    public void armLargeMessage(int bytes) {
        chaosLargeMessageBytes = bytes;
        largeMessageArmed = true;
    }

    private double rate(String fault, String symbol, double configured) {
        if (!chaos) {
            return configured;
        }
        Map<String, double[]> bySymbol = episodes.get(fault);
        if (bySymbol == null) {
            return 0;
        }
        double[] e = bySymbol.get(symbol == null ? "" : symbol);
        if (e == null && symbol != null) {
            e = bySymbol.get("");
        }
        return e == null || System.currentTimeMillis() >= e[1] ? 0 : e[0];
    }

    public GatewayConfig.Faults faults() {
        return faults;
    }

    /** Where the venue reports the frames of its hot shapes ({@link FrameTap#NONE} unless fuzzing). */
    public FrameTap tap() {
        return tap;
    }

    /** Sets the tap (the fuzz mode), or {@link FrameTap#NONE}. */
    public void tap(FrameTap tap) {
        this.tap = tap;
    }

    /** Whether a per-message fault with this rate hits a message about {@code symbol}; counts it if so. */
    public boolean hit(String fault, double rate, String symbol) {
        double r = rate(fault, symbol, rate);
        if (disabled || r <= 0 || (!chaos && !faults.hits(symbol)) || random.nextDouble() >= r) {
            return false;
        }
        count(fault, symbol);
        return true;
    }

    /** Whether a REST fault with this rate hits (REST faults hit every symbol); counts it if so. */
    public boolean hitRest(String fault, double rate) {
        double r = rate(fault, null, rate);
        if (disabled || r <= 0 || random.nextDouble() >= r) {
            return false;
        }
        count(fault);
        return true;
    }

    /** Whether a WebSocket accepted now is to be closed at once (a flapping venue); counts it if so. */
    public boolean flap(long nowMillis) {
        if (disabled || (nowMillis >= flapUntilMillis && nowMillis >= chaosFlapUntilMillis)) {
            return false;
        }
        count("flap");
        return true;
    }

    /** Whether this WebSocket upgrade request is to be swallowed, never answered; counts it if so. */
    public boolean swallowHandshake() {
        if (disabled || handshakesToSwallow <= 0) {
            return false;
        }
        handshakesToSwallow--;
        count("handshakeBlackHole");
        return true;
    }

    /** Arms the large-message fault: the next book message of its symbol is padded (see {@link #padLarge}). */
    public void armLargeMessage() {
        largeMessageArmed = faults.largeMessageBytes() > 0;
    }

    /**
     * The symbol the large-message fault pads: the first of {@code symbols}, or {@code fallback} (the venue's
     * first).
     */
    public String largeMessageSymbol(String fallback) {
        return faults.symbols().isEmpty() ? fallback : faults.symbols().get(0);
    }

    /**
     * If the large-message fault is armed for this symbol, pads the JSON object {@code json} (a complete book
     * message) with a harmless field to the configured size and disarms; counts it.
     *
     * @return whether it was padded (then send it as one frame)
     */
    public boolean padLarge(StringBuilder json, String symbol, String fallbackSymbol) {
        if (!largeMessageArmed || disabled || !symbol.equals(largeMessageSymbol(fallbackSymbol))) {
            return false;
        }
        String canonical = symbol;
        largeMessageArmed = false;
        int target = chaosLargeMessageBytes > 0 ? chaosLargeMessageBytes : faults.largeMessageBytes();
        String field = ",\"xgatePadding\":\"";
        int fill = target - json.length() - field.length() - 1; // the value's closing quote
        int close = json.lastIndexOf("}");
        StringBuilder pad = new StringBuilder(Math.max(0, fill) + field.length() + 1).append(field);
        for (int k = 0; k < fill; k++) {
            pad.append('x');
        }
        json.insert(close, pad.append('"'));
        count("largeMessage", canonical);
        return true;
    }

    /** Counts a fault of the whole venue. */
    public void count(String fault) {
        count(fault, null);
    }

    /** Counts a fault that hit one symbol ({@code null}: the whole venue). */
    public void count(String fault, String symbol) {
        counts.merge(fault, 1L, Long::sum);
        observer.injected(fault, symbol);
    }

    public boolean stalled() {
        return stalled && !disabled;
    }

    /** Stops injecting (the counts stay). */
    public void disable() {
        disabled = true;
    }

    /** Injects again after {@link #disable()} (a soak run's checkpoint is over); chaos episodes start afresh. */
    public void enable() {
        disabled = false;
        episodes.clear();
        chaosFlapUntilMillis = Long.MIN_VALUE;
        stalled = false;
    }

    public void stalled(boolean stalled) {
        this.stalled = stalled;
    }

    /** Faults injected so far, by name. */
    public Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    private long swallowedClosed;

    /** A swallowed handshake's connection was closed (by the client giving up on it: the venue never closes it). */
    public void swallowedHandshakeClosed() {
        swallowedClosed++;
    }

    /** Swallowed handshakes whose connection the client has closed since. */
    public long swallowedHandshakesClosed() {
        return swallowedClosed;
    }

    private final java.util.Set<io.vertx.core.http.HttpConnection> restConnections =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * A request that is not a WebSocket upgrade came on {@code connection}: it is a REST connection (the client's
     * pool keeps it alive for more) until it closes. Counted here, beside the connection faults, because the soak
     * tells the gateway's pooled REST connections apart from its WebSockets by it.
     */
    public void restRequestOn(io.vertx.core.http.HttpConnection connection) {
        if (restConnections.add(connection)) {
            connection.closeHandler(v -> restConnections.remove(connection));
        }
    }

    /** REST connections open now (kept alive by the client's pool, or answering). */
    public int restConnections() {
        return restConnections.size();
    }

    /** One of a dialect's malformed frames (as a broken venue or a bad proxy would send), chosen by the seed. */
    public String malformed(java.util.List<String> frames) {
        return frames.get(random.nextInt(frames.size()));
    }
}
