package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin server's connection limits, with plain sockets: slowloris connections (a header line every 300 ms,
 * never the blank line) and idle ones (nothing sent) are closed {@code admin.headerTimeout} after they opened;
 * beyond {@code admin.maxConnections} a connection is closed as soon as it is accepted; a kept-alive connection
 * that sends no next request is closed too. Each close is counted by reason.
 */
class AdminConnectionsTest {

    private static final long HEADER_TIMEOUT_MS = 1_000;

    @TempDir
    Path dir;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        AdminGateway.stop(gateway);
    }

    private double closed(String reason) {
        return gateway.metrics().registry().get("xgate.admin.connections.closed").tag("reason", reason).counter()
                .count();
    }

    private double held() {
        return gateway.metrics().registry().get("xgate.admin.connections").gauge().value();
    }

    @Test
    void slowlorisAndIdleConnectionsAreClosedAfterTheHeaderTimeout() throws Exception {
        int slow = 300;
        int idle = 100;
        gateway = AdminGateway.start(AdminGateway.config(dir, "headerTimeout: 1s, idleTimeout: 30s, "
                + "maxConnections: 1000, ", "", k -> null));
        AdminGateway.awaitReady(gateway);
        int port = gateway.adminPort();
        double timeoutsBefore = closed("header_timeout");
        // one thread per connection, blocked in a read: it sees the server's close the moment it comes
        ExecutorService pool = Executors.newFixedThreadPool(slow + idle);
        List<Future<Long>> closes = new ArrayList<>();
        for (int i = 0; i < slow + idle; i++) {
            boolean slowloris = i < slow;
            closes.add(pool.submit(() -> holdUntilClosed(port, slowloris)));
        }
        double maxHeld = 0;
        while (!closes.stream().allMatch(Future::isDone)) {
            maxHeld = Math.max(maxHeld, held());
            Thread.sleep(5); // sampling a gauge
        }
        pool.shutdown();
        long[] closedAfter = new long[slow + idle];
        int open = 0;
        for (int i = 0; i < closes.size(); i++) {
            closedAfter[i] = closes.get(i).get();
            if (closedAfter[i] < 0) {
                open++;
            }
        }
        long longest = 0;
        long shortest = Long.MAX_VALUE;
        for (long c : closedAfter) {
            longest = Math.max(longest, c);
            shortest = Math.min(shortest, c == 0 ? Long.MAX_VALUE : c);
        }
        System.out.printf("figures: %d slowloris + %d idle connections, at most %.0f held; closed %d ms to %d ms "
                        + "after opening (headerTimeout %d ms); %d still open after 10 s; header_timeout closes %.0f%n",
                slow, idle, maxHeld, shortest / 1_000_000, longest / 1_000_000, HEADER_TIMEOUT_MS, open,
                closed("header_timeout") - timeoutsBefore);
        assertEquals(0, open, "connections the server still held");
        assertTrue(shortest >= TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS - 50), "closed too early: " + shortest);
        assertTrue(longest < TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS + 2_000), "closed late: " + longest);
        assertEquals(slow + idle, closed("header_timeout") - timeoutsBefore, 0.0);
    }

    /**
     * Opens a connection and holds it: a slowloris one sends a request line, then a header line every 300 ms and
     * never the blank line; an idle one sends nothing. Returns how long after opening the server closed it (the
     * read sees the end of the stream, or a reset), or -1 if it was still open after 10 s.
     */
    private static long holdUntilClosed(int port, boolean slowloris) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            long t0 = System.nanoTime();
            s.setSoTimeout(slowloris ? 300 : 10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (slowloris) {
                RawHttp.write(out, "GET /api/venues HTTP/1.1\r\nHost: x\r\n");
            }
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
                try {
                    if (in.read() == -1) {
                        return System.nanoTime() - t0;
                    }
                } catch (SocketTimeoutException e) {
                    if (!slowloris) {
                        return -1;
                    }
                    try {
                        RawHttp.write(out, "X-Slow: " + System.nanoTime() + "\r\n");
                    } catch (IOException closed) {
                        return System.nanoTime() - t0;
                    }
                } catch (IOException reset) {
                    return System.nanoTime() - t0;
                }
            }
            return -1;
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndKeptAliveOnesTimeOut() throws Exception {
        int max = 50;
        int extra = 30;
        gateway = AdminGateway.start(AdminGateway.config(dir, "headerTimeout: 1s, maxConnections: " + max + ", ",
                "", k -> null));
        AdminGateway.awaitReady(gateway);
        int port = gateway.adminPort();
        double limitBefore = closed("limit");
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(new Socket("127.0.0.1", port));
        }
        // the server has seen them all once it answers a request beyond them... which it refuses: wait on the gauge
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held() < max && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(max, held(), 0.0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> refused = new ArrayList<>();
        for (int i = 0; i < extra; i++) {
            refused.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(5_000);
                    RawHttp.write(s.getOutputStream(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                    int r = s.getInputStream().read();
                    assertEquals(-1, r, "a connection beyond the limit was answered");
                } catch (IOException e) {
                    // reset: closed as well
                }
                return System.nanoTime() - t0;
            }));
        }
        long slowest = 0;
        for (Future<Long> f : refused) {
            slowest = Math.max(slowest, f.get());
        }
        pool.shutdown();
        System.out.printf("figures: maxConnections %d: %.0f held, %d more closed at once (slowest %d ms), "
                + "limit closes %.0f%n", max, held(), extra, slowest / 1_000_000, closed("limit") - limitBefore);
        assertEquals(extra, closed("limit") - limitBefore, 0.0);
        assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS / 2), "slowest refusal " + slowest);
        for (Socket s : held) {
            s.close();
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the server sees the closes on its own event loop
        }

        // a kept-alive connection: answered, then closed headerTimeout after its response when nothing follows
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            RawHttp.write(out, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, RawHttp.read(in, false).status());
            long t0 = System.nanoTime();
            RawHttp.write(out, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, RawHttp.read(in, false).status(), "a second request on the connection");
            assertEquals(-1, in.read());
            long after = System.nanoTime() - t0;
            System.out.printf("figures: a kept-alive connection closed %d ms after its last response%n",
                    after / 1_000_000);
            assertTrue(after >= TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS - 50), "closed after " + after);
        }
    }
}
