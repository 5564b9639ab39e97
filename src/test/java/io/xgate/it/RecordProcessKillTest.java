package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.Recovery;
import io.xgate.journal.RecoveryReport;
import io.xgate.journal.Replayer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgate record} as a real process, killed with SIGKILL while it records a simulated session with faults: the
 * journal it leaves opens cleanly (a torn last block, if the kill tore one, is found by its CRC, cut and reported),
 * every complete record replays through the production code without one divergence, and a new recording into the
 * same directory continues in a new segment. Waits on the process's log lines and on the journal's own growth.
 */
class RecordProcessKillTest {

    @TempDir
    Path dir;

    @Test
    void aJournalKilledMidWriteOpensCleanlyAndReplays() throws Exception {
        Path config = SimConfig.write(dir, "  faults:\n    kraken: {symbols: [ETH-USDT], badChecksumRate: 0.01}\n"
                + "    binance: {symbols: [ETH-USDT], dropRate: 0.01}\n", "23h");
        Path journal = dir.resolve("journal");
        Process p = record(config, journal);
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch started = follow(p, lines, "started in");
        try {
            assertTrue(started.await(60, TimeUnit.SECONDS), "no 'started' line; output: " + lines);
            // it has written a few MiB of the feed: the kill lands while the writer is busy
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (feedBytes(journal) < 3 << 20) {
                assertTrue(System.nanoTime() < deadline, "the journal did not grow to 3 MiB; output: " + lines);
                Thread.sleep(20);
            }
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not die on SIGKILL");
            assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        } finally {
            p.destroyForcibly();
        }
        assertTrue(lines.stream().noneMatch(l -> l.contains("stopped cleanly")), "it was killed, not stopped");

        RecoveryReport feed = Recovery.recover(journal, FeedRecords.FEED);
        RecoveryReport events = Recovery.recover(journal, FeedRecords.EVENTS);
        assertTrue(feed.recordsKept() > 10_000, "the complete blocks before the kill are kept: " + feed);
        assertTrue(!feed.truncated() || feed.reason() != null, "a cut tail says why: " + feed);
        assertTrue(events.segment() != null, "the events stream was being written too: " + events);
        JournalReader reader = JournalReader.open(journal, FeedRecords.FEED);
        assertEquals(List.of(), reader.problems(), "after recovery the feed reads without a problem");
        Replayer replayer = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
        });
        long records = reader.readAll(replayer::record);
        assertEquals(1, segments(journal).stream().filter(f -> f.getFileName().toString().startsWith("feed")).count(),
                "one feed segment (3 MiB of 256)");
        assertEquals(feed.recordsKept(), records, "every kept record reads back");
        assertEquals(0, replayer.gaps(), "nothing was dropped before the kill");
        for (Replayer.VenueResult r : replayer.results()) {
            assertEquals(List.of(), r.divergences(), r.venue() + ": every complete record replays as recorded");
            assertTrue(r.messages() > 100, r.venue() + ": its messages replayed: " + r);
        }
        assertTrue(replayer.results().stream().filter(r -> r.venue().equals("kraken"))
                .allMatch(r -> r.resyncs().getOrDefault("checksum", 0L) > 0), "kraken's bad checksums replayed");

        // recording again into the same directory: the old segments stay, a new one starts
        int segmentsBefore = segments(journal).size();
        Process again = record(config, journal);
        List<String> againLines = new CopyOnWriteArrayList<>();
        CountDownLatch againStarted = follow(again, againLines, "started in");
        try {
            assertTrue(againStarted.await(60, TimeUnit.SECONDS), "no 'started' line; output: " + againLines);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(again.pid())).start().waitFor());
            assertTrue(again.waitFor(60, TimeUnit.SECONDS), "did not stop on SIGTERM; output: " + againLines);
        } finally {
            again.destroyForcibly();
        }
        assertTrue(againLines.stream().anyMatch(l -> l.contains("journal closed")), "output: " + againLines);
        assertTrue(segments(journal).size() > segmentsBefore, "a new segment per stream: " + segments(journal));
        Replayer both = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
        });
        JournalReader.open(journal, FeedRecords.FEED).readAll(both::record);
        for (Replayer.VenueResult r : both.results()) {
            assertEquals(List.of(), r.divergences(), r.venue() + ": both recordings replay, the second from its "
                    + "own session record");
        }
    }

    private Process record(Path config, Path journal) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "record", "--config", config.toString(), "--journal", journal.toString())
                .redirectErrorStream(true).start();
    }

    private static CountDownLatch follow(Process p, List<String> lines, String marker) {
        CountDownLatch seen = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains(marker)) {
                        seen.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return seen;
    }

    private static long feedBytes(Path journal) throws IOException {
        long n = 0;
        for (Path s : segments(journal)) {
            if (s.getFileName().toString().startsWith(FeedRecords.FEED)) {
                n += Files.size(s);
            }
        }
        return n;
    }

    private static List<Path> segments(Path journal) throws IOException {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(journal)) {
            return s.filter(f -> f.toString().endsWith(".xjl")).sorted().toList();
        }
    }
}
