package io.xgate.sim;

import io.xgate.config.GatewayConfig;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Decides, reproducibly from the seed, which faults hit a simulated venue, and counts every fault injected so
 * that tests can check each one had its effect. Owned by the simulator's context.
 */
final class FaultInjector {

    private final GatewayConfig.Faults faults;
    private final SplittableRandom random;
    private final Map<String, Long> counts = new TreeMap<>();
    private boolean stalled;
    private boolean disabled;

    FaultInjector(GatewayConfig.Faults faults, long seed) {
        this.faults = faults;
        this.random = new SplittableRandom(seed);
    }

    GatewayConfig.Faults faults() {
        return faults;
    }

    /** Whether a per-message fault with this rate hits a message about {@code symbol}; counts it if so. */
    boolean hit(String fault, double rate, String symbol) {
        if (disabled || rate <= 0 || !faults.hits(symbol) || random.nextDouble() >= rate) {
            return false;
        }
        count(fault);
        return true;
    }

    /** Whether a REST fault with this rate hits (REST faults hit every symbol); counts it if so. */
    boolean hitRest(String fault, double rate) {
        if (disabled || rate <= 0 || random.nextDouble() >= rate) {
            return false;
        }
        count(fault);
        return true;
    }

    void count(String fault) {
        counts.merge(fault, 1L, Long::sum);
    }

    boolean stalled() {
        return stalled && !disabled;
    }

    /** Stops injecting (the counts stay). */
    void disable() {
        disabled = true;
    }

    void stalled(boolean stalled) {
        this.stalled = stalled;
    }

    /** Faults injected so far, by name. */
    Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /** A malformed frame, as a broken venue or a bad proxy would send. */
    static String malformed(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return "{\"e\":\"depthUpdate\",\"E\":";
            case 1:
                return "not json at all";
            default:
                return "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":42}]}";
        }
    }

    SplittableRandom random() {
        return random;
    }
}
