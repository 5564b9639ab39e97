package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.Gateway;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API runs on an event loop of its own, so flooding it does not slow a venue: with the gateway on ONE
 * shared event loop ({@code eventLoops: 1}, where before the admin API would have shared it with the simulator,
 * the venue and its books), the venue's message rate is measured over equal windows, alternately quiet and with
 * 16 connections pipelining {@code depth=5000} book requests, {@code /metrics} and {@code /api/venues}; the rate
 * during the flood is within 5 % of the rate without, in the same run.
 */
class AdminIsolationTest {

    private static final long WINDOW_MS = 4_000;
    private static final int CONNECTIONS = 16;
    private static final int PIPELINE = 8;

    @TempDir
    Path dir;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        AdminGateway.stop(gateway);
    }

    @Test
    void floodingTheAdminApiLeavesTheVenueRateWithinFivePercent() throws Exception {
        gateway = AdminGateway.start(AdminGateway.config(dir, "", "eventLoops: 1\n", k -> null));
        AdminGateway.awaitReady(gateway);
        int port = gateway.adminPort();
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(Gateway.ADMIN_THREAD)),
                "the admin event loop's thread exists");
        window(null); // warm-up: the books are deep, the feed steady

        double quiet = 0;
        double flooded = 0;
        long served = 0;
        List<String> windows = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            double q = window(null);
            AtomicLong answered = new AtomicLong();
            double f = window(flood(port, answered));
            quiet += q;
            flooded += f;
            served += answered.get();
            windows.add(String.format("%.0f / %.0f (%d admin answers)", q, f, answered.get()));
        }
        double ratio = flooded / quiet;
        System.out.printf("figures: venue msg/s quiet / flooded per round: %s; mean %.1f quiet, %.1f flooded "
                        + "(%.1f %%); admin answers during the flood %.0f/s%n", windows, quiet / 2, flooded / 2,
                (ratio - 1) * 100, served / (2 * WINDOW_MS / 1000.0));
        assertTrue(served > 1000, "the flood was answered: " + served);
        assertTrue(Math.abs(ratio - 1) <= 0.05, "venue rate flooded/quiet = " + ratio);
    }

    /**
     * The venue's message rate over one window, with {@code load} running (if not {@code null}) throughout it.
     */
    private double window(Flood load) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = null;
        List<Future<?>> loads = new ArrayList<>();
        if (load != null) {
            pool = Executors.newFixedThreadPool(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                loads.add(pool.submit(() -> {
                    load.run(running);
                    return null;
                }));
            }
            Thread.sleep(200); // the flood is under way before the window opens
        }
        long m0 = gateway.metrics().venue("binance").messages();
        long t0 = System.nanoTime();
        Thread.sleep(WINDOW_MS); // a measurement window, not a synchronisation
        long m1 = gateway.metrics().venue("binance").messages();
        long t1 = System.nanoTime();
        running.set(false);
        for (Future<?> f : loads) {
            f.get();
        }
        if (pool != null) {
            pool.shutdown();
        }
        return (m1 - m0) / ((t1 - t0) / 1e9);
    }

    /** One flooding connection's work while {@code running}. */
    private interface Flood {
        void run(AtomicBoolean running) throws Exception;
    }

    private static Flood flood(int port, AtomicLong answered) {
        String[] targets = {"/api/books/binance/BTC-USDT?depth=5000", "/api/books/binance/ETH-USDT?depth=5000",
            "/metrics", "/api/venues"};
        return running -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                int k = 0;
                while (running.get()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < PIPELINE; i++) {
                        b.append("GET ").append(targets[k++ % targets.length]).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                    }
                    RawHttp.write(out, b.toString());
                    for (int i = 0; i < PIPELINE; i++) {
                        RawHttp.read(in, false);
                        answered.incrementAndGet();
                    }
                }
            }
        };
    }
}
