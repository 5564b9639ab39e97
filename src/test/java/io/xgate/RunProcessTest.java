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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgate run} as a real process, as the README's first command runs it: on the default configuration it
 * starts, logs status lines, finds an opportunity when the simulator dislocates a venue (within a minute), turns
 * ready on the admin API, and on SIGTERM stops cleanly. Waits on the process's own log lines, never on time.
 */
class RunProcessTest {

    @TempDir
    Path dir;

    /**
     * The default configuration as shipped, on free ports (the admin API's 8080 and the simulated venues' 9101+ may be
     * taken on this machine, by another gateway for one): everything else as a new user runs it.
     */
    private Path defaultConfigOnFreePorts() throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        try (var files = Files.list(Path.of("conf/venues"))) {
            for (Path f : files.toList()) {
                Files.writeString(dir.resolve("venues").resolve(f.getFileName()), Files.readString(f)
                        .replaceAll("127\\.0\\.0\\.1:91\\d\\d", "127.0.0.1:" + freePort()));
            }
        }
        adminPort = freePort();
        String gateway = Files.readString(Path.of("conf/xgate.yaml"));
        String moved = gateway.replaceFirst("(?m)^  port: 8080", "  port: " + adminPort);
        assertTrue(!moved.equals(gateway), "conf/xgate.yaml's admin port is where this test expects it");
        return Files.writeString(dir.resolve("xgate.yaml"), moved);
    }

    private int adminPort;

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void startsAndStopsCleanlyOnSigterm() throws Exception {
        Path conf = defaultConfigOnFreePorts();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "run", "--config", conf.toString()).redirectErrorStream(true).start();
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
                    URI.create("http://127.0.0.1:" + adminPort + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            // A real SIGTERM, as an operator or Kubernetes sends it. (Process.destroy() would also close our end
            // of the pipe, hiding the shutdown log.)
            int before = lines.size();
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit after SIGTERM; output: " + lines);
            reader.join(10_000);
            assertEquals(0, p.exitValue(), "a clean stop on SIGTERM is a success; output: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("stopped cleanly")), "output: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR") || l.contains("Exception")), "output: " + lines);
            // a clean stop logs no warning (a consumer already unregistered, a connection evicted, a clock read
            // cut short are the stop's own doing, not something for an operator to look at)
            List<String> stopping = lines.subList(before, lines.size());
            assertTrue(stopping.stream().noneMatch(l -> l.contains(" WARN ")), "warnings while stopping: " + stopping);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Stopped while it starts (the venues' first requests in flight): still a clean stop, exit 0, and no warning (a
     * cut clock sample, failed instrument metadata, evicted connections were each logged as one before).
     */
    @Test
    void aStopDuringStartUpIsCleanToo() throws Exception {
        Path conf = defaultConfigOnFreePorts();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "run", "--config", conf.toString()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch starting = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("starting from")) {
                        starting.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            assertTrue(starting.await(60, TimeUnit.SECONDS), "no 'starting from' line; output: " + lines);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit after SIGTERM; output: " + lines);
            reader.join(10_000);
            assertEquals(0, p.exitValue(), "output: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("stopped cleanly")), "output: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")), "output: " + lines);
        } finally {
            p.destroyForcibly();
        }
    }
}
