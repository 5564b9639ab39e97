package io.xgate.sim;

import io.vertx.core.Vertx;
import io.xgate.sim.market.FaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random, seeded schedule of every fault the simulator has, on every simulated venue and symbol at once: each
 * venue draws its next fault after an exponentially distributed wait (mean {@link Settings#meanInterval}), and the
 * fault is one of
 * <ul>
 *   <li>a per-message fault of the venue's dialect ({@link SimDialect#messageFaults()}: drops, malformed frames,
 *       bad checksums, corrupted sizes, the documented sequence exceptions...) on one random symbol, in force for a
 *       random episode at {@link Settings#messageRate};</li>
 *   <li>a REST fault ({@code 429}, {@code 418}) on the venue's market-data requests for an episode;</li>
 *   <li>a fault of the whole venue: every connection dropped, a server-shutdown notice, a stall (nothing sent),
 *       flapping (accepted connections closed at once), a swallowed WebSocket handshake, a 1 MiB message.</li>
 * </ul>
 * Runs on the simulator's context; {@link #stop()} cancels what is pending. Which fault hit which symbol when is
 * told by each venue's {@link FaultInjector.Observer}, not by this class: a scheduled fault that found nothing to
 * hit (a drop while nobody is subscribed) is not counted.
 */
public final class ChaosSchedule {

    /** The faults of a whole venue the schedule draws from, by the names the simulated venues count them under. */
    public static final List<String> VENUE_FAULTS = List.of("disconnect", "serverShutdown", "stall", "flap",
            "handshakeBlackHole", "largeMessage");

    /**
     * @param seed         fixes the schedule (with the simulator's own seed, the whole run)
     * @param meanInterval mean wait between two faults of one venue
     * @param messageRate  while a per-message episode is in force, the share of its symbol's messages it hits
     * @param restRate     while a REST episode is in force, the share of the venue's requests it fails
     * @param shortest     shortest episode (a stall, a flapping spell, a per-message or REST episode)
     * @param longest      longest episode
     */
    public record Settings(long seed, Duration meanInterval, double messageRate, double restRate, Duration shortest,
                           Duration longest) {
        /** The defaults of {@code xgate chaos}: a fault per venue every 2 s on average, episodes of 1 to 4 s. */
        public static Settings defaults(long seed) {
            return new Settings(seed, Duration.ofSeconds(2), 0.1, 0.5, Duration.ofSeconds(1), Duration.ofSeconds(4));
        }

        /** A light schedule (the soak harness): a fault per venue every {@code mean}, same episodes. */
        public Settings every(Duration mean) {
            return new Settings(seed, mean, messageRate, restRate, shortest, longest);
        }
    }

    /** One simulated venue the schedule plays on. */
    record Target(String venue, SimVenue sim, FaultInjector injector, List<String> symbols,
                  List<String> messageFaults, List<String> restFaults) {
    }

    /** The size of the large message: well within {@code websocket.maxMessageBytes}' default of 16 MiB, so used. */
    static final int LARGE_MESSAGE_BYTES = 1 << 20;

    private final Vertx vertx;
    private final Settings settings;
    private final List<Target> targets;
    private final SplittableRandom random;
    private final java.util.Set<Long> timers = new java.util.HashSet<>();
    private final Map<String, Long> next = new java.util.HashMap<>();
    private boolean running;

    ChaosSchedule(Vertx vertx, Settings settings, List<Target> targets) {
        this.vertx = vertx;
        this.settings = settings;
        this.targets = List.copyOf(targets);
        this.random = new SplittableRandom(settings.seed());
    }

    /** Starts drawing faults (again). */
    void start() {
        running = true;
        for (Target t : targets) {
            t.injector().chaos();
            scheduleNext(t);
        }
    }

    /** Stops: no further fault is drawn; episodes in force end with the injectors' {@code disable}. */
    void stop() {
        running = false;
        next.values().forEach(vertx::cancelTimer);
        next.clear();
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }

    /**
     * Injects every fault of every venue once, deterministically, one step every {@link Settings#shortest} per venue:
     * each REST fault in turn (an episode that fails every request for {@link Settings#longest}, while a per-message
     * fault of the first symbol breaks its book so that the resync asks for a snapshot; the next one only after it
     * ended), then each per-message fault (on
     * the symbols in turn), then each whole-venue fault. {@code done} runs when the last episode is over. The soak
     * harness primes before its first checkpoint, so that what the first use of a fault adds for good (the series of
     * a status code the REST client met, a class's lazily built tables) is in the baseline it compares with.
     */
    void prime(Runnable done) {
        long step = Math.max(1, settings.shortest().toMillis());
        long longest = settings.longest().toMillis();
        long last = 0;
        for (Target t : targets) {
            t.injector().chaos();
            long at = step;
            // the REST faults one after the other, never two at once: a ban (418) in force would keep the client
            // from asking anything, so a 429 episode beside it would never be met
            for (String rest : t.restFaults()) {
                at(at, () -> {
                    t.injector().episode(rest, null, 1.0, System.currentTimeMillis() + longest);
                    if (!t.messageFaults().isEmpty() && !t.symbols().isEmpty()) {
                        t.injector().episode(t.messageFaults().get(0), t.symbols().get(0), 1.0,
                                System.currentTimeMillis() + step);
                    }
                });
                at += longest + step;
            }
            for (int i = 0; i < t.messageFaults().size(); i++) {
                String fault = t.messageFaults().get(i);
                String symbol = t.symbols().isEmpty() ? null : t.symbols().get(i % t.symbols().size());
                at(at, () -> t.injector().episode(fault, symbol, 1.0, System.currentTimeMillis() + step));
                at += step;
            }
            // a black hole bites at the next connect: the drop right after it makes one, so that the client's giving
            // up on a swallowed handshake (a reset request on the venue's side) happens while priming too
            List<String> venueFaults = new ArrayList<>(VENUE_FAULTS);
            venueFaults.remove("handshakeBlackHole");
            venueFaults.add(venueFaults.indexOf("disconnect"), "handshakeBlackHole");
            for (String fault : venueFaults) {
                at(at, () -> venueFault(t, fault));
                at += step;
            }
            last = Math.max(last, at);
        }
        at(last + longest + step, done);
    }

    /** Runs {@code r} in {@code millis} on the schedule's context, cancelled by {@link #stop()}. */
    private void at(long millis, Runnable r) {
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(millis, id -> {
            timers.remove(timer[0]);
            r.run();
        });
        timers.add(timer[0]);
    }

    private void scheduleNext(Target t) {
        double u = random.nextDouble();
        long wait = Math.max(1, Math.round(-Math.log(1 - u) * settings.meanInterval().toMillis()));
        next.put(t.venue(), vertx.setTimer(wait, id -> {
            if (running) {
                inject(t);
                scheduleNext(t);
            }
        }));
    }

    private long episodeMillis() {
        long lo = settings.shortest().toMillis();
        long hi = Math.max(lo + 1, settings.longest().toMillis());
        return random.nextLong(lo, hi);
    }

    private void inject(Target t) {
        double kind = random.nextDouble();
        long now = System.currentTimeMillis();
        if (kind < 0.1 && !t.restFaults().isEmpty()) {
            String fault = t.restFaults().get(random.nextInt(t.restFaults().size()));
            t.injector().episode(fault, null, settings.restRate(), now + episodeMillis());
        } else if (kind < 0.65) {
            String fault = t.messageFaults().get(random.nextInt(t.messageFaults().size()));
            String symbol = t.symbols().get(random.nextInt(t.symbols().size()));
            t.injector().episode(fault, symbol, settings.messageRate(), now + episodeMillis());
        } else {
            venueFault(t, VENUE_FAULTS.get(random.nextInt(VENUE_FAULTS.size())));
        }
    }

    private void venueFault(Target t, String fault) {
        FaultInjector f = t.injector();
        switch (fault) {
            case "disconnect" -> t.sim().disconnectAll();
            case "serverShutdown" -> t.sim().announceShutdown();
            case "stall" -> {
                if (!f.stalled()) {
                    f.stalled(true);
                    f.count("stall");
                    long[] timer = new long[1];
                    timer[0] = vertx.setTimer(episodeMillis(), id -> {
                        f.stalled(false);
                        timers.remove(timer[0]);
                    });
                    timers.add(timer[0]);
                }
            }
            case "flap" -> {
                f.flapUntil(System.currentTimeMillis() + episodeMillis());
            }
            case "handshakeBlackHole" -> f.swallowHandshakes(1);
            case "largeMessage" -> f.armLargeMessage(LARGE_MESSAGE_BYTES);
            default -> throw new IllegalArgumentException("no venue fault " + fault);
        }
    }
}
