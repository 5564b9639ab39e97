package io.xgate.analytics;

import java.util.Locale;

/** The implementations behind {@link MovingAverage#create}. Package-private: the interface is the API. */
final class MovingAverages {

    /**
     * How each EMA layer is seeded. {@link #SMA} is TA-Lib's default compatibility and the only one the public API
     * offers; {@link #FIRST_VALUE} is TA-Lib's Metastock compatibility (the first input is the seed, the value is
     * reported from the {@code n}-th input on), kept so that TA-Lib's published DEMA and TEMA reference values,
     * which are Metastock's, can check the very same chaining code.
     */
    enum Seed { SMA, FIRST_VALUE }

    /** The kinds {@link MovingAverage#create} accepts, for messages. */
    static final String KINDS = "SMA, EMA, WMA, DEMA, TEMA";

    private MovingAverages() {
    }

    /** A kind as the factory matches it: trimmed, upper case. */
    static String normalize(String kind) {
        return kind == null ? "" : kind.trim().toUpperCase(Locale.ROOT);
    }

    static MovingAverage create(String kind, int period, Seed seed) {
        String k = normalize(kind);
        if (period < 1 || period > MovingAverage.MAX_PERIOD) {
            throw new IllegalArgumentException("moving average period " + period + " outside 1.."
                    + MovingAverage.MAX_PERIOD);
        }
        return switch (k) {
            case "SMA" -> new Sma(period);
            case "WMA" -> new Wma(period);
            case "EMA" -> new Ema(period, 1, seed);
            case "DEMA" -> new Ema(period, 2, seed);
            case "TEMA" -> new Ema(period, 3, seed);
            default -> throw new IllegalArgumentException("unknown moving average '" + kind + "'; accepted: "
                    + KINDS + " (case-insensitive)");
        };
    }

    private static double checked(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("moving average input must be finite, got " + value);
        }
        return value;
    }

    /**
     * A compensated sum: {@code sum + comp}, where every addition's rounding error, obtained exactly with Knuth's
     * branch-free TwoSum, is accumulated in {@code comp}. A running sum that adds and removes values for ever then
     * does not drift: what a large value's passage rounds away is given back when it leaves.
     */
    static final class CompensatedSum {
        private double sum;
        private double comp;

        void add(double x) {
            double s = sum + x;
            double bv = s - sum;
            comp += (sum - (s - bv)) + (x - bv);
            sum = s;
        }

        /**
         * Adds {@code w * x} exactly: the rounded product and its rounding error ({@link Math#fma}, one instruction
         * where the CPU has FMA), so that a weight times a large value loses nothing either.
         */
        void addProduct(double w, double x) {
            double p = w * x;
            add(p);
            comp += Math.fma(w, x, -p);
        }

        /** Subtracts another compensated sum, both its parts, so that its low-order bits are not rounded away. */
        void subtract(CompensatedSum other) {
            add(-other.sum);
            comp -= other.comp;
        }

        double value() {
            return sum + comp;
        }

        void clear() {
            sum = 0.0;
            comp = 0.0;
        }
    }

    /** Simple moving average over a ring of the last {@code n} values. */
    static final class Sma implements MovingAverage {
        private final int n;
        private final double[] ring;
        private final CompensatedSum sum = new CompensatedSum();
        private int next;
        private long count;

        Sma(int n) {
            this.n = n;
            this.ring = new double[n];
        }

        @Override
        public double update(double value) {
            double x = checked(value);
            if (count >= n) {
                sum.add(-ring[next]);
            }
            sum.add(x);
            ring[next] = x;
            next = next + 1 == n ? 0 : next + 1;
            count++;
            return count >= n ? sum.value() / n : Double.NaN;
        }

        @Override
        public boolean ready() {
            return count >= n;
        }

        @Override
        public int lookback() {
            return n - 1;
        }

        @Override
        public String kind() {
            return "SMA";
        }

        @Override
        public int period() {
            return n;
        }

        @Override
        public void reset() {
            sum.clear();
            next = 0;
            count = 0;
        }
    }

    /**
     * Weighted moving average, weights {@code 1..n} (newest {@code n}). When the window slides, the weighted sum
     * loses one of every value in the old window and gains {@code n} times the new one:
     * {@code W' = W - S + n*x}, {@code S' = S - oldest + x}.
     */
    static final class Wma implements MovingAverage {
        private final int n;
        private final double divider;
        private final double[] ring;
        private final CompensatedSum sum = new CompensatedSum();
        private final CompensatedSum weighted = new CompensatedSum();
        private int next;
        private long count;

        Wma(int n) {
            this.n = n;
            this.divider = (double) n * (n + 1) / 2.0;
            this.ring = new double[n];
        }

        @Override
        public double update(double value) {
            double x = checked(value);
            if (count >= n) {
                weighted.subtract(sum);
                weighted.addProduct(n, x);
                sum.add(-ring[next]);
                sum.add(x);
            } else {
                weighted.addProduct(count + 1, x);
                sum.add(x);
            }
            ring[next] = x;
            next = next + 1 == n ? 0 : next + 1;
            count++;
            return count >= n ? weighted.value() / divider : Double.NaN;
        }

        @Override
        public boolean ready() {
            return count >= n;
        }

        @Override
        public int lookback() {
            return n - 1;
        }

        @Override
        public String kind() {
            return "WMA";
        }

        @Override
        public int period() {
            return n;
        }

        @Override
        public void reset() {
            sum.clear();
            weighted.clear();
            next = 0;
            count = 0;
        }
    }

    /**
     * EMA, DEMA and TEMA: {@code layers} chained EMAs of the same period, layer {@code j+1} fed layer {@code j}'s
     * values from its first one on, each seeded by {@link Seed}. The recursion is TA-Lib's
     * {@code ((x - prev) * k) + prev}, so the results match its to the last bits.
     */
    static final class Ema implements MovingAverage {
        private final int n;
        private final int layers;
        private final Seed seed;
        private final double k;
        /** Per layer: the EMA so far, and how many values it has been fed. */
        private final double[] prev;
        private final long[] fed;
        private final double[] seedSum;

        Ema(int n, int layers, Seed seed) {
            this.n = n;
            this.layers = layers;
            this.seed = seed;
            this.k = 2.0 / (n + 1);
            this.prev = new double[layers];
            this.fed = new long[layers];
            this.seedSum = new double[layers];
        }

        @Override
        public double update(double value) {
            double x = checked(value);
            double e1 = layer(0, x);
            if (layers == 1 || Double.isNaN(e1)) {
                return e1;
            }
            double e2 = layer(1, e1);
            if (Double.isNaN(e2)) {
                return e2;
            }
            if (layers == 2) {
                return (2.0 * e1) - e2;
            }
            double e3 = layer(2, e2);
            if (Double.isNaN(e3)) {
                return e3;
            }
            return e3 + ((3.0 * e1) - (3.0 * e2));
        }

        /** Feeds one layer; NaN until it has been fed {@code n} values. */
        private double layer(int j, double x) {
            long c = ++fed[j];
            if (seed == Seed.SMA) {
                if (c < n) {
                    seedSum[j] += x;
                    return Double.NaN;
                }
                if (c == n) {
                    prev[j] = (seedSum[j] + x) / n;
                    return prev[j];
                }
            } else if (c == 1) {
                prev[j] = x;
                return n == 1 ? x : Double.NaN;
            }
            double p = ((x - prev[j]) * k) + prev[j];
            prev[j] = p;
            return c < n ? Double.NaN : p;
        }

        @Override
        public boolean ready() {
            return fed[layers - 1] >= n;
        }

        @Override
        public int lookback() {
            return layers * (n - 1);
        }

        @Override
        public String kind() {
            return layers == 1 ? "EMA" : layers == 2 ? "DEMA" : "TEMA";
        }

        @Override
        public int period() {
            return n;
        }

        @Override
        public void reset() {
            for (int j = 0; j < layers; j++) {
                prev[j] = 0.0;
                fed[j] = 0;
                seedSum[j] = 0.0;
            }
        }
    }
}
