package io.xgate.bench;

import io.xgate.num.Decimals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one venue decimal into a mantissa: {@link Decimals} from the frame's bytes (what the dialects do),
 * from a {@code String}, and the baseline {@code new BigDecimal(String)} (which does less: it does not even
 * produce the scaled {@code long}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecimalParseBenchmark {

    /** A Binance price, a Binance quantity, a Kraken JSON-number quantity. */
    @Param({"65432.10", "0.00123000", "4831.75496356"})
    public String text;

    private byte[] frame;
    private int offset;
    private int scale;

    @Setup
    public void setUp() {
        frame = ("{\"p\":\"" + text + "\"}").getBytes(StandardCharsets.US_ASCII);
        offset = 6;
        scale = 8;
    }

    @Benchmark
    public long decimalsFromBytes() {
        return Decimals.parse(frame, offset, text.length(), scale);
    }

    @Benchmark
    public long decimalsFromString() {
        return Decimals.parse(text, scale);
    }

    @Benchmark
    public BigDecimal bigDecimalBaseline() {
        return new BigDecimal(text);
    }
}
