package io.xgate.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.sim.market.ConstantRateDriver;
import io.xgate.sim.market.DrivenStream;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.PriceProcess;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimulatedInstrument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in venue simulator: for every configured venue whose WebSocket URL is on loopback, a server on that
 * URL's port speaking the venue's dialect (a {@link SimDialect}, looked up by the venue file's {@code dialect}),
 * fed by a shared random walk per symbol with per-venue books at the simulated venue's own instruments
 * ({@code simulator.instruments}). A fixed seed makes a run reproducible. {@link #trueBook} reports the
 * simulator's true book for tests.
 *
 * <p>The simulator imports no client code: each dialect formats, checksums and verifies from the venue documents.
 */
public final class Simulator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    /** Mean reversion of each venue's noise per step. */
    private static final double NOISE_REVERSION = 0.02;
    /** Levels per side of each true book. */
    private static final int BOOK_LEVELS = 100;

    /** Told of each frame the constant-rate driver sends; called on the simulator's context. */
    public interface SendProbe {
        /**
         * @param stream        index into the list {@link #drive} returned
         * @param lastUpdateId  the frame's last update id
         * @param intendedNanos when the schedule meant it to be sent (epoch ns, {@code EpochClock})
         */
        void sent(int stream, long lastUpdateId, long intendedNanos);
    }

    /** One venue's quote of one symbol: its own noise and its dislocation away from the shared mid, in bps. */
    private static final class Quote {
        double noiseBps;
        double dislocationBps;
    }

    private final GatewayConfig config;
    private final SimDialects dialects;
    private final long stepMillis;
    private final long publishMillis;
    private final PriceProcess prices;
    private final SplittableRandom venueRandom;
    private final Map<String, Map<String, SimBook>> books = new LinkedHashMap<>();
    private final Map<String, Map<String, Quote>> quotes = new LinkedHashMap<>();
    private final Map<String, SimVenue> venues = new LinkedHashMap<>();
    private final Map<String, FaultInjector> faultInjectors = new LinkedHashMap<>();
    private final List<Long> faultTimers = new ArrayList<>();
    private final List<Long> cadenceTimers = new ArrayList<>();
    private long cadenceSent;
    private ChaosSchedule chaos;
    private final Map<String, io.xgate.sim.fuzz.VenueFuzzer> fuzzers = new LinkedHashMap<>();
    private ConstantRateDriver driver;
    private Quote drivenQuote;
    private boolean frozen;
    private int settleSteps = -1;
    private Promise<Void> frozenPromise;

    /** The most rounds {@link #cadence} sends in one tick to catch up with its schedule. */
    private static final long MAX_CATCH_UP = 50;

    /** Fault-free market steps between {@link #freeze()} and a still market. */
    static final int SETTLE_STEPS = 25;

    /**
     * @param stepMillis    how often the market moves
     * @param publishMillis how often pending book changes are sent (Binance's {@code @100ms} stream: 100)
     */
    public Simulator(GatewayConfig config, long stepMillis, long publishMillis) {
        this.config = config;
        this.dialects = SimDialects.load();
        this.stepMillis = stepMillis;
        this.publishMillis = publishMillis;
        this.prices = new PriceProcess(config.simulator().seed());
        this.venueRandom = new SplittableRandom(config.simulator().seed() ^ 0x5DEECE66DL);
        for (VenueConfig v : config.venues()) {
            if (isLoopback(v.websocket().url().getHost())) {
                dialects.of(v.dialect()); // an unknown dialect fails here, naming it and the known ones
            }
        }
    }

    /** A simulator at the configured cadence. */
    public Simulator(GatewayConfig config) {
        this(config, config.simulator().stepInterval().toMillis(), config.simulator().publishInterval().toMillis());
    }

    @Override
    public Future<?> start() {
        List<Future<?>> started = new ArrayList<>();
        long seed = config.simulator().seed();
        long now = System.currentTimeMillis();
        driver = new ConstantRateDriver(vertx);
        for (VenueConfig v : config.venues()) {
            String host = v.websocket().url().getHost();
            if (!isLoopback(host)) {
                LOG.info("venue {} is not on loopback ({}): not simulated", v.id(), host);
                continue;
            }
            FaultInjector injector = new FaultInjector(config.simulator().faultsOf(v.id()), seed ^ v.id().hashCode(),
                    now);
            faultInjectors.put(v.id(), injector);
            Map<String, SimBook> venueBooks = new LinkedHashMap<>();
            Map<String, Quote> venueQuotes = new LinkedHashMap<>();
            for (Instrument i : v.instruments().values()) {
                seed = seed * 31 + i.symbol().hashCode() + v.id().hashCode();
                SimulatedInstrument own = SimulatedInstrument.of(i.symbol(), i.venueSymbol(),
                        config.simulator().instrumentOf(v.id(), i.symbol()));
                venueBooks.put(i.symbol(), new SimBook(own, BOOK_LEVELS, seed));
                venueQuotes.put(i.symbol(), new Quote());
            }
            books.put(v.id(), venueBooks);
            quotes.put(v.id(), venueQuotes);
            SimVenue venue = dialects.of(v.dialect()).open(new SimVenue.Setup(vertx, v,
                    new ArrayList<>(venueBooks.values()), injector, config.simulator().accountOf(v), seed));
            venues.put(v.id(), venue);
            int port = v.websocket().url().getPort();
            started.add(bound(venue.start(config.simulator().host(), port), v, port));
            GatewayConfig.Faults f = injector.faults();
            every(f.shutdownEvery(), venue::announceShutdown);
            every(f.disconnectEvery(), venue::disconnectAll);
            every(f.largeMessageEvery(), injector::armLargeMessage);
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
        cadenceTimers.add(vertx.setPeriodic(stepMillis, id -> step()));
        cadenceTimers.add(vertx.setPeriodic(publishMillis, id -> publishAll()));
        return Future.all(started);
    }

    @Override
    public Future<?> stop() {
        List<Future<?>> closed = new ArrayList<>();
        venues.values().forEach(s -> closed.add(s.close()));
        return Future.all(closed);
    }

    private void publishAll() {
        long t = System.currentTimeMillis();
        venues.forEach((id, s) -> {
            s.publish(t);
            // what a venue did not send is gone: a book nobody is subscribed to (OKX) or a stalled venue (Bybit) kept
            // its change log and trades growing, 17 MB in a soak, and never gave the room back
            for (SimBook b : books.get(id).values()) {
                b.drain();
                b.drainTrades();
            }
        });
    }

    /**
     * Soak mode: instead of the configured step and publish intervals, a 1 ms timer runs as many rounds of (one
     * market step, one publish) as make about {@code framesPerSecond} book frames in all (a round sends about one
     * frame per simulated book). Completes once in force.
     *
     * @return how many books a round publishes (the frames per round)
     */
    public Future<Integer> cadence(double framesPerSecond) {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> {
            cadenceTimers.forEach(vertx::cancelTimer);
            cadenceTimers.clear();
            int nBooks = books.values().stream().mapToInt(Map::size).sum();
            double roundsPerNano = framesPerSecond / 1e9 / Math.max(1, nBooks);
            long start = System.nanoTime();
            long[] done = new long[1];
            // the schedule is the clock's, not the timer's: a late tick sends what fell due meanwhile (at most
            // MAX_CATCH_UP rounds at once, so that an overloaded machine shows a lower rate, not a burst)
            cadenceTimers.add(vertx.setPeriodic(1, id -> {
                long due = (long) ((System.nanoTime() - start) * roundsPerNano);
                if (due - done[0] > MAX_CATCH_UP) {
                    done[0] = due - MAX_CATCH_UP;
                }
                while (done[0] < due) {
                    done[0]++;
                    cadenceSent++;
                    step();
                    publishAll();
                }
            }));
            p.complete(nBooks);
        });
        return p.future();
    }

    /** Rounds {@link #cadence} has run so far (each about one frame per book). */
    public Future<Long> cadenceRounds() {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(cadenceSent));
        return p.future();
    }

    /**
     * Tells {@code log} of every fault injected from now on into any simulated venue, on the simulator's context.
     */
    public Future<Void> observeFaults(FaultLog log) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            faultInjectors.forEach((venue, f) -> f.observe((fault, symbol) -> log.injected(venue, fault, symbol)));
            p.complete();
        });
        return p.future();
    }

    /** A log of faults injected, by venue. */
    public interface FaultLog {
        /**
         * @param venue  the simulated venue
         * @param fault  the fault, by the name its venue counts it under
         * @param symbol the canonical symbol it hit, or {@code null}: the whole venue
         */
        void injected(String venue, String fault, String symbol);
    }

    /**
     * Starts a random, seeded schedule of every fault on every simulated venue and symbol (see
     * {@link ChaosSchedule}); {@link #freeze()} stops it, {@link #resume()} starts it again.
     */
    public Future<Void> chaos(ChaosSchedule.Settings settings) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (chaos != null) {
                chaos.stop();
            }
            chaos = new ChaosSchedule(vertx, settings, chaosTargets());
            chaos.start();
            p.complete();
        });
        return p.future();
    }

    /**
     * Injects every fault of every simulated venue once (see {@code ChaosSchedule.prime}); completes when the last
     * episode is over. {@link #calm()} cuts it short.
     */
    public Future<Void> prime(ChaosSchedule.Settings settings) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (chaos != null) {
                chaos.stop();
            }
            chaos = new ChaosSchedule(vertx, settings, chaosTargets());
            chaos.prime(p::tryComplete);
        });
        return p.future();
    }

    private List<ChaosSchedule.Target> chaosTargets() {
        List<ChaosSchedule.Target> targets = new ArrayList<>();
        for (VenueConfig vc : config.venues()) {
            SimVenue sim = venues.get(vc.id());
            if (sim != null) {
                SimDialect d = dialects.of(vc.dialect());
                targets.add(new ChaosSchedule.Target(vc.id(), sim, faultInjectors.get(vc.id()),
                        new ArrayList<>(books.get(vc.id()).keySet()), d.messageFaults(), d.restFaults()));
            }
        }
        return targets;
    }

    /**
     * Stops injecting faults (the chaos schedule, the configured periodic faults and every per-message fault) while
     * the market goes on moving: the books can heal, by the venue's own rules, before a {@link #freeze()}.
     */
    public Future<Void> calm() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            stopFaults();
            p.complete();
        });
        return p.future();
    }

    /** The chaos schedule, the configured periodic faults and every injector stop (on the simulator's context). */
    private void stopFaults() {
        faultTimers.forEach(vertx::cancelTimer);
        faultTimers.clear();
        if (chaos != null) {
            chaos.stop();
        }
        faultInjectors.values().forEach(FaultInjector::disable);
    }

    /**
     * After {@link #freeze()} or {@link #calm()}: the market moves again and the faults are injected again (the chaos schedule, if
     * one ran; the configured periodic faults and dislocations stay off). A soak run's checkpoint.
     */
    public Future<Void> resume() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            frozen = false;
            settleSteps = -1;
            faultInjectors.values().forEach(FaultInjector::enable);
            if (chaos != null) {
                chaos.start();
            }
            p.complete();
        });
        return p.future();
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
        venues.values().forEach(SimVenue::afterStep);
    }

    /** Moves one venue's book of a symbol toward the shared mid, with the venue's noise and dislocation. */
    private void move(String venue, SimBook b) {
        SimulatedInstrument i = b.instrument();
        Quote q = quotes.get(venue).get(i.symbol());
        double kick = config.simulator().noiseBps() * Math.sqrt(2 * NOISE_REVERSION);
        q.noiseBps += -NOISE_REVERSION * q.noiseBps + kick * venueRandom.nextGaussian();
        double venueMid = prices.mid(i.symbol()) * (1 + (q.noiseBps + q.dislocationBps) / 10_000);
        b.step(Math.round(venueMid * Math.pow(10, i.priceScale())), 3);
    }

    /**
     * Latency-harness mode: sends book frames at a constant total rate, round-robin over every (venue, symbol) of
     * the venues whose dialect can be driven (frames carry an update id the gateway's {@code BookTop} reports),
     * each frame one market move of that book (see {@link ConstantRateDriver}). While driving, the first stream's
     * venue is dislocated by {@code dislocationBps} for the first half of every {@code dislocationPeriodMillis}, so
     * opportunities open and close all the time. Set the configured step and publish intervals long, so that the
     * normal cadence stays out of the way.
     *
     * @return the streams, in probe index order
     */
    public Future<List<DrivenStream>> drive(double ratePerSecond, long dislocationPeriodMillis, double dislocationBps,
                                            SendProbe probe) {
        Promise<List<DrivenStream>> p = Promise.promise();
        context.runOnContext(v -> {
            stopDrivingNow();
            List<DrivenStream> names = new ArrayList<>();
            List<ConstantRateDriver.Stream> streams = new ArrayList<>();
            for (Map.Entry<String, SimVenue> e : venues.entrySet()) {
                if (!e.getValue().drivable()) {
                    continue;
                }
                SimVenue venue = e.getValue();
                for (SimBook b : books.get(e.getKey()).values()) {
                    names.add(new DrivenStream(e.getKey(), b.instrument().symbol()));
                    streams.add(new ConstantRateDriver.Stream() {
                        @Override
                        public void move() {
                            Simulator.this.move(e.getKey(), b);
                        }

                        @Override
                        public boolean send(long nowMillis) {
                            return venue.publishBook(b, nowMillis);
                        }

                        @Override
                        public long updateId() {
                            return b.updateId();
                        }
                    });
                }
            }
            if (streams.isEmpty()) {
                p.fail("no simulated venue's dialect can be driven (frames with update ids); simulated: "
                        + venues.keySet());
                return;
            }
            Quote dislocated = quotes.get(names.get(0).venue()).get(names.get(0).symbol());
            drivenQuote = dislocated;
            driver.start(streams, ratePerSecond, elapsedMillis -> {
                prices.step();
                dislocated.dislocationBps = (elapsedMillis % dislocationPeriodMillis) < dislocationPeriodMillis / 2
                        ? dislocationBps : 0;
            }, probe::sent);
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
        if (driver.running()) {
            driver.stop();
            drivenQuote.dislocationBps = 0;
        }
    }

    /** Schedules the next random dislocation: waits uniform between half and one and a half times the mean. */
    private void scheduleDislocation(GatewayConfig.Dislocations d) {
        long wait = Math.max(1, Math.round((0.5 + venueRandom.nextDouble()) * d.every().toMillis()));
        faultTimers.add(vertx.setTimer(wait, t -> {
            List<String> ids = new ArrayList<>(quotes.keySet());
            String venue = ids.get(venueRandom.nextInt(ids.size()));
            List<String> symbols = new ArrayList<>(quotes.get(venue).keySet());
            String symbol = symbols.get(venueRandom.nextInt(symbols.size()));
            double bps = venueRandom.nextBoolean() ? d.bps() : -d.bps();
            apply(venue, symbol, bps, d.duration().toMillis());
            scheduleDislocation(d);
        }));
    }

    private void apply(String venue, String symbol, double bps, long millis) {
        Quote q = quotes.get(venue).get(symbol);
        q.dislocationBps = bps;
        LOG.info("simulator: {} {} dislocated by {} bps for {} ms", venue, symbol, String.format("%+.1f", bps), millis);
        faultTimers.add(vertx.setTimer(millis, t -> {
            q.dislocationBps = 0;
            LOG.info("simulator: {} {} dislocation over", venue, symbol);
        }));
    }

    /**
     * Moves one venue's quote of a symbol {@code bps} basis points away from the shared mid for {@code duration}
     * (tests; the configured random dislocations do the same). Completes once the move is in place: the next
     * market step quotes it.
     */
    public Future<Void> dislocate(String venue, String symbol, double bps, Duration duration) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            Map<String, Quote> venueQuotes = quotes.get(venue);
            if (venueQuotes == null || !venueQuotes.containsKey(symbol)) {
                p.fail(venue + " " + symbol + " is not simulated");
                return;
            }
            apply(venue, symbol, bps, duration.toMillis());
            p.complete();
        });
        return p.future();
    }

    /** What a simulated venue saw of orders ({@link OrderCounts#NONE} for a venue not simulated). */
    public Future<OrderCounts> orderCounts(String venue) {
        return onContext(venue, SimVenue::orderCounts, OrderCounts.NONE);
    }

    /** How many REST depth snapshots a simulated venue has served. */
    public Future<Long> snapshotRequests(String venue) {
        return onContext(venue, SimVenue::snapshotRequests, 0L);
    }

    /** The request weight a simulated venue has counted this clock minute (across all its REST requests). */
    public Future<Long> usedWeight(String venue) {
        return onContext(venue, SimVenue::usedWeight, 0L);
    }

    /**
     * The highest request weight a simulated venue counted in any one clock minute, across all its REST requests
     * (market data and orders): whether the gateway kept within the venue's budget.
     */
    public Future<Long> maxUsedWeight(String venue) {
        return onContext(venue, SimVenue::maxUsedWeight, 0L);
    }

    /** Per client (address or {@code X-Xgate-Client}), the weight a simulated venue counted: see {@link SimVenue#weightByClient()}. */
    public Future<java.util.Map<String, SimVenue.ClientWeight>> weightByClient(String venue) {
        return onContext(venue, SimVenue::weightByClient, java.util.Map.of());
    }

    private <T> Future<T> onContext(String venue, java.util.function.Function<SimVenue, T> read, T none) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            SimVenue s = venues.get(venue);
            p.complete(s == null ? none : read.apply(s));
        });
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
            stopFaults();
            settleSteps = SETTLE_STEPS;
            frozenPromise = p;
        });
        return p.future();
    }

    /**
     * Closes every client connection of a simulated venue now, as the {@code disconnectEvery} fault does on its
     * schedule (counted as a {@code disconnect}): a test that drives reconnects one at a time, when it wants them.
     * Completes once the closes are under way.
     */
    public Future<Void> disconnect(String venue) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            SimVenue s = venues.get(venue);
            if (s == null) {
                p.fail(venue + " is not simulated");
                return;
            }
            s.disconnectAll();
            p.complete();
        });
        return p.future();
    }

    /**
     * Fuzz mode: the venue sends mutated copies of its own recent frames at {@code plan}'s rate on its connections,
     * interleaved with its normal stream (see {@link io.xgate.sim.fuzz.VenueFuzzer}). Completes with the fuzzer's
     * report once the plan's frames were sent, or when {@link #stopFuzzing()} stops it.
     */
    public Future<io.xgate.sim.fuzz.VenueFuzzer.Report> fuzz(String venue, io.xgate.sim.fuzz.VenueFuzzer.Plan plan) {
        Promise<io.xgate.sim.fuzz.VenueFuzzer.Report> p = Promise.promise();
        context.runOnContext(v -> {
            FaultInjector injector = faultInjectors.get(venue);
            if (injector == null || fuzzers.containsKey(venue)) {
                p.fail(venue + (injector == null ? " is not simulated" : " is being fuzzed already"));
                return;
            }
            List<String> symbols = books.get(venue).values().stream().map(b -> b.instrument().venueSymbol())
                    .distinct().toList();
            io.xgate.sim.fuzz.VenueFuzzer f = new io.xgate.sim.fuzz.VenueFuzzer(vertx, venue, symbols, plan);
            fuzzers.put(venue, f);
            injector.tap(f);
            f.start().onComplete(p);
        });
        return p.future();
    }

    /** What the fuzz mode sent to a venue so far (null if it was not fuzzed). */
    public Future<io.xgate.sim.fuzz.VenueFuzzer.Report> fuzzReport(String venue) {
        Promise<io.xgate.sim.fuzz.VenueFuzzer.Report> p = Promise.promise();
        context.runOnContext(v -> p.complete(fuzzers.containsKey(venue) ? fuzzers.get(venue).report() : null));
        return p.future();
    }

    /** Stops every venue's fuzzing; completes once no further mutant will be sent. */
    public Future<Void> stopFuzzing() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            fuzzers.values().forEach(io.xgate.sim.fuzz.VenueFuzzer::stop);
            faultInjectors.values().forEach(i -> i.tap(io.xgate.sim.market.FrameTap.NONE));
            p.complete();
        });
        return p.future();
    }

    /** Faults injected so far into a venue, by name. */
    public Future<Map<String, Long>> faultCounts(String venue) {
        Promise<Map<String, Long>> p = Promise.promise();
        context.runOnContext(v -> p.complete(faultInjectors.containsKey(venue) ? faultInjectors.get(venue).counts()
                : Map.of()));
        return p.future();
    }

    /** How many of a venue's swallowed WebSocket handshakes the client has since closed (it gave up on them). */
    public Future<Long> swallowedHandshakesClosed(String venue) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> p.complete(faultInjectors.containsKey(venue)
                ? faultInjectors.get(venue).swallowedHandshakesClosed() : 0L));
        return p.future();
    }

    /**
     * REST connections open now to every simulated venue together: the gateway's pooled REST clients' connections
     * (at most each venue's {@code rest.poolSize}), which the soak counts apart from the other open files.
     */
    public Future<Integer> restConnections() {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> p.complete(faultInjectors.values().stream()
                .mapToInt(io.xgate.sim.market.FaultInjector::restConnections).sum()));
        return p.future();
    }

    /** A bind failure says which venue, which port, and what to do. */
    private <T> Future<T> bound(Future<T> listening, VenueConfig v, int port) {
        return listening.recover(e -> Future.failedFuture(new IllegalStateException("the simulated venue " + v.id()
                + " cannot listen on " + config.simulator().host() + ":" + port + " (" + e.getMessage() + "); is "
                + "another xgate running? Stop it, or change websocket.url in " + v.file(), e)));
    }

    private void every(Duration interval, Runnable fault) {
        if (interval != null) {
            faultTimers.add(vertx.setPeriodic(interval.toMillis(), id -> fault.run()));
        }
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host) || host.startsWith("127.");
    }
}
