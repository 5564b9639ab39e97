package io.xgate.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real writer process killed with SIGKILL mid-stream: recovery cuts whatever tail it tore, and every record
 * before it reads back, numbered contiguously from 0, exactly once. Waits on the child's output, not on time.
 */
@Timeout(120)
class JournalCrashTest {

    private static final long ENOUGH_BYTES = 6L << 20;

    @TempDir
    Path dir;

    /** Killed wherever it is: between blocks (nothing torn, each block is one write) or inside a write. */
    @RepeatedTest(2)
    void everyRecordWrittenSurvivesSigkill() throws Exception {
        crash(false);
    }

    /** Killed while a block is certainly half on file: the torn tail is reported and cut. */
    @RepeatedTest(2)
    void aTornTailLeftBySigkillIsCutAndEverythingBeforeItSurvives() throws Exception {
        crash(true);
    }

    private void crash(boolean tear) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), JournalCrashMain.class.getName(), dir.toString()));
        if (tear) {
            cmd.addAll(List.of("tear", Long.toString(ENOUGH_BYTES)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long[] half = {-1};
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    String[] f = line.split(" ");
                    if (tear && f.length == 2 && f[0].equals("half")) {
                        half[0] = Long.parseLong(f[1]);
                        enough.countDown();
                    } else if (!tear && f.length == 3 && f[0].equals("written") && Long.parseLong(f[2]) >= ENOUGH_BYTES) {
                        enough.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        long writtenBeforeKill;
        try {
            assertTrue(enough.await(120, TimeUnit.SECONDS), "child did not write enough; output: " + lines);
            String last = lines.stream().filter(l -> l.startsWith("written ")).reduce((a, b) -> b).orElseThrow();
            writtenBeforeKill = Long.parseLong(last.split(" ")[1]);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue(), "destroyForcibly is SIGKILL on Linux: exit 137; output: " + lines);
        reader.join(10_000);

        RecoveryReport report = Recovery.recover(dir, "feed");
        System.out.println("crash recovery: " + report);
        if (tear) {
            assertTrue(report.truncated(), report.toString());
            assertEquals(half[0], report.bytesCut(), report.toString());
            assertTrue(report.reason().contains("past the end of the file"), report.reason());
        } else if (report.truncated()) {
            assertTrue(report.offset() > 0 && report.bytesCut() > 0, report.toString());
        }
        JournalReader r = JournalReader.open(dir, "feed");
        assertTrue(r.segments().size() >= 3, "rotated while writing: " + r.segments());
        List<Rec> recs = JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertTrue(recs.size() >= writtenBeforeKill, recs.size() + " read, child had written " + writtenBeforeKill);
        for (int i = 0; i < recs.size(); i++) {
            Rec rec = recs.get(i);
            assertEquals(1, rec.type(), "no GAP: nothing was dropped");
            assertEquals(i, rec.seq(), "record " + i);
            assertEquals(i, rec.ts());
        }
        // and the writer takes over the killed journal
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            assertTrue(!w.recovery().truncated(), "already recovered: " + w.recovery());
            w.append(1, recs.size(), JournalTestSupport.numbered(recs.size(), 100), 0, 100);
        }
        assertEquals(recs.size() + 1, JournalTestSupport.readAll(dir, "feed").size());
    }
}
