package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of every size and type come back identical and in order; type 0 is the journal's own. */
class JournalRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void recordsOfRandomSizesAndTypesReadBackIdenticalInOrder() throws Exception {
        Random rnd = new Random(42);
        List<Rec> written = new ArrayList<>();
        JournalSettings settings = JournalTestSupport.small(dir);
        try (JournalWriter w = JournalWriter.open(settings, "feed")) {
            for (int i = 0; i < 5000; i++) {
                int len = switch (i % 50) {
                    case 0 -> 0;
                    case 1 -> settings.blockSize() + 1 + rnd.nextInt(3 * settings.blockSize()); // > a whole block
                    default -> rnd.nextInt(i % 7 == 0 ? 2000 : 200);
                };
                byte[] p = new byte[len];
                if (i % 3 == 0) {
                    rnd.nextBytes(p); // incompressible: blocks stored raw
                } else {
                    for (int k = 0; k < len; k++) {
                        p[k] = (byte) ('0' + k % 10);
                    }
                }
                int type = 1 + rnd.nextInt(255);
                long ts = 1_700_000_000_000_000_000L + i * 1000L;
                if (i % 2 == 0) {
                    assertTrue(w.append(type, ts, p, 0, len));
                } else {
                    assertTrue(w.append(type, ts, ByteBuffer.wrap(p)));
                }
                written.add(new Rec(type, ts, p));
            }
            w.flush();
            assertEquals(5000, w.status().recordsWritten());
            assertEquals(0, w.dropped());
        }
        List<Rec> read = readAll(dir, "feed");
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i), read.get(i), "record " + i);
        }
        JournalSummary s = JournalReader.open(dir, "feed").summary();
        assertEquals(5000, s.records());
        assertTrue(s.problems().isEmpty(), s.problems().toString());
    }

    @Test
    void anOffsetIntoTheCallersArrayIsHonoured() throws Exception {
        byte[] big = "xxHELLOyy".getBytes();
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            w.append(7, 1, big, 2, 5);
        }
        assertEquals(List.of(new Rec(7, 1, "HELLO".getBytes())), readAll(dir, "feed"));
    }

    @Test
    void typeZeroIsReservedForGaps() throws Exception {
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            assertThrows(IllegalArgumentException.class, () -> w.append(0, 1, new byte[1], 0, 1));
            assertThrows(IllegalArgumentException.class, () -> w.append(256, 1, new byte[1], 0, 1));
            assertThrows(IllegalArgumentException.class, () -> w.append(0, 1, ByteBuffer.allocate(1)));
        }
        assertTrue(readAll(dir, "feed").isEmpty());
    }

    @Test
    void streamsInOneDirectoryAreSeparate() throws Exception {
        try (JournalWriter a = JournalWriter.open(JournalTestSupport.small(dir), "feed");
             JournalWriter b = JournalWriter.open(JournalTestSupport.small(dir), "feed-x")) {
            a.append(1, 1, new byte[] {1}, 0, 1);
            b.append(2, 2, new byte[] {2}, 0, 1);
        }
        assertEquals(List.of(new Rec(1, 1, new byte[] {1})), readAll(dir, "feed"));
        assertEquals(List.of(new Rec(2, 2, new byte[] {2})), readAll(dir, "feed-x"));
    }
}
