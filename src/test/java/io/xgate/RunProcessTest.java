package io.xgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code xgate run} as a real process, as the README's first command runs it: on the default configuration it
 * starts, logs status lines, finds an opportunity when the simulator dislocates a venue (within a minute), turns
 * ready on the admin API, and on SIGTERM stops cleanly. Waits on the process's own log lines, never on time.
 */
class RunProcessTest {

    @Test
    void startsAndStopsCleanlyOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "run", "--config", "conf/xgate.yaml").redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch status = new CountDownLatch(1);
        CountDownLatch opportunity = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("started in")) {
                        started.countDown();
                    } else if (line.contains("status: binance CONNECTED 2/2 LIVE")) {
                        status.countDown();
                    } else if (line.contains("opportunity #") && line.contains(" OPEN ")) {
                        opportunity.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            assertTrue(started.await(60, TimeUnit.SECONDS), "no 'started' line; output: " + lines);
            assertTrue(status.await(60, TimeUnit.SECONDS), "no status line; output: " + lines);
            assertTrue(opportunity.await(60, TimeUnit.SECONDS), "no opportunity within a minute; output: " + lines);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:8080/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
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
