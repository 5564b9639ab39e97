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
                BinanceSimServer server = new BinanceSimServer(vertx, v.id(), new ArrayList<>(venueBooks.values()),
                        injector);
                binance.put(v.id(), server);
                started.add(server.start(config.simulator().host(), port));
                every(injector.faults().shutdownEvery(), server::announceShutdown);
                every(injector.faults().disconnectEvery(), server::disconnectAll);
            } else {
                KrakenSimServer server = new KrakenSimServer(vertx, v.id(), new ArrayList<>(venueBooks.values()),
                        seed, injector);
                kraken.put(v.id(), server);
                started.add(server.start(config.simulator().host(), port));
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
        double noise = config.simulator().noiseBps();
        double kick = noise * Math.sqrt(2 * NOISE_REVERSION);
        for (Map.Entry<String, Map<String, SimBook>> venue : books.entrySet()) {
            Map<String, double[]> venueOffsets = offsets.get(venue.getKey());
            for (SimBook b : venue.getValue().values()) {
                Instrument i = b.instrument();
                double[] off = venueOffsets.get(i.symbol());
                off[0] += -NOISE_REVERSION * off[0] + kick * venueRandom.nextGaussian();
                double venueMid = prices.mid(i.symbol()) * (1 + (off[0] + off[1]) / 10_000);
                b.step(Math.round(venueMid * Math.pow(10, i.priceScale())), 3);
            }
        }
        binance.values().forEach(BinanceSimServer::tickers);
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

    /** How many REST depth snapshots a simulated venue has served. */
    public Future<Long> snapshotRequests(String venue) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(binance.get(venue).snapshotRequests()));
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

    private void every(java.time.Duration interval, Runnable fault) {
        if (interval != null) {
            faultTimers.add(vertx.setPeriodic(interval.toMillis(), id -> fault.run()));
        }
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host) || host.startsWith("127.");
    }
}
