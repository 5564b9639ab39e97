package io.xgate.perf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.xgate.cluster.ClusterConfig;
import io.xgate.config.GatewayConfig;
import io.xgate.event.BookTop;
import io.xgate.event.EpochClock;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.SyncState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Cross-node {@code BookTop} delivery: two Vert.x nodes in one JVM, clustered with real Hazelcast on loopback
 * (so both share one clock). Node A publishes 10-level {@code BookTop}s at a constant rate; node B consumes them
 * (msgpack over the event bus's TCP connection) and records publish → received with HdrHistogram; the same run
 * measures delivery to a consumer on node A itself as the baseline. Intended send times come from the schedule,
 * as in the latency harness, so a stalled publisher shows as latency.
 */
public final class ClusterBench {

    /** What one rate measured. */
    public record Result(int rate, double received, Histogram remote, Histogram local) {
    }

    private final PrintWriter out;

    public ClusterBench(PrintWriter out) {
        this.out = out;
    }

    public List<Result> run(List<Integer> rates, int seconds) throws Exception {
        GatewayConfig.Cluster c = new GatewayConfig.Cluster(true, "xgate-bench-" + UUID.randomUUID(), "127.0.0.1", 0,
                5701, List.of("127.0.0.1"), (Path) null);
        Vertx a = node(c);
        Vertx b = node(c);
        try {
            java.util.ArrayList<Result> results = new java.util.ArrayList<>();
            out.printf("%-10s %-12s | %-40s | %-40s%n", "offered/s", "received/s", "node A -> node B µs: p50 p99 p99.9 max",
                    "same node (baseline) µs: p50 p99 p99.9 max");
            for (int rate : rates) {
                Result r = measure(a, b, rate, seconds);
                results.add(r);
                out.printf("%-10s %-12s | %-40s | %-40s%n", String.format("%,d", rate),
                        String.format("%,.0f", r.received()), p(r.remote()), p(r.local()));
                out.flush();
            }
            return results;
        } finally {
            b.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            a.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Vertx node(GatewayConfig.Cluster c) throws Exception {
        Vertx v = Vertx.builder().with(ClusterConfig.eventBus(new VertxOptions(), c))
                .withClusterManager(new HazelcastClusterManager(ClusterConfig.hazelcast(c))).buildClustered()
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        EventMessageCodec.register(v.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));
        return v;
    }

    private Result measure(Vertx a, Vertx b, int rate, int seconds) throws Exception {
        String address = "xgate.bench.top." + rate;
        Histogram remote = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        Histogram local = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        AtomicLong received = new AtomicLong();
        long warmupEnd = EpochClock.nanos() + TimeUnit.SECONDS.toNanos(2);
        var rc = b.eventBus().<BookTop>consumer(address, m -> {
            long now = EpochClock.nanos();
            if (m.body().publishTsNanos() >= warmupEnd) {
                synchronized (remote) {
                    remote.recordValue(Math.max(1, now - m.body().publishTsNanos()));
                }
                received.incrementAndGet();
            }
        });
        var lc = a.eventBus().<BookTop>consumer(address, m -> {
            long now = EpochClock.nanos();
            if (m.body().publishTsNanos() >= warmupEnd) {
                synchronized (local) {
                    local.recordValue(Math.max(1, now - m.body().publishTsNanos()));
                }
            }
        });
        Future.all(rc.completion(), lc.completion()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long[] prices = {6_543_210, 6_543_209, 6_543_208, 6_543_207, 6_543_206, 6_543_205, 6_543_204, 6_543_203,
            6_543_202, 6_543_201};
        long[] sizes = {150_000, 250_000, 350_000, 450_000, 550_000, 650_000, 750_000, 850_000, 950_000, 1_050_000};
        long t0 = EpochClock.nanos();
        long end = t0 + TimeUnit.SECONDS.toNanos(2L + seconds);
        long[] sent = {0};
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        a.runOnContext(x -> {
            long id = a.setPeriodic(1, t -> {
                long now = EpochClock.nanos();
                long due = (long) ((now - t0) * (rate / 1e9)) + 1;
                due = Math.min(due, sent[0] + Math.max(1, rate / 100));
                while (sent[0] < due) {
                    long scheduled = t0 + (long) (sent[0] * 1e9 / rate);
                    long ts = Math.min(EpochClock.nanos(), scheduled + 1_000_000);
                    a.eventBus().publish(address, new BookTop("bench", "BTC-USDT", sent[0], ts, ts, ts, ts,
                            SyncState.LIVE, 1, 2, 5, prices, sizes, prices, sizes));
                    sent[0]++;
                }
                if (now > end) {
                    a.cancelTimer(t);
                    done.tryComplete();
                }
            });
        });
        done.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        Thread.sleep(500); // the last messages in flight
        rc.unregister();
        lc.unregister();
        synchronized (remote) {
            synchronized (local) {
                return new Result(rate, received.get() / (double) seconds, remote.copy(), local.copy());
            }
        }
    }

    private static String p(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.format("%.0f %.0f %.0f %.0f", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
