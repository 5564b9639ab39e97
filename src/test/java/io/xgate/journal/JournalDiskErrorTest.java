package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A disk error stops recording: status, reason and callback say so; appends return false; nothing escapes. */
@Timeout(120)
class JournalDiskErrorTest {

    @TempDir
    Path dir;

    /** Real files that fill up after {@code capacity} bytes in all, as a full disk does. */
    static SegmentSink.Factory fullAfter(long capacity) {
        AtomicLong used = new AtomicLong();
        return path -> {
            SegmentSink file = SegmentSink.FILES.create(path);
            return new SegmentSink() {
                @Override
                public void write(ByteBuffer buf) throws IOException {
                    if (used.addAndGet(buf.remaining()) > capacity) {
                        throw new IOException("No space left on device");
                    }
                    file.write(buf);
                }

                @Override
                public void force() throws IOException {
                    file.force();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        };
    }

    @Test
    void diskFullStopsRecordingAndSaysWhy() throws Exception {
        List<String> reasons = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        JournalSettings s = JournalTestSupport.small(dir).withSegmentSize(16 << 10).withSinks(fullAfter(100_000));
        JournalWriter w = JournalWriter.open(s, "feed", reason -> {
            reasons.add(reason);
            threads.add(Thread.currentThread().getName());
            stopped.countDown();
        });
        java.util.Random rnd = new java.util.Random(5);
        byte[] p = new byte[200];
        long accepted = 0;
        for (int i = 0; i < 5000 && stopped.getCount() > 0; i++) {
            rnd.nextBytes(p);
            if (w.append(1, i, p, 0, p.length)) {
                accepted++;
            }
            if (i % 100 == 0) {
                w.flush();
            }
        }
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "listener called");
        JournalStatus st = w.status();
        assertFalse(st.recording());
        assertTrue(st.error().contains("No space left on device"), st.error());
        assertEquals(List.of("xgate-journal-feed"), threads);
        assertFalse(w.append(1, 1, p, 0, p.length));
        assertFalse(w.append(1, 1, ByteBuffer.wrap(p)));
        w.flush(); // returns at once
        long before = w.dropped();
        for (int i = 0; i < 1000; i++) {
            assertFalse(w.append(1, i, p, 0, p.length));
        }
        assertEquals(before + 1000, w.dropped());
        w.close();
        assertEquals(1, reasons.size(), "called once: " + reasons);
        // what reached the file reads back, and accounts with the drops for every accepted record
        List<JournalTestSupport.Rec> recs = JournalTestSupport.readAll(dir, "feed");
        assertEquals(st.recordsWritten(), recs.size());
        assertTrue(recs.size() + w.dropped() >= accepted);
    }

    @Test
    void aDirectoryThatCannotBeWrittenFailsOpen() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (Files.isWritable(ro)) {
                return; // running as root: permissions do not stop us; the injected full disk above covers it
            }
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> JournalWriter.open(JournalSettings.defaults(ro), "feed"));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aSegmentThatCannotBeCreatedOnRotationStopsRecording() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        int[] opened = {0};
        SegmentSink.Factory secondFails = path -> {
            if (++opened[0] > 1) {
                throw new IOException("No space left on device");
            }
            return SegmentSink.FILES.create(path);
        };
        JournalSettings s = JournalTestSupport.small(dir).withSegmentSize(8 << 10).withSinks(secondFails);
        try (JournalWriter w = JournalWriter.open(s, "feed", r -> stopped.countDown())) {
            java.util.Random rnd = new java.util.Random(6);
            byte[] p = new byte[500];
            for (int i = 0; i < 100; i++) {
                rnd.nextBytes(p);
                w.append(1, i, p, 0, p.length);
            }
            w.flush();
            assertTrue(stopped.await(10, TimeUnit.SECONDS));
            assertTrue(w.status().error().startsWith("create segment: No space left on device"), w.status().error());
        }
    }
}
