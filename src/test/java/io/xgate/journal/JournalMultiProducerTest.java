package io.xgate.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.journal.JournalTestSupport.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Four threads appending at once: every record on file exactly once, each producer's order kept. */
@Timeout(120)
class JournalMultiProducerTest {

    @TempDir
    Path dir;

    @Test
    void fourProducersEveryRecordOnceInPerProducerOrder() throws Exception {
        int producers = 4;
        int perProducer = 150_000;
        long[] retries = new long[producers];
        // a small queue, so that wrap-around and a full queue happen under contention; a refused record is retried
        JournalSettings s = JournalTestSupport.small(dir).withQueueCapacity(256 << 10);
        long dropped;
        try (JournalWriter w = JournalWriter.open(s, "feed")) {
            CyclicBarrier start = new CyclicBarrier(producers);
            Thread[] threads = new Thread[producers];
            for (int t = 0; t < producers; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    byte[] p = new byte[9 + id * 20];
                    ByteBuffer b = ByteBuffer.wrap(p);
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perProducer; i++) {
                        b.putLong(0, i).put(8, (byte) id);
                        while (!w.append(1 + id, i, p, 0, p.length)) {
                            retries[id]++;
                            Thread.yield();
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            w.flush();
            dropped = w.dropped();
        }
        List<Rec> recs = JournalTestSupport.readAll(dir, "feed");
        long[] next = new long[producers];
        long gaps = 0;
        for (Rec r : recs) {
            if (r.type() == JournalFormat.TYPE_GAP) {
                gaps += r.gapCount();
                continue;
            }
            int id = r.type() - 1;
            assertEquals(id, r.payload()[8]);
            assertEquals(9 + id * 20, r.payload().length);
            assertEquals(next[id], r.seq(), "producer " + id);
            assertEquals(next[id], r.ts());
            next[id]++;
        }
        for (int t = 0; t < producers; t++) {
            assertEquals(perProducer, next[t], "producer " + t);
        }
        long totalRetries = java.util.Arrays.stream(retries).sum();
        assertEquals(totalRetries, dropped, "each refusal counted once");
        assertEquals(dropped, gaps, "GAPs account for every refusal");
    }
}
