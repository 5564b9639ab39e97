package io.xgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters, on one Micrometer registry shared with Vert.x's metrics. Labels are low-cardinality
 * by design: venue, stage, cause, limit class; never a symbol or an address. Meters are looked up once per venue
 * and kept by their users, so the hot path only records.
 *
 * <p>Names (Prometheus form) are part of the public contract; see the README, "Metrics".
 */
public final class Metrics {

    /**
     * The stages of the market-data path whose latency is measured, once per {@code BookTop}, on the last update
     * of its burst (recording per update would put three histogram updates on the hot path).
     */
    public enum Stage {
        /** Venue timestamp of a message → its frame received (includes clock offset; Binance: ms resolution). */
        VENUE_TO_RECEIVE,
        /** Frame received → decoded and published as a {@code BookUpdate}. */
        RECEIVE_TO_DECODED,
        /** {@code BookUpdate} published → applied to the book. */
        DECODED_TO_APPLIED,
        /** Last update of a burst applied → {@code BookTop} published. */
        APPLIED_TO_TOP,
        /** {@code BookTop} published → evaluated by the arbitrage verticle (and any opportunity published). */
        TOP_TO_OPPORTUNITY;

        /** The {@code stage} label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Venue> venues = new ConcurrentHashMap<>();

    private Metrics(MeterRegistry registry) {
        this.registry = registry;
        // before any Vert.x meter exists: a filter applies to the meters registered after it
        registry.config().meterFilter(new HttpLabels());
        io.micrometer.core.instrument.FunctionCounter.builder("xgate.log.dropped", CountingAsyncAppender.class,
                        c -> CountingAsyncAppender.totalDropped())
                .description("Log events dropped by the async log appender (queue full)").register(registry);
    }

    /** Metrics exported in the Prometheus format. */
    public static Metrics prometheus() {
        return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Metrics kept in memory only (tests, embedding). */
    public static Metrics inMemory() {
        return new Metrics(new SimpleMeterRegistry());
    }

    /** The registry (Vert.x's own metrics are bound to it too). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition, or {@code null} if this registry is not a Prometheus one. */
    public String scrape() {
        return registry instanceof PrometheusMeterRegistry p ? p.scrape() : null;
    }

    /** The meters of one venue, created on first use. */
    public Venue venue(String venue) {
        return venues.computeIfAbsent(venue, Venue::new);
    }

    /** One venue's meters. Thread-safe (Micrometer meters are). */
    public final class Venue {

        private final String venue;
        private final Timer[] stages = new Timer[Stage.values().length];
        private final Counter messages;
        private final Counter bytes;
        private final Counter badFrames;
        private final Counter connects;
        private final Counter disconnects;
        private final Counter rotations;
        private final Counter protocolFailures;
        private final Counter checksumFailures;
        private final Counter crossedBooks;
        private final Counter lateTrades;
        private final Counter forcedCloses;
        private final Counter invalidTrades;
        private final Map<String, Counter> resyncs = new ConcurrentHashMap<>();
        private volatile io.xgate.rest.ServerClock clock;

        private Venue(String venue) {
            this.venue = venue;
            for (Stage s : Stage.values()) {
                stages[s.ordinal()] = Timer.builder("xgate.stage.latency")
                        .description("Latency of one stage of the market-data path")
                        .tag("venue", venue).tag("stage", s.label())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(500))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry);
            }
            messages = Counter.builder("xgate.ws.messages").description("WebSocket messages received")
                    .tag("venue", venue).register(registry);
            bytes = Counter.builder("xgate.ws.bytes").description("WebSocket message bytes received")
                    .baseUnit("bytes").tag("venue", venue).register(registry);
            badFrames = Counter.builder("xgate.bad.frames").description("Frames skipped as malformed or unknown")
                    .tag("venue", venue).register(registry);
            connects = Counter.builder("xgate.ws.connects")
                    .description("Market-data WebSockets connected (the first connect and every reconnect)")
                    .tag("venue", venue).register(registry);
            disconnects = Counter.builder("xgate.ws.disconnects")
                    .description("Market-data WebSockets lost while publishing (each one is followed by a reconnect)")
                    .tag("venue", venue).register(registry);
            rotations = Counter.builder("xgate.ws.rotations")
                    .description("Market-data WebSockets replaced make-before-break by a rotation")
                    .tag("venue", venue).register(registry);
            protocolFailures = Counter.builder("xgate.protocol.failures")
                    .description("Messages on which a dialect's protocol threw something other than a bad-frame error "
                            + "(a bug in xgate: the message is skipped as a bad frame too)")
                    .tag("venue", venue).register(registry);
            checksumFailures = Counter.builder("xgate.checksum.failures")
                    .description("Books whose checksum did not match the venue's").tag("venue", venue)
                    .register(registry);
            crossedBooks = Counter.builder("xgate.crossed.books").description("Books found crossed after an update")
                    .tag("venue", venue).register(registry);
            lateTrades = Counter.builder("xgate.analytics.late.trades")
                    .description("Trades dropped by the candles because their time bar had closed")
                    .tag("venue", venue).register(registry);
            forcedCloses = Counter.builder("xgate.analytics.forced.closes")
                    .description("Time bars closed before their time by a trade too far ahead of the clock")
                    .tag("venue", venue).register(registry);
            invalidTrades = Counter.builder("xgate.analytics.invalid.trades")
                    .description("Trades the candles refused: a price below 0, a size not above 0, other scales")
                    .tag("venue", venue).register(registry);
            // every cause from the start, at 0: a series that appears at its first resync hides that resync from
            // rate() and increase(), and a count of series that grows over hours looks like a leak
            for (io.xgate.event.ResyncCause c : io.xgate.event.ResyncCause.values()) {
                resyncs.put(c.label(), Counter.builder("xgate.resyncs").description("Symbols resynced, by cause")
                        .tag("venue", venue).tag("cause", c.label()).register(registry));
            }
        }

        /** Records a stage latency; negative values (clock offsets) are ignored. */
        public void stage(Stage stage, long nanos) {
            if (nanos >= 0) {
                stages[stage.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        /** The timer of a stage (status line, admin API). */
        public Timer timer(Stage stage) {
            return stages[stage.ordinal()];
        }

        /** One WebSocket message of {@code length} bytes received. */
        public void message(int length) {
            messages.increment();
            bytes.increment(length);
        }

        /** Messages received so far. */
        public long messages() {
            return (long) messages.count();
        }

        /** Bytes received so far. */
        public long bytes() {
            return (long) bytes.count();
        }

        /** A bad frame skipped. */
        public void badFrame() {
            badFrames.increment();
        }

        /** Bad frames skipped so far. */
        public long badFrames() {
            return (long) badFrames.count();
        }

        /** A market-data WebSocket connected (not a rotation's new connection: see {@link #rotation()}). */
        public void connect() {
            connects.increment();
        }

        /** Market-data WebSockets connected so far. */
        public long connects() {
            return (long) connects.count();
        }

        /** The publishing market-data WebSocket was lost. */
        public void disconnect() {
            disconnects.increment();
        }

        /** Publishing market-data WebSockets lost so far. */
        public long disconnects() {
            return (long) disconnects.count();
        }

        /** A rotation's new connection took over. */
        public void rotation() {
            rotations.increment();
        }

        /** Rotations completed so far. */
        public long rotations() {
            return (long) rotations.count();
        }

        /** A dialect's protocol threw an unexpected exception on a message (a bug, not a bad frame of the venue's). */
        public void protocolFailure() {
            protocolFailures.increment();
        }

        /** Unexpected protocol exceptions so far. */
        public long protocolFailures() {
            return (long) protocolFailures.count();
        }

        /** A checksum mismatch found by a book verticle. */
        public void checksumFailure() {
            checksumFailures.increment();
        }

        /** A crossed book found by a book verticle. */
        public void crossedBook() {
            crossedBooks.increment();
        }

        /** Trades the candles dropped as late (their time bar had closed). */
        public void lateTrades(long n) {
            lateTrades.increment(n);
        }

        /** Late trades counted so far. */
        public long lateTrades() {
            return (long) lateTrades.count();
        }

        /** Time bars closed early by trades beyond the open bars. */
        public void forcedCloses(long n) {
            forcedCloses.increment(n);
        }

        /** Forced closes counted so far. */
        public long forcedCloses() {
            return (long) forcedCloses.count();
        }

        /** A trade the candles refused as invalid. */
        public void invalidTrade() {
            invalidTrades.increment();
        }

        /** Invalid trades counted so far. */
        public long invalidTrades() {
            return (long) invalidTrades.count();
        }

        /** A symbol started resyncing, for this cause. */
        public void resync(io.xgate.event.ResyncCause cause) {
            countResync(cause.label());
        }

        /** Resyncs counted so far for a cause label ({@code gap}, {@code checksum}, ...). */
        public long resyncs(String cause) {
            Counter c = resyncs.get(cause);
            return c == null ? 0 : (long) c.count();
        }

        private void countResync(String cause) {
            resyncs.computeIfAbsent(cause, c -> Counter.builder("xgate.resyncs")
                    .description("Symbols resynced, by cause").tag("venue", venue).tag("cause", c)
                    .register(registry)).increment();
        }

        /** Exports the venue's clock offset and round trip (seconds), and keeps it for the admin API. */
        public void clock(io.xgate.rest.ServerClock c) {
            clock = c;
            io.micrometer.core.instrument.Gauge.builder("xgate.clock.offset", c, x -> x.offsetMillis() / 1e3)
                    .description("The venue's clock minus the local clock").baseUnit("seconds").tag("venue", venue)
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder("xgate.clock.rtt", c, x -> x.rttMillis() / 1e3)
                    .description("Round trip of the last server-time request (-1: none yet)").baseUnit("seconds")
                    .tag("venue", venue).register(registry);
        }

        /** The venue's clock, or {@code null} if this node runs no verticle for it. */
        public io.xgate.rest.ServerClock clock() {
            return clock;
        }

        /** Registers a gauge of a limit class's available tokens. */
        public void limiterHeadroom(String limitClass, java.util.function.LongSupplier available) {
            io.micrometer.core.instrument.Gauge.builder("xgate.ratelimit.available", available::getAsLong)
                    .description("Tokens left in a venue limit class").tag("venue", venue).tag("limit", limitClass)
                    .register(registry);
        }
    }

}
