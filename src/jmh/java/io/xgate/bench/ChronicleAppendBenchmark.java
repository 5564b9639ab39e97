package io.xgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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
 * The journal's decision, measured: Chronicle Queue (OpenHFT's memory-mapped journal) appending the same records as
 * {@link JournalAppendBenchmark} ({@value JournalAppendBenchmark#BATCH} 100-byte records per invocation, the same
 * payloads), each as one excerpt of a type byte, a timestamp and the payload, from the calling thread into its
 * memory-mapped file (no compression: Chronicle stores what it is given). Run both in one invocation:
 * {@code java -jar target/benchmarks.jar 'JournalAppend|ChronicleAppend' -wi 2 -i 3 -f 1 -w 2s -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true", "-Ddisable.resource.warning=true"})
public class ChronicleAppendBenchmark {

    @Param({"depth", "random"})
    public String payload;

    private byte[][] records;
    private Path dir;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        records = new byte[1024][];
        Random rnd = new Random(1);
        String depth = "{\"e\":\"depthUpdate\",\"E\":1700000000123,\"s\":\"BTCUSDT\",\"U\":4123456789,"
                + "\"u\":4123456795,\"b\":[[\"45281.10\",\"0.12000000\"],[\"45280.90\",\"1.50000000\"]],\"a\":[[\"45281.20\","
                + "\"0.30000000\"],[\"45281.50\",\"2.00000000\"]]}";
        for (int i = 0; i < records.length; i++) {
            byte[] r = new byte[JournalAppendBenchmark.RECORD];
            if (payload.equals("random")) {
                rnd.nextBytes(r);
            } else {
                String f = depth.replace("4123456789", Long.toString(4123456789L + i * 7L))
                        .replace("45281.10", String.format("%.2f", 45281.10 + (i % 50) * 0.1));
                byte[] b = f.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(b, (i * 13) % (b.length - r.length), r, 0, r.length);
            }
            records[i] = r;
        }
        dir = Files.createTempDirectory("chronicle-bench");
        queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
        appender = queue.acquireAppender();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long n = 0;
        try (ExcerptTailer t = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    n++;
                }
            }
        }
        System.out.println("\nchronicle: " + n + " excerpts readable, " + Files.walk(dir).filter(Files::isRegularFile)
                .mapToLong(p -> p.toFile().length()).sum() / (1 << 20) + " MiB of files");
        queue.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Chronicle Queue: each record one excerpt (type, timestamp, payload) written by this thread into its mapping. */
    @Benchmark
    @OperationsPerInvocation(JournalAppendBenchmark.BATCH)
    public long chronicle() {
        ExcerptAppender a = appender;
        byte[][] rs = records;
        for (int i = 0; i < JournalAppendBenchmark.BATCH; i++) {
            byte[] r = rs[i & 1023];
            try (DocumentContext dc = a.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 1).writeLong(++seq).write(r, 0, r.length);
            }
        }
        return seq;
    }
}
