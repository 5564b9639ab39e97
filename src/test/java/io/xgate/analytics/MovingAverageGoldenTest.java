package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TA-Lib's own published reference values, as golden tests.
 *
 * <p>Source: the TA-Lib/ta-lib repository, {@code src/tools/ta_regtest/ta_test_func/test_ma.c} (stored versions at
 * commits {@code 22c821619db4b88c48f772e83e94bf7a0afc1c04} and {@code e54b940b449650617eeb906bd7dfd26fc68091d2},
 * whose rows used here agree), over the input {@link TaLibReference#CLOSE} ({@code test_data.c},
 * {@code TA_SREF_close_daily_ref_0_PRIV}). Each row of {@code tableTest} gives a period, a method, a compatibility,
 * an unstable period, an output index, the expected value and the output's begin index; the input index of the
 * value is {@code begIdx + outIndex}. TA-Lib checks each value to within 0.01
 * ({@code checkExpectedValue} in {@code test_util.c}: {@code TA_REAL_EQ(expected, actual, 0.01)}), and so do we.
 *
 * <p>TA-Lib publishes SMA, WMA and EMA values in its default compatibility (EMA seeded with the SMA of its first
 * {@code n} inputs: our public API), but its DEMA and TEMA values, and part of its EMA values, only in Metastock
 * compatibility, where each EMA layer is seeded with its first input. Those rows run our chained-EMA code with that
 * seed ({@link MovingAverages.Seed#FIRST_VALUE}); everything but the seed is the code behind
 * {@link MovingAverage#create}. Rows with an unstable period only hide the first outputs in TA-Lib (the begin index
 * moves, the values at a given input index do not), so they check our values at those input indices. DEMA and
 * TEMA in default compatibility get TA-Lib's begin index (the same in both compatibilities) and the period-1
 * identity here; TA-Lib publishes no default-compatibility value for them, so their values are checked, to the
 * bit, against a transcription of TA-Lib's C loops in {@code MovingAverageBatchPropertyTest}.
 */
class MovingAverageGoldenTest {

    private static final double TA_LIB_TOLERANCE = 0.01;

    /** period, kind, seed, TA-Lib's begIdx (first output's input index), output index, expected value. */
    static Stream<Arguments> rows() {
        String sma = "SMA";
        String wma = "WMA";
        String ema = "EMA";
        MovingAverages.Seed d = MovingAverages.Seed.SMA;
        MovingAverages.Seed m = MovingAverages.Seed.FIRST_VALUE;
        return Stream.of(
                // SMA TEST - CLASSIC/METASTOCK
                row(1, sma, d, 0, 0, 91.50), row(1, sma, d, 0, 1, 94.81), row(1, sma, d, 0, 250, 108.75),
                row(1, sma, d, 0, 251, 107.87),
                row(2, sma, d, 1, 0, 93.15), row(2, sma, d, 1, 1, 94.59), row(2, sma, d, 1, 2, 94.73),
                row(2, sma, d, 1, 250, 108.31),
                row(30, sma, d, 29, 0, 90.42), row(30, sma, d, 29, 1, 90.21), row(30, sma, d, 29, 2, 89.96),
                row(30, sma, d, 29, 29, 87.12), row(30, sma, d, 29, 221, 107.95), row(30, sma, d, 29, 222, 108.42),
                // WMA TEST - CLASSIC
                row(1, wma, d, 0, 0, 91.50), row(1, wma, d, 0, 1, 94.81), row(1, wma, d, 0, 250, 108.75),
                row(1, wma, d, 0, 251, 107.87),
                row(2, wma, d, 1, 0, 93.71), row(2, wma, d, 1, 1, 94.52), row(2, wma, d, 1, 2, 94.85),
                row(2, wma, d, 1, 250, 108.16),
                row(30, wma, d, 29, 0, 88.567), row(30, wma, d, 29, 1, 88.233), row(30, wma, d, 29, 2, 88.034),
                row(30, wma, d, 29, 29, 87.191), row(30, wma, d, 29, 221, 109.3413),
                row(30, wma, d, 29, 222, 109.3466),
                // EMA TEST - Classic
                row(1, ema, d, 0, 0, 91.50), row(1, ema, d, 0, 1, 94.81), row(1, ema, d, 0, 251, 107.87),
                row(2, ema, d, 1, 0, 93.15), row(2, ema, d, 1, 1, 93.96), row(2, ema, d, 1, 250, 108.21),
                row(10, ema, d, 9, 0, 93.22), row(10, ema, d, 9, 1, 93.75), row(10, ema, d, 9, 20, 86.46),
                row(10, ema, d, 9, 242, 108.97),
                // EMA TEST - Metastock, 1 unstable price bar (begIdx = lookback + 1)
                row(1, ema, m, 1, 0, 94.81), row(1, ema, m, 1, 1, 94.37), row(1, ema, m, 1, 250, 107.87),
                row(2, ema, m, 2, 0, 94.15), row(2, ema, m, 2, 1, 94.78), row(2, ema, m, 2, 249, 108.21),
                row(10, ema, m, 10, 0, 93.24), row(10, ema, m, 10, 1, 93.97), row(10, ema, m, 10, 20, 86.23),
                row(10, ema, m, 10, 241, 108.97),
                // EMA TEST - Metastock, 2 unstable price bars (begIdx = lookback + 2)
                row(1, ema, m, 2, 0, 94.37), row(1, ema, m, 2, 1, 95.09), row(1, ema, m, 2, 249, 107.87),
                row(2, ema, m, 3, 0, 94.78), row(2, ema, m, 3, 1, 94.11), row(2, ema, m, 3, 248, 108.21),
                row(10, ema, m, 11, 0, 93.97), row(10, ema, m, 11, 1, 94.79), row(10, ema, m, 11, 20, 86.39),
                row(10, ema, m, 11, 240, 108.97),
                // Last 3 values with 1 unstable, period 10 (startIdx 249)
                row(10, ema, m, 249, 1, 109.22), row(10, ema, m, 249, 2, 108.97),
                // DEMA TEST - Metastock (one-value tests and period 14)
                row(1, "DEMA", m, 0, 0, 91.50), row(1, "DEMA", m, 1, 0, 94.815), row(1, "DEMA", m, 251, 0, 107.87),
                row(14, "DEMA", m, 26, 0, 83.785), row(14, "DEMA", m, 26, 1, 84.768),
                row(14, "DEMA", m, 26, 252 - 27, 109.467),
                // TEMA TEST - Metastock (one-value tests and period 14)
                row(1, "TEMA", m, 0, 0, 91.50), row(1, "TEMA", m, 1, 0, 94.815), row(1, "TEMA", m, 251, 0, 107.87),
                row(14, "TEMA", m, 39, 0, 84.721), row(14, "TEMA", m, 39, 1, 84.089),
                row(14, "TEMA", m, 39, 252 - 40, 108.418));
    }

    private static Arguments row(int period, String kind, MovingAverages.Seed seed, int begIdx, int outIndex,
                                 double expected) {
        return Arguments.of(period, kind, seed, begIdx, outIndex, expected);
    }

    @ParameterizedTest(name = "{1}({0}) {2} begIdx {3} out[{4}] = {5}")
    @MethodSource("rows")
    void taLibReferenceValue(int period, String kind, MovingAverages.Seed seed, int begIdx, int outIndex,
                             double expected) {
        double[] out = run(MovingAverages.create(kind, period, seed));
        int at = begIdx + outIndex;
        assertEquals(expected, out[at], TA_LIB_TOLERANCE, kind + "(" + period + ") at input " + at);
    }

    /** TA-Lib's begin index for the whole series is the lookback, in every compatibility. */
    @ParameterizedTest(name = "{0}({1}) starts at input {2}")
    @MethodSource("lookbacks")
    void firstValueAtTaLibsBeginIndex(String kind, int period, int begIdx) {
        MovingAverage ma = MovingAverage.create(kind, period);
        assertEquals(begIdx, ma.lookback());
        double[] out = run(ma);
        for (int i = 0; i < begIdx; i++) {
            assertTrue(Double.isNaN(out[i]), kind + " at " + i + " before the lookback");
        }
        assertFalse(Double.isNaN(out[begIdx]));
        assertTrue(ma.ready());
    }

    static Stream<Arguments> lookbacks() {
        return Stream.of(Arguments.of("SMA", 30, 29), Arguments.of("WMA", 30, 29), Arguments.of("EMA", 10, 9),
                Arguments.of("DEMA", 14, 26), Arguments.of("TEMA", 14, 39), Arguments.of("SMA", 1, 0),
                Arguments.of("DEMA", 1, 0), Arguments.of("TEMA", 1, 0));
    }

    /** Period 1 is the identity for every kind and seed (TA-Lib's period-1 rows, all of them at once). */
    @ParameterizedTest
    @MethodSource("kinds")
    void periodOneIsTheIdentity(String kind) {
        double[] out = run(MovingAverage.create(kind, 1));
        for (int i = 0; i < out.length; i++) {
            assertEquals(TaLibReference.CLOSE[i], out[i], 1e-9, kind + " at " + i);
        }
    }

    static Stream<String> kinds() {
        return Stream.of("SMA", "EMA", "WMA", "DEMA", "TEMA");
    }

    private static double[] run(MovingAverage ma) {
        double[] out = new double[TaLibReference.CLOSE.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ma.update(TaLibReference.CLOSE[i]);
        }
        return out;
    }
}
