package io.xgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code xgate run} as a real process: it starts on the default configuration, logs that it started, and on
 * SIGTERM stops cleanly. Waits on the process's own log lines, never on time.
 */
class RunProcessTest {

    @Test
    void startsAndStopsCleanlyOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "run", "--config", "conf/xgate.yaml").redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("started in")) {
                        started.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            assertTrue(started.await(60, TimeUnit.SECONDS), "no 'started' line; output: " + lines);
            // A real SIGTERM, as an operator or Kubernetes sends it. (Process.destroy() would also close our end
            // of the pipe, hiding the shutdown log.)
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit after SIGTERM; output: " + lines);
            reader.join(10_000);
            assertEquals(143, p.exitValue(), "exit code after SIGTERM; output: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("stopped cleanly")), "output: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR") || l.contains("Exception")), "output: " + lines);
        } finally {
            p.destroyForcibly();
        }
    }
}
