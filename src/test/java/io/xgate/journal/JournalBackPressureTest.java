package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the writer stuck in a write, producers append far more than the queue holds: append never waits, every
 * refused record is counted, GAP records account for exactly those, and every accepted record is on file in order.
 */
@Timeout(120)
class JournalBackPressureTest {

    @TempDir
    Path dir;

    @Test
    void appendNeverWaitsAndGapsAccountForEveryDroppedRecord() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(false);
        JournalSettings s = JournalTestSupport.small(dir).withQueueCapacity(64 << 10).withSinks(TestSinks.gated(gate, armed,
                stuck));
        int n = 20_000;
        List<Long> accepted = new ArrayList<>();
        long droppedByCaller;
        try (JournalWriter w = JournalWriter.open(s, "feed")) {
            armed.set(true);
            // phase 1: the writer takes one block and blocks in its write
            for (int i = 0; i < 100; i++) {
                assertTrue(w.append(1, i, numbered(i, 100), 0, 100));
                accepted.add((long) i);
            }
            assertTrue(stuck.await(10, TimeUnit.SECONDS));
            // phase 2: 20,000 more (2 MB into a 64 KiB queue) while the writer is stuck; the producer finishes
            // although the writer cannot move, so append does not wait for it
            CompletableFuture<long[]> producer = CompletableFuture.supplyAsync(() -> {
                long refused = 0;
                for (int i = 100; i < 100 + n; i++) {
                    if (w.append(1, i, numbered(i, 100), 0, 100)) {
                        synchronized (accepted) {
                            accepted.add((long) i);
                        }
                    } else {
                        refused++;
                    }
                }
                return new long[] {refused};
            });
            droppedByCaller = producer.get(30, TimeUnit.SECONDS)[0];
            assertEquals(1, gate.getCount(), "the writer is still stuck");
            assertTrue(droppedByCaller > n / 2, "most were refused: " + droppedByCaller);
            assertEquals(droppedByCaller, w.dropped());
            // phase 3: space returns; the next record is preceded by a GAP
            armed.set(false);
            gate.countDown();
            w.flush();
            for (int i = 100 + n; i < 200 + n; i++) {
                assertTrue(w.append(1, i, numbered(i, 100), 0, 100));
                accepted.add((long) i);
            }
            w.flush();
            assertEquals(droppedByCaller, w.status().dropped());
        }
        List<Rec> recs = JournalTestSupport.readAll(dir, "feed");
        long gaps = 0;
        List<Long> seqs = new ArrayList<>();
        int gapRecords = 0;
        for (Rec r : recs) {
            if (r.type() == JournalFormat.TYPE_GAP) {
                gaps += r.gapCount();
                gapRecords++;
                assertFalse(seqs.isEmpty(), "a GAP follows what was written before the loss");
            } else {
                seqs.add(r.seq());
            }
        }
        assertTrue(gapRecords >= 1);
        assertEquals(droppedByCaller, gaps, "GAP counts add up to dropped()");
        assertEquals(accepted, seqs, "every accepted record, in order, nothing else lost");
        JournalSummary summary = JournalReader.open(dir, "feed").summary();
        assertEquals(droppedByCaller, summary.droppedInGaps());
    }

    @Test
    void aRecordLargerThanTheQueueCanHoldIsDroppedAndCounted() throws Exception {
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withQueueCapacity(64 << 10), "feed")) {
            assertFalse(w.append(1, 1, new byte[9000], 0, 9000));
            assertTrue(w.append(1, 2, new byte[10], 0, 10));
            assertEquals(1, w.dropped());
        }
        List<Rec> recs = JournalTestSupport.readAll(dir, "feed");
        assertEquals(2, recs.size());
        assertEquals(JournalFormat.TYPE_GAP, recs.get(0).type());
        assertEquals(1, recs.get(0).gapCount());
    }
}
