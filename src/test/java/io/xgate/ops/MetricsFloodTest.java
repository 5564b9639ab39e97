package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.xgate.Gateway;
import io.xgate.metrics.HttpLabels;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50,000 requests with random made-up methods and random paths: the Vert.x HTTP meters' series stay a fixed, small
 * set (every {@code method} label is a known method or {@code OTHER}), and so do the live heap and the scrape.
 * Before the labels were bounded, 20,000 such requests grew the live heap by 61 MB and {@code /metrics} to 19 MB.
 */
class MetricsFloodTest {

    private static final int REQUESTS = 50_000;
    private static final int CONNECTIONS = 8;
    private static final int BATCH = 50;
    /** Series of {@code vertx.http.server.*} the closed label sets allow with the codes this test causes. */
    private static final int MAX_SERIES = 150;

    @TempDir
    Path dir;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        AdminGateway.stop(gateway);
    }

    @Test
    void randomMethodsAndPathsLeaveTheSeriesAndTheHeapBounded() throws Exception {
        gateway = AdminGateway.start(AdminGateway.config(dir, "", "", k -> null));
        AdminGateway.awaitReady(gateway);
        int port = gateway.adminPort();
        flood(port, 2_000, 1); // warm-up: the classes, buffers and constant series exist before the first figure
        long heapBefore = liveHeap();
        int seriesBefore = httpServerSeries().size();
        int scrapeBefore = gateway.metrics().scrape().length();

        AtomicInteger sent = new AtomicInteger();
        int[] statuses = new int[600];
        long t0 = System.nanoTime();
        for (int round = 0; round < 10; round++) {
            flood(port, REQUESTS / 10, 100 + round, statuses, sent);
            // checked as it goes: without the bound, the series (and the heap) would grow by ~11 per request
            assertTrue(httpServerSeries().size() <= MAX_SERIES, "after " + sent + " requests: "
                    + httpServerSeries().size() + " vertx_http_server series");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = liveHeap();
        List<Meter> series = httpServerSeries();
        int scrapeAfter = gateway.metrics().scrape().length();
        Set<String> methods = new TreeSet<>();
        series.forEach(m -> {
            String v = m.getId().getTag("method");
            if (v != null) {
                methods.add(v);
            }
        });
        System.out.printf("figures: %d requests in %.1f s (405: %d, 404: %d); vertx_http_server series %d -> %d; "
                        + "methods %s; live heap %.1f -> %.1f MB; /metrics %d -> %d bytes%n", sent.get(), seconds,
                statuses[405], statuses[404], seriesBefore, series.size(), methods, heapBefore / 1e6,
                heapAfter / 1e6, scrapeBefore, scrapeAfter);
        assertEquals(REQUESTS, sent.get());
        assertEquals(REQUESTS, statuses[405] + statuses[404], "every request answered 405 or 404");
        assertTrue(series.size() <= MAX_SERIES, series.size() + " series");
        methods.remove(HttpLabels.OTHER_METHOD);
        assertTrue(HttpLabels.METHODS.containsAll(methods), methods.toString());
        assertTrue(heapAfter - heapBefore < 16_000_000, "live heap grew by " + (heapAfter - heapBefore) + " bytes");
        assertTrue(scrapeAfter < scrapeBefore + 20_000, "scrape grew from " + scrapeBefore + " to " + scrapeAfter);
    }

    private List<Meter> httpServerSeries() {
        List<Meter> out = new ArrayList<>();
        for (Meter m : gateway.metrics().registry().getMeters()) {
            if (m.getId().getName().startsWith("vertx.http.server")) {
                out.add(m);
            }
        }
        return out;
    }

    private static void flood(int port, int requests, long seed) throws Exception {
        flood(port, requests, seed, new int[600], new AtomicInteger());
    }

    /**
     * {@code requests} over {@link #CONNECTIONS} keep-alive connections, pipelined {@link #BATCH} at a time: half
     * with a random 13-letter method on a random path (405), half GET on a random path (404).
     */
    private static void flood(int port, int requests, long seed, int[] statuses, AtomicInteger sent)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int share = requests / CONNECTIONS + (c < requests % CONNECTIONS ? 1 : 0);
                SplittableRandom random = new SplittableRandom(seed * 31 + c);
                done.add(pool.submit(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setSoTimeout(20_000);
                        OutputStream out = s.getOutputStream();
                        InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                        for (int left = share; left > 0; ) {
                            int n = Math.min(BATCH, left);
                            StringBuilder b = new StringBuilder();
                            for (int i = 0; i < n; i++) {
                                String method = random.nextBoolean() ? word(random, 13) : "GET";
                                b.append(method).append(" /").append(word(random, 10).toLowerCase())
                                        .append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                            }
                            RawHttp.write(out, b.toString());
                            for (int i = 0; i < n; i++) {
                                int status = RawHttp.read(in, false).status();
                                synchronized (statuses) {
                                    statuses[status]++;
                                }
                                sent.incrementAndGet();
                            }
                            left -= n;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String word(SplittableRandom random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) ('A' + random.nextInt(26));
        }
        return new String(c);
    }

    /** Heap in use after full collections: what the process holds on to. */
    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // let the collection's reference processing settle; not a synchronisation
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
