package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time range returns exactly its records, and blocks outside it are not decompressed. */
class JournalSeekTest {

    @TempDir
    Path dir;

    @Test
    void rangeReturnsExactlyTheRecordsInsideAndSkipsOtherBlocks() throws Exception {
        int n = 20_000;
        long t0 = 1_000_000;
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withSegmentSize(16 << 10), "feed")) {
            for (int i = 0; i < n; i++) {
                w.append(1 + i % 3, t0 + i * 10L, numbered(i, 60), 0, 60);
            }
        }
        JournalReader all = JournalReader.open(dir, "feed");
        assertTrue(all.segments().size() > 2, "several segments: " + all.segments());
        List<Rec> everything = JournalTestSupport.read(all, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(n, everything.size());
        long totalBlocks = all.blocksDecoded();
        Random rnd = new Random(7);
        for (int k = 0; k < 50; k++) {
            long from = t0 + rnd.nextInt(n * 10) - 5;
            long to = from + rnd.nextInt(n * 2);
            JournalReader r = JournalReader.open(dir, "feed");
            List<Rec> got = JournalTestSupport.read(r, from, to);
            List<Rec> want = everything.stream().filter(x -> x.ts() >= from && x.ts() <= to).toList();
            assertTrue(want.equals(got), "range " + from + ".." + to + ": want " + want.size() + " got " + got.size());
            // the mechanism: only blocks overlapping the range were decompressed
            long overlapping = want.isEmpty() ? 0 : 1;
            assertTrue(r.blocksDecoded() <= totalBlocks / 3 + 2,
                    "decoded " + r.blocksDecoded() + " of " + totalBlocks + " blocks for " + want.size() + " records");
            assertEquals(totalBlocks, r.blocksDecoded() + r.blocksSkipped());
            assertTrue(r.blocksDecoded() >= overlapping);
        }
        // a range after everything decodes nothing
        JournalReader late = JournalReader.open(dir, "feed");
        assertEquals(0, late.read(t0 + n * 10L, Long.MAX_VALUE, (a, b, c, d, e) -> { }));
        assertEquals(0, late.blocksDecoded());
    }
}
