package io.xgate.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Leaves a small journal for the Python reader of JOURNAL_FORMAT.md in the directory given (default
 * {@code /tmp/journal-sample}): stream {@code feed}, two segments, compressed and raw blocks, and a GAP.
 */
public final class JournalSampleMain {

    private JournalSampleMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/journal-sample");
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        JournalSettings settings = JournalSettings.defaults(dir).withBlocks(512, Duration.ofMillis(5))
                .withQueueCapacity(4096);
        long t = 1_700_000_000_000_000_000L;
        try (JournalWriter w = JournalWriter.open(settings, "feed")) {
            byte[] frame = ("{\"e\":\"depthUpdate\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,"
                    + "\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"]]}").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4; i++) {
                w.append(1, t + i, frame, 0, frame.length);
            }
            w.flush();
            byte[] random = new byte[300];
            new java.util.Random(1).nextBytes(random);
            w.append(2, t + 10, random, 0, random.length);
            w.append(3, t + 11, new byte[0], 0, 0);
            // more than the 4 KiB queue holds at once: some are dropped and a GAP says how many
            for (int i = 0; i < 60; i++) {
                w.append(1, t + 20, frame, 0, frame.length);
            }
            w.flush();
            w.append(1, t + 30, frame, 0, frame.length);
        }
        try (JournalWriter w = JournalWriter.open(settings, "feed")) {
            w.append(4, t + 40, "second segment".getBytes(StandardCharsets.US_ASCII), 0, 14);
        }
        JournalSummary s = JournalReader.open(dir, "feed").summary();
        System.out.println(s);
    }
}
