package io.xgate.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in venue simulator: for every configured venue whose WebSocket URL is on loopback, a server on that
 * URL's port speaking the venue's dialect, fed by a shared random walk per symbol with per-venue books. A fixed
 * seed makes a run reproducible. {@link #trueBook} reports the simulator's true book for tests.
 *
 * <p>This build simulates the Binance and Kraken dialects.
 */
public final class Simulator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final GatewayConfig config;
    private final long stepMillis;
    private final long publishMillis;
    private final PriceProcess prices;
    private final Map<String, Map<String, SimBook>> books = new LinkedHashMap<>();
    private final Map<String, BinanceSimServer> binance = new LinkedHashMap<>();
    private final Map<String, KrakenSimServer> kraken = new LinkedHashMap<>();
    private final Map<String, FaultInjector> faultInjectors = new LinkedHashMap<>();
    private final List<Long> faultTimers = new ArrayList<>();
    private boolean frozen;
    /** Per venue, per symbol: {noise, dislocation} offsets from the shared mid, in basis points. */
    private final Map<String, Map<String, double[]>> offsets = new LinkedHashMap<>();
    private final java.util.SplittableRandom venueRandom;
    /** Mean reversion of each venue's noise per step. */
    private static final double NOISE_REVERSION = 0.02;

    /**
     * @param stepMillis    how often the market moves
     * @param publishMillis how often pending book changes are sent (Binance's {@code @100ms} stream: 100)
     */
    public Simulator(GatewayConfig config, long stepMillis, long publishMillis) {
        this.config = config;
        this.stepMillis = stepMillis;
        this.publishMillis = publishMillis;
        this.prices = new PriceProcess(config.simulator().seed());
        this.venueRandom = new java.util.SplittableRandom(config.simulator().seed() ^ 0x5DEECE66DL);
    }

    /** A simulator at the configured cadence. */
    public Simulator(GatewayConfig config) {
        this(config, config.simulator().stepInterval().toMillis(), config.simulator().publishInterval().toMillis());
    }

    @Override
    public Future<?> start() {
        List<Future<?>> started = new ArrayList<>();
        long seed = config.simulator().seed();
        for (VenueConfig v : config.venues()) {
            String host = v.websocket().url().getHost();
            if (!isLoopback(host)) {
                LOG.info("venue {} is not on loopback ({}): not simulated", v.id(), host);
                continue;
            }
            FaultInjector injector = new FaultInjector(config.simulator().faultsOf(v.id()), seed ^ v.id().hashCode());
            faultInjectors.put(v.id(), injector);
            Map<String, SimBook> venueBooks = new LinkedHashMap<>();
            for (Instrument i : v.instruments().values()) {
                seed = seed * 31 + i.symbol().hashCode() + v.id().hashCode();
                venueBooks.put(i.symbol(), new SimBook(v.id(), i, 100, seed));
            }
            books.put(v.id(), venueBooks);
            Map<String, double[]> venueOffsets = new LinkedHashMap<>();
            venueBooks.keySet().forEach(sym -> venueOffsets.put(sym, new double[2]));
            offsets.put(v.id(), venueOffsets);
            int port = v.websocket().url().getPort();
            if ("binance".equals(v.dialect())) {
                long perSecond = v.rateLimits().stream().filter(l -> l.name().equals("ORDERS")
                        && l.interval().equals(java.time.Duration.ofSeconds(1))).mapToLong(VenueConfig.RateLimit::limit)
                        .findFirst().orElse(10);
                BinanceSimServer server = new BinanceSimServer(vertx, v.id(), new ArrayList<>(venueBooks.values()),
                        injector, config.simulator().accountOf(v), perSecond);
                binance.put(v.id(), server);
                started.add(bound(server.start(config.simulator().host(), port), v, port));
                every(injector.faults().shutdownEvery(), server::announceShutdown);
                every(injector.faults().disconnectEvery(), server::disconnectAll);
            } else {
                KrakenSimServer server = new KrakenSimServer(vertx, v.id(), new ArrayList<>(venueBooks.values()),
                        seed, injector, config.simulator().accountOf(v), v.rateLimits().stream()
                        .filter(l -> l.name().equals("TRADING_PER_PAIR")).findFirst().orElse(null));
                kraken.put(v.id(), server);
                started.add(bound(server.start(config.simulator().host(), port), v, port));
                every(injector.faults().disconnectEvery(), server::disconnectAll);
            }
            GatewayConfig.Faults f = injector.faults();
            if (f.stallEvery() != null) {
                every(f.stallEvery(), () -> {
                    injector.stalled(true);
                    injector.count("stall");
                    vertx.setTimer(f.stallFor().toMillis(), t -> injector.stalled(false));
                });
            }
        }
        GatewayConfig.Dislocations d = config.simulator().dislocations();
        if (d.every() != null && !books.isEmpty()) {
            scheduleDislocation(d);
        }
        step(); // books exist before the first client connects
        vertx.setPeriodic(stepMillis, id -> step());
        vertx.setPeriodic(publishMillis, id -> {
            long now = System.currentTimeMillis();
            binance.values().forEach(s -> s.publish(now));
            kraken.values().forEach(s -> s.publish(now));
        });
        return Future.all(started);
    }

    @Override
    public Future<?> stop() {
        List<Future<?>> closed = new ArrayList<>();
        binance.values().forEach(s -> closed.add(s.close()));
        kraken.values().forEach(s -> closed.add(s.close()));
        return Future.all(closed);
    }

    private void step() {
        if (frozen) {
            return;
        }
        if (settleSteps == 0) {
            frozen = true;
            frozenPromise.complete();
            return;
        }
        if (settleSteps > 0) {
            settleSteps--;
        }
        prices.step();
        for (Map.Entry<String, Map<String, SimBook>> venue : books.entrySet()) {
            for (SimBook b : venue.getValue().values()) {
                move(venue.getKey(), b);
            }
        }
        binance.values().forEach(BinanceSimServer::tickers);
    }

    /** Moves one venue's book of a symbol toward the shared mid, with the venue's noise and dislocation. */
    private void move(String venue, SimBook b) {
        Instrument i = b.instrument();
        double[] off = offsets.get(venue).get(i.symbol());
        double kick = config.simulator().noiseBps() * Math.sqrt(2 * NOISE_REVERSION);
        off[0] += -NOISE_REVERSION * off[0] + kick * venueRandom.nextGaussian();
        double venueMid = prices.mid(i.symbol()) * (1 + (off[0] + off[1]) / 10_000);
        b.step(Math.round(venueMid * Math.pow(10, i.priceScale())), 3);
    }

    /** Told of each frame the constant-rate driver sends; called on the simulator's context. */
    public interface SendProbe {
        /**
         * @param stream        index into the list {@link #drive} returned
         * @param lastUpdateId  the frame's {@code u}
         * @param intendedNanos when the schedule meant it to be sent (epoch ns, {@code EpochClock})
         */
        void sent(int stream, long lastUpdateId, long intendedNanos);
    }

    private long driveTimer = -1;
    private double[] drivenDislocation;

    /**
     * Latency-harness mode: sends {@code depthUpdate} frames at a constant total rate, round-robin over every
     * Binance-dialect (venue, symbol), each frame one market move of that book. A 1 ms timer sends the frames
     * that fell due. Each frame's start time for latency is its actual send time if it went out within the timer's
     * 1 ms granularity of its schedule, else 1 ms after its schedule: a stalled or overloaded sender shows as
     * latency, not as a gap in the samples (no coordinated omission). While driving, the first stream's venue is
     * dislocated by {@code dislocationBps} for the first half of every {@code dislocationPeriodMillis}, so
     * opportunities open and close all the time. Set the configured step and publish intervals long, so that the
     * normal cadence stays out of the way.
     *
     * @return the streams as {venue, canonical symbol}, in probe index order
     */
    public Future<List<String[]>> drive(double ratePerSecond, long dislocationPeriodMillis, double dislocationBps,
                                        SendProbe probe) {
        Promise<List<String[]>> p = Promise.promise();
        context.runOnContext(v -> {
            stopDrivingNow();
            List<String[]> names = new ArrayList<>();
            List<SimBook> streams = new ArrayList<>();
            List<BinanceSimServer> servers = new ArrayList<>();
            for (Map.Entry<String, BinanceSimServer> e : binance.entrySet()) {
                for (SimBook b : books.get(e.getKey()).values()) {
                    names.add(new String[] {e.getKey(), b.instrument().symbol()});
                    streams.add(b);
                    servers.add(e.getValue());
                }
            }
            if (streams.isEmpty()) {
                p.fail("no Binance-dialect venue is simulated");
                return;
            }
            int n = streams.size();
            long tickNanos = 1_000_000;
            long t0 = io.xgate.event.EpochClock.nanos();
            double[] dislocation = offsets.get(names.get(0)[0]).get(names.get(0)[1]);
            drivenDislocation = dislocation;
            long[] state = {0}; // frames sent
            driveTimer = vertx.setPeriodic(1, id -> {
                long now = io.xgate.event.EpochClock.nanos();
                long tick = (now - t0) / tickNanos;
                prices.step();
                dislocation[1] = (tick % dislocationPeriodMillis) < dislocationPeriodMillis / 2 ? dislocationBps : 0;
                long nowMillis = System.currentTimeMillis();
                long due = ratePerSecond <= 0 ? 0 : (long) ((now - t0) * ratePerSecond / 1e9) + 1; // sched <= now
                // at most 10 ms of frames per turn: an overloaded sender falls behind (and the lag counts as
                // latency) instead of blocking its event loop for seconds
                due = Math.min(due, state[0] + Math.max(1, (long) (ratePerSecond / 100)));
                while (state[0] < due) {
                    int s = (int) (state[0] % n);
                    SimBook b = streams.get(s);
                    move(names.get(s)[0], b);
                    long scheduled = t0 + (long) (state[0] * 1e9 / ratePerSecond);
                    long sentAt = io.xgate.event.EpochClock.nanos();
                    if (servers.get(s).publishBook(b, nowMillis)) {
                        // on time within the timer's 1 ms granularity: from the send; later: from 1 ms past schedule
                        probe.sent(s, b.updateId(), Math.min(sentAt, scheduled + tickNanos));
                    }
                    state[0]++;
                }
            });
            p.complete(names);
        });
        return p.future();
    }

    /** Stops the constant-rate driver; completes once no further frame will be sent. */
    public Future<Void> stopDriving() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            stopDrivingNow();
            p.complete();
        });
        return p.future();
    }

    private void stopDrivingNow() {
        if (driveTimer >= 0) {
            vertx.cancelTimer(driveTimer);
            driveTimer = -1;
            drivenDislocation[1] = 0;
        }
    }

    /** Schedules the next random dislocation: waits uniform between half and one and a half times the mean. */
    private void scheduleDislocation(GatewayConfig.Dislocations d) {
        long wait = Math.max(1, Math.round((0.5 + venueRandom.nextDouble()) * d.every().toMillis()));
        faultTimers.add(vertx.setTimer(wait, t -> {
            List<String> venues = new ArrayList<>(offsets.keySet());
            String venue = venues.get(venueRandom.nextInt(venues.size()));
            List<String> symbols = new ArrayList<>(offsets.get(venue).keySet());
            String symbol = symbols.get(venueRandom.nextInt(symbols.size()));
            double bps = venueRandom.nextBoolean() ? d.bps() : -d.bps();
            apply(venue, symbol, bps, d.duration().toMillis());
            scheduleDislocation(d);
        }));
    }

    private void apply(String venue, String symbol, double bps, long millis) {
        double[] off = offsets.get(venue).get(symbol);
        off[1] = bps;
        LOG.info("simulator: {} {} dislocated by {} bps for {} ms", venue, symbol, String.format("%+.1f", bps), millis);
        faultTimers.add(vertx.setTimer(millis, t -> {
            off[1] = 0;
            LOG.info("simulator: {} {} dislocation over", venue, symbol);
        }));
    }

    /**
     * Moves one venue's quote of a symbol {@code bps} basis points away from the shared mid for {@code duration}
     * (tests; the configured random dislocations do the same). Completes once the move is in place: the next
     * market step quotes it.
     */
    public Future<Void> dislocate(String venue, String symbol, double bps, java.time.Duration duration) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            Map<String, double[]> venueOffsets = offsets.get(venue);
            if (venueOffsets == null || !venueOffsets.containsKey(symbol)) {
                p.fail(venue + " " + symbol + " is not simulated");
                return;
            }
            apply(venue, symbol, bps, duration.toMillis());
            p.complete();
        });
        return p.future();
    }

    /**
     * What a simulated venue saw of orders: {accepted, most new orders in one clock second (Binance) or 0, 429s or
     * rate-limit errors, requests sent inside a Retry-After window}.
     */
    public Future<long[]> orderCounts(String venue) {
        Promise<long[]> p = Promise.promise();
        context.runOnContext(v -> p.complete(binance.containsKey(venue) ? binance.get(venue).orderCounts()
                : kraken.containsKey(venue) ? kraken.get(venue).orderCounts() : new long[4]));
        return p.future();
    }

    /** How many REST depth snapshots a simulated venue has served. */
    public Future<Long> snapshotRequests(String venue) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(binance.get(venue).snapshotRequests()));
        return p.future();
    }

    /**
     * The highest request weight a simulated Binance venue has counted in one minute window, across all REST
     * requests (market data and orders).
     */
    public Future<Long> maxUsedWeight(String venue) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(binance.get(venue).maxUsedWeight()));
        return p.future();
    }

    /** The request weight a simulated Binance venue has counted this minute. */
    public Future<Long> usedWeight(String venue) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(binance.get(venue).usedWeight()));
        return p.future();
    }

    /** The simulator's true book of a symbol on a venue, as a snapshot, read on the simulator's context. */
    public Future<BookUpdate> trueBook(String venue, String symbol) {
        Promise<BookUpdate> p = Promise.promise();
        context.runOnContext(v -> {
            Map<String, SimBook> venueBooks = books.get(venue);
            SimBook b = venueBooks == null ? null : venueBooks.get(symbol);
            if (b == null) {
                p.fail(venue + " " + symbol + " is not simulated");
            } else {
                p.complete(b.snapshot(venue));
            }
        });
        return p.future();
    }

    /**
     * Stops injecting faults at once, lets the market run {@link #SETTLE_STEPS} more fault-free steps, then stops
     * it; completes when the market stands still. The settling steps matter: a fault just before the freeze (a
     * dropped message) only shows on the next message (a gap, a checksum mismatch), so every book gets further
     * updates to detect it and resync before the market goes quiet.
     */
    public Future<Void> freeze() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            faultTimers.forEach(vertx::cancelTimer);
            faultInjectors.values().forEach(FaultInjector::disable);
            settleSteps = SETTLE_STEPS;
            frozenPromise = p;
        });
        return p.future();
    }

    /** Fault-free market steps between {@link #freeze()} and a still market. */
    static final int SETTLE_STEPS = 25;

    private int settleSteps = -1;
    private Promise<Void> frozenPromise;

    /** Faults injected so far into a venue, by name. */
    public Future<Map<String, Long>> faultCounts(String venue) {
        Promise<Map<String, Long>> p = Promise.promise();
        context.runOnContext(v -> p.complete(faultInjectors.containsKey(venue) ? faultInjectors.get(venue).counts()
                : Map.of()));
        return p.future();
    }

    /** A bind failure says which venue, which port, and what to do. */
    private <T> Future<T> bound(Future<T> listening, VenueConfig v, int port) {
        return listening.recover(e -> Future.failedFuture(new IllegalStateException("the simulated venue " + v.id()
                + " cannot listen on " + config.simulator().host() + ":" + port + " (" + e.getMessage() + "); is "
                + "another xgate running? Stop it, or change websocket.url in " + v.file(), e)));
    }

    private void every(java.time.Duration interval, Runnable fault) {
        if (interval != null) {
            faultTimers.add(vertx.setPeriodic(interval.toMillis(), id -> fault.run()));
        }
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host) || host.startsWith("127.");
    }
}
