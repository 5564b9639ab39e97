package io.xgate.bench;

import io.xgate.journal.JournalSettings;
import io.xgate.journal.JournalWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end journal throughput: {@value #BATCH} appends of 100-byte records, then {@code flush()} (everything on
 * file as complete LZ4 blocks), so the score is records/s that reached the file, not just enqueued. Payloads: 100
 * bytes of Binance {@code depthUpdate} JSON frames (compress well) or random bytes (do not: blocks stored raw).
 * Baseline in the same run: the same records framed (len, crc32c, type, ts, payload) and written with a plain
 * {@code FileChannel} by the calling thread, no queue, no compression.
 *
 * <p>{@code java -jar target/benchmarks.jar JournalAppend -wi 2 -i 3 -f 1 -w 2s -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class JournalAppendBenchmark {

    static final int BATCH = 100_000;
    static final int RECORD = 100;
    private static final String DEPTH = "{\"e\":\"depthUpdate\",\"E\":1700000000123,\"s\":\"BTCUSDT\",\"U\":4123456789,"
            + "\"u\":4123456795,\"b\":[[\"45281.10\",\"0.12000000\"],[\"45280.90\",\"1.50000000\"]],\"a\":[[\"45281.20\","
            + "\"0.30000000\"],[\"45281.50\",\"2.00000000\"]]}";

    @Param({"depth", "random"})
    public String payload;

    private byte[][] records;
    private Path dir;
    private JournalWriter writer;
    private FileChannel raw;
    private ByteBuffer rawBuf;
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        records = new byte[1024][];
        Random rnd = new Random(1);
        byte[] depth = DEPTH.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < records.length; i++) {
            byte[] r = new byte[RECORD];
            if (payload.equals("random")) {
                rnd.nextBytes(r);
            } else {
                // a 100-byte window of a frame whose numbers move, as consecutive frames do
                String f = DEPTH.replace("4123456789", Long.toString(4123456789L + i * 7L))
                        .replace("45281.10", String.format("%.2f", 45281.10 + (i % 50) * 0.1));
                byte[] b = f.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(b, (i * 13) % (b.length - RECORD), r, 0, RECORD);
            }
            records[i] = r;
        }
        dir = Files.createTempDirectory("journal-bench");
        writer = JournalWriter.open(JournalSettings.defaults(dir).withRetention(1L << 30, null), "bench");
        raw = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        rawBuf = ByteBuffer.allocateDirect(64 << 10);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        writer.close();
        System.out.println("\njournal: " + writer.status());
        raw.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TearDown(Level.Iteration)
    public void truncateRaw() throws IOException {
        raw.truncate(0);
    }

    /** The journal: enqueue from this thread, the writer thread batches, compresses, writes; then flush. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long journal() throws InterruptedException {
        JournalWriter w = writer;
        byte[][] rs = records;
        long refused = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] r = rs[i & 1023];
            long ts = ++seq;
            while (!w.append(1, ts, r, 0, RECORD)) {
                refused++;
                Thread.onSpinWait();
            }
        }
        w.flush();
        return refused;
    }

    /** Baseline: the same records framed and written by this thread, 64 KiB writes, no queue, no compression. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawFileChannel() throws IOException {
        ByteBuffer b = rawBuf;
        byte[][] rs = records;
        for (int i = 0; i < BATCH; i++) {
            byte[] r = rs[i & 1023];
            if (b.remaining() < 17 + RECORD) {
                drain(b);
            }
            crc.reset();
            crc.update(r, 0, RECORD);
            b.putInt(RECORD).putInt((int) crc.getValue()).put((byte) 1).putLong(++seq).put(r, 0, RECORD);
        }
        drain(b);
        return raw.position();
    }

    private void drain(ByteBuffer b) throws IOException {
        b.flip();
        while (b.hasRemaining()) {
            raw.write(b);
        }
        b.clear();
    }
}
