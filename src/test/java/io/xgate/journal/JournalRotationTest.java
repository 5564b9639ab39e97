package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.MutableClock;
import io.xgate.journal.JournalTestSupport.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments rotate by size and at UTC midnight; retention deletes only the oldest complete segments. */
class JournalRotationTest {

    @TempDir
    Path dir;

    private static byte[] random(Random rnd, int len) {
        byte[] b = numbered(0, len);
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void rotatesBeforeASegmentWouldExceedItsSize() throws Exception {
        Random rnd = new Random(1);
        long segmentSize = 64 << 10;
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withSegmentSize(segmentSize), "feed")) {
            for (int i = 0; i < 10_000; i++) {
                byte[] p = random(rnd, 100);
                java.nio.ByteBuffer.wrap(p).putLong(0, i);
                w.append(1, i, p, 0, p.length);
            }
            w.flush();
            assertTrue(w.status().segments() > 10, w.status().toString());
        }
        JournalReader r = JournalReader.open(dir, "feed");
        List<Path> segs = r.segments();
        assertTrue(segs.size() > 10);
        for (Path p : segs) {
            assertTrue(Files.size(p) <= segmentSize, p + " is " + Files.size(p));
        }
        List<String> names = segs.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(names.stream().sorted().toList(), names, "lexical order is sequence order");
        List<Rec> recs = JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(10_000, recs.size());
        for (int i = 0; i < recs.size(); i++) {
            assertEquals(i, recs.get(i).seq());
        }
    }

    @Test
    void rotatesAtUtcMidnightOfTheInjectedClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T23:59:58Z"));
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withClock(clock), "feed")) {
            w.append(1, 1, numbered(1, 10), 0, 10);
            w.flush();
            clock.set(Instant.parse("2025-03-01T23:59:59.999Z"));
            w.append(1, 2, numbered(2, 10), 0, 10);
            w.flush();
            assertEquals(1, w.status().segments());
            clock.set(Instant.parse("2025-03-02T00:00:00.001Z"));
            w.append(1, 3, numbered(3, 10), 0, 10);
            w.flush();
            assertEquals(2, w.status().segments());
            assertTrue(w.status().segment().getFileName().toString().startsWith("feed-20250302T000000Z-000002"),
                    w.status().segment().toString());
        }
        JournalReader r = JournalReader.open(dir, "feed");
        assertEquals(List.of("feed-20250301T235958Z-000001.xjl", "feed-20250302T000000Z-000002.xjl"),
                r.segments().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(3, JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    @Test
    void retentionBySizeDeletesOnlyTheOldestCompleteSegments() throws Exception {
        Random rnd = new Random(2);
        long segmentSize = 32 << 10;
        long retention = 128 << 10;
        int n = 20_000;
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withSegmentSize(segmentSize)
                .withRetention(retention, null), "feed")) {
            for (int i = 0; i < n; i++) {
                byte[] p = random(rnd, 100);
                java.nio.ByteBuffer.wrap(p).putLong(0, i);
                w.append(1, i, p, 0, p.length);
            }
            w.flush();
            assertTrue(w.status().segments() > 40);
        }
        JournalReader r = JournalReader.open(dir, "feed");
        List<Path> segs = r.segments();
        long complete = 0;
        for (int i = 0; i < segs.size() - 1; i++) {
            complete += Files.size(segs.get(i));
        }
        assertTrue(complete <= retention, "complete segments hold " + complete);
        assertTrue(complete + Files.size(segs.get(segs.size() - 1)) > retention - segmentSize, "kept too little");
        // what is left is a contiguous suffix ending at the last record: only the oldest were deleted
        List<Rec> recs = JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(n - 1, recs.get(recs.size() - 1).seq());
        for (int i = 1; i < recs.size(); i++) {
            assertEquals(recs.get(i - 1).seq() + 1, recs.get(i).seq());
        }
        assertTrue(recs.get(0).seq() > 0);
    }

    @Test
    void retentionByAgeDeletesSegmentsThatEndedLongerAgo() throws Exception {
        Instant t0 = Instant.parse("2025-03-01T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        JournalSettings s = JournalTestSupport.small(dir).withSegmentSize(4096).withRetention(0, Duration.ofHours(1))
                .withClock(clock);
        try (JournalWriter w = JournalWriter.open(s, "feed")) {
            for (int i = 0; i < 6; i++) {
                clock.set(t0.plus(Duration.ofMinutes(40L * i)));
                byte[] p = random(new Random(i), 5000); // incompressible, larger than a segment: one segment each
                java.nio.ByteBuffer.wrap(p).putLong(0, i);
                w.append(1, i, p, 0, p.length);
                w.flush();
            }
            assertEquals(6, w.status().segments());
        }
        // at 11:20 (the sixth), segments that ended more than 1 h ago are gone: those ended by 10:00 and earlier
        List<Rec> recs = JournalTestSupport.readAll(dir, "feed");
        assertEquals(List.of(3L, 4L, 5L), recs.stream().map(Rec::seq).toList());
        assertEquals(3, JournalReader.open(dir, "feed").segments().size());
    }
}
