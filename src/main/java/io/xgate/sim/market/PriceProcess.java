package io.xgate.sim.market;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A shared random walk of the mid price per canonical symbol, in the quote currency as a {@code double}
 * (the simulator's own model, not the gateway's hot path). Venues quote it with their own noise.
 */
public final class PriceProcess {

    private final SplittableRandom random;
    private final Map<String, double[]> mids = new HashMap<>();

    public PriceProcess(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The current mid of a symbol, starting from a plausible level for its base asset. */
    public double mid(String symbol) {
        return mids.computeIfAbsent(symbol, s -> new double[] {initial(s)})[0];
    }

    /** Relative standard deviation of one step: at 50 steps a second, about 40 basis points a day. */
    private static final double STEP_SIGMA = 0.000002;

    /** Moves every symbol's mid by a small random step. */
    public void step() {
        for (double[] m : mids.values()) {
            m[0] *= 1 + random.nextGaussian() * STEP_SIGMA;
        }
    }

    private static double initial(String symbol) {
        String base = symbol.substring(0, symbol.indexOf('-'));
        switch (base) {
            case "BTC":
                return 65_000;
            case "ETH":
                return 3_200;
            case "SOL":
                return 150;
            default:
                return 100;
        }
    }
}
