package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-ahead reader ({@code JournalReader.readAhead}) hands out exactly what the reader on one thread does:
 * the same records in the same order, the same time window, the same problems, over segments and blocks with
 * records bigger than the handed-over buffers; and a handler that throws stops the read-ahead thread.
 */
class JournalReadAheadTest {

    @TempDir
    Path dir;

    private int records;

    @BeforeEach
    void writeSeveralSegments() throws Exception {
        Random rnd = new Random(11);
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            for (int i = 0; i < 20_000; i++) {
                // mostly small records, a few far larger than a 64 KiB buffer (blocks grow for them)
                int len = i % 997 == 0 ? 100_000 + rnd.nextInt(50_000) : 8 + rnd.nextInt(300);
                byte[] payload = numbered(i, len);
                byte[] noise = new byte[len - 8];
                rnd.nextBytes(noise); // incompressible: the segments fill
                System.arraycopy(noise, 0, payload, 8, noise.length);
                w.append(1 + i % 3, 1_000L * i, payload, 0, len);
            }
        }
        records = 20_000;
        assertTrue(JournalReader.open(dir, "feed").segments().size() >= 3, "several segments");
    }

    private static List<Rec> read(Path dir, boolean ahead, long from, long to) throws IOException {
        return JournalTestSupport.read(JournalReader.open(dir, "feed").readAhead(ahead), from, to);
    }

    @Test
    void everyRecordInOrderAsOnOneThread() throws Exception {
        List<Rec> inline = read(dir, false, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Rec> ahead = read(dir, true, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(records, inline.size());
        assertEquals(inline, ahead);
        for (int i = 0; i < ahead.size(); i++) {
            assertEquals(i, ahead.get(i).seq());
        }
    }

    @Test
    void aTimeWindowSkipsTheSameBlocksAndRecords() throws Exception {
        JournalReader a = JournalReader.open(dir, "feed").readAhead(true);
        JournalReader b = JournalReader.open(dir, "feed");
        List<Rec> ahead = JournalTestSupport.read(a, 5_000_000L, 7_000_000L);
        List<Rec> inline = JournalTestSupport.read(b, 5_000_000L, 7_000_000L);
        assertEquals(2_001, ahead.size());
        assertEquals(inline, ahead);
        assertEquals(b.blocksSkipped(), a.blocksSkipped());
        assertEquals(b.blocksDecoded(), a.blocksDecoded());
        assertTrue(a.blocksSkipped() > 0);
    }

    @Test
    void aCorruptBlockIsTheSameProblemAndEndsItsSegmentOnly() throws Exception {
        Path second = JournalReader.open(dir, "feed").segments().get(1);
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(second, bytes);
        JournalReader a = JournalReader.open(dir, "feed").readAhead(true);
        JournalReader b = JournalReader.open(dir, "feed");
        List<Rec> ahead = JournalTestSupport.read(a, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Rec> inline = JournalTestSupport.read(b, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(inline, ahead);
        assertTrue(ahead.size() < records && ahead.size() > records / 3, "lost the rest of one segment only");
        assertEquals(1, a.problems().size(), a.problems().toString());
        assertEquals(b.problems(), a.problems());
    }

    @Test
    void aHandlerThatThrowsStopsTheReadAheadThread() throws Exception {
        JournalReader a = JournalReader.open(dir, "feed").readAhead(true);
        int[] seen = {0};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.readAll((t, ts, buf, off, len) -> {
            if (++seen[0] == 100) {
                throw new IllegalStateException("the handler's own failure");
            }
        }));
        assertEquals("the handler's own failure", e.getMessage());
        assertEquals(100, seen[0]);
        long until = System.nanoTime() + 10_000_000_000L;
        while (readAheadThreads() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(0, readAheadThreads(), "the read-ahead thread ended");
        // and the reader reads again, from the start
        assertEquals(read(dir, false, Long.MIN_VALUE, Long.MAX_VALUE), JournalTestSupport.read(a, Long.MIN_VALUE,
                Long.MAX_VALUE));
    }

    @Test
    void anEmptyJournalReadsNothing() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(JournalTestSupport.read(JournalReader.open(empty, "feed").readAhead(true), Long.MIN_VALUE,
                Long.MAX_VALUE).isEmpty());
    }

    private static long readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("xgate-journal-read-ahead-") && t.isAlive()).count();
    }
}
