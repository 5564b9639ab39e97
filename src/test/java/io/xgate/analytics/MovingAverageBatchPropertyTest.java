package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The incremental moving averages against a straightforward batch computation of each definition over a whole
 * series (TA-Lib's formulas, recomputed from scratch at every index: no running sums), on 10,000 random series;
 * and the running sums' drift over long series. The EMA family's batch is a transcription of TA-Lib's default
 * compatibility: {@code TA_EMA}'s seed and recursion, and {@code TA_DEMA}/{@code TA_TEMA}'s layering (each EMA
 * seeded with the SMA of the first {@code n} values of the layer below, accumulated from 0.0 in order) and TEMA's
 * grouping {@code prevEMA3 + (3.0 * prevEMA1 - 3.0 * prevEMA2)}, as in the TA-Lib/ta-lib repository's
 * {@code src/ta_func/ta_TEMA.c} (stored version at commit {@code 02fa08ec4561d741ac7daa8987648f8692dcc261}).
 */
class MovingAverageBatchPropertyTest {

    record Case(String kind, int period, double[] series) {
        @Override
        public String toString() {
            return kind + "(" + period + ") over " + series.length + " values";
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> kind = Arbitraries.of("SMA", "EMA", "WMA", "DEMA", "TEMA");
        Arbitrary<Integer> period = Arbitraries.integers().between(1, 40);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 200);
        Arbitrary<Double> level = Arbitraries.of(1e-3, 1.0, 100.0, 65_000.0, 1e9);
        return Combinators.combine(kind, period, seed, length, level).as((k, p, s, n, l) -> {
            Random r = new Random(s);
            double[] xs = new double[n];
            double x = l;
            for (int i = 0; i < n; i++) {
                x = Math.max(l * 1e-3, x * (1 + 0.02 * r.nextGaussian())); // a positive random walk
                xs[i] = r.nextInt(20) == 0 ? l * r.nextDouble() * 3 : x;  // with occasional jumps
            }
            return new Case(k, p, xs);
        });
    }

    @Property(tries = 10_000)
    void incrementalEqualsBatch(@ForAll("cases") Case c) {
        double[] expected = batch(c.kind(), c.period(), c.series());
        MovingAverage ma = MovingAverage.create(c.kind(), c.period());
        double scale = 0;
        for (double v : c.series()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < c.series().length; i++) {
            double got = ma.update(c.series()[i]);
            if (Double.isNaN(expected[i])) {
                assertTrue(Double.isNaN(got), c + ": a value at " + i + " before the lookback");
                assertEquals(false, ma.ready());
            } else {
                // EMA, DEMA and TEMA are the same floating-point operations in the same order as TA-Lib's C loops
                // (and their transcription above): equal to the bit. SMA and WMA are compensated sums, within 1e-10.
                boolean ema = c.kind().endsWith("EMA");
                double tolerance = ema ? 0.0 : scale * 1e-10;
                assertEquals(expected[i], got, tolerance, c + " at " + i);
                assertTrue(ma.ready());
            }
        }
    }

    /** The batch definitions; NaN where TA-Lib has no output. */
    static double[] batch(String kind, int n, double[] x) {
        return switch (kind) {
            case "SMA" -> sma(n, x);
            case "WMA" -> wma(n, x);
            case "EMA" -> ema(n, x);
            case "DEMA" -> dema(n, x);
            case "TEMA" -> tema(n, x);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static double[] sma(int n, double[] x) {
        double[] out = nans(x.length);
        for (int i = n - 1; i < x.length; i++) {
            double s = 0;
            for (int j = i - n + 1; j <= i; j++) {
                s += x[j];
            }
            out[i] = s / n;
        }
        return out;
    }

    static double[] wma(int n, double[] x) {
        double[] out = nans(x.length);
        for (int i = n - 1; i < x.length; i++) {
            double s = 0;
            for (int w = 1; w <= n; w++) {
                s += w * x[i - n + w];
            }
            out[i] = s / (n * (n + 1) / 2.0);
        }
        return out;
    }

    /** TA-Lib's TA_EMA: seeded with the SMA of the first n inputs, output from index n-1. */
    static double[] ema(int n, double[] x) {
        double[] out = nans(x.length);
        if (x.length < n) {
            return out;
        }
        double k = 2.0 / (n + 1);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        double prev = s / n;
        out[n - 1] = prev;
        for (int i = n; i < x.length; i++) {
            prev = ((x[i] - prev) * k) + prev;
            out[i] = prev;
        }
        return out;
    }

    /** An EMA of the defined (non-NaN) tail of {@code x}, aligned to x's indices. */
    static double[] emaOfTail(int n, double[] x) {
        int first = 0;
        while (first < x.length && Double.isNaN(x[first])) {
            first++;
        }
        double[] tail = new double[x.length - first];
        System.arraycopy(x, first, tail, 0, tail.length);
        double[] e = ema(n, tail);
        double[] out = nans(x.length);
        System.arraycopy(e, 0, out, first, e.length);
        return out;
    }

    static double[] dema(int n, double[] x) {
        double[] e1 = ema(n, x);
        double[] e2 = emaOfTail(n, e1);
        double[] out = nans(x.length);
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.isNaN(e2[i]) ? Double.NaN : 2 * e1[i] - e2[i];
        }
        return out;
    }

    static double[] tema(int n, double[] x) {
        double[] e1 = ema(n, x);
        double[] e2 = emaOfTail(n, e1);
        double[] e3 = emaOfTail(n, e2);
        double[] out = nans(x.length);
        for (int i = 0; i < x.length; i++) {
            // TA-Lib's grouping (src/ta_func/ta_TEMA.c): prevEMA3 + (3.0 * prevEMA1 - 3.0 * prevEMA2)
            out[i] = Double.isNaN(e3[i]) ? Double.NaN : e3[i] + (3.0 * e1[i] - 3.0 * e2[i]);
        }
        return out;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * Drift: values of 1e12 and of about 1 interleaved for two million updates, so that a plain running sum loses
     * the small values' low bits every time a large one passes through. Whenever the window holds only small
     * values, SMA and WMA must equal the exact mean (BigDecimal) of the window.
     */
    @Test
    void runningSumsDoNotDriftOverLongSeries() {
        int n = 8;
        MovingAverage sma = MovingAverage.create("SMA", n);
        MovingAverage wma = MovingAverage.create("WMA", n);
        Random r = new Random(7);
        double[] window = new double[n];
        int checked = 0;
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double x = (i / n) % 2 == 0 ? 1e12 + r.nextDouble() : r.nextDouble();
            window[i % n] = x;
            double s = sma.update(x);
            double w = wma.update(x);
            if (i >= n && (i / n) % 2 == 1 && i % n == n - 1) {
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal weighted = BigDecimal.ZERO;
                for (int j = 0; j < n; j++) {
                    BigDecimal v = new BigDecimal(window[(i - n + 1 + j) % n]);
                    sum = sum.add(v);
                    weighted = weighted.add(v.multiply(BigDecimal.valueOf(j + 1)));
                }
                double exactSma = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL64).doubleValue();
                double exactWma = weighted.divide(BigDecimal.valueOf(n * (n + 1) / 2), MathContext.DECIMAL64)
                        .doubleValue();
                worst = Math.max(worst, Math.max(Math.abs(s - exactSma), Math.abs(w - exactWma)));
                checked++;
            }
        }
        assertTrue(checked > 100_000, "checked " + checked);
        assertTrue(worst < 1e-9, "worst drift " + worst);
    }
}
