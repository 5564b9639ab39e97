package io.xgate.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.xgate.App;
import io.xgate.cluster.ClusterConfig;
import io.xgate.cluster.EventJson;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xgate tail <address or prefix>...}: joins the cluster of a configuration as a bare node, decodes the
 * events it receives and prints each as one JSON object per line on standard output (logs go to standard
 * error). The reference subscriber, and a debugging tool. A prefix ({@code xgate.md.top.}, {@code
 * xgate.md.top.binance.}) stands for every address of the configuration's venues and symbols that starts with
 * it; the event bus itself has no wildcards. The analytics addresses ({@code xgate.an.}: candles and indicators of
 * every configured spec) are among them, so {@code xgate tail xgate.an.candle.binance.} follows every candle of
 * binance, partial ones included ({@code "complete": false}).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Join the cluster of a configuration and print the events on the given addresses as JSON "
                + "lines, until Ctrl-C.", "Example: xgate tail xgate.arb.opportunity xgate.venue.status. -c conf/xgate.yaml",
                "Candles and indicators: xgate tail xgate.an.candle.binance.BTC-USDT. xgate.an.indicator."})
public final class TailCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ADDRESS",
            description = "event-bus addresses, or prefixes of the configuration's addresses")
    List<String> patterns;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig c = Lifecycle.loadWithoutSecrets(config, spec); // a monitor: it trades nothing
        if (c == null) {
            return App.EXIT_USAGE;
        }
        Set<String> addresses = new LinkedHashSet<>();
        List<String> known = addresses(c);
        for (String p : patterns) {
            if (p.startsWith(Addresses.BOOK_PREFIX)) {
                spec.commandLine().getErr().println("xgate tail: book updates (" + p + ") never leave their node; "
                        + "follow xgate.md.top." + p.substring(Addresses.BOOK_PREFIX.length()) + " instead");
                return App.EXIT_USAGE;
            }
            List<String> matching = known.stream().filter(a -> a.startsWith(p)).toList();
            if (matching.isEmpty()) {
                addresses.add(p); // an address this configuration does not name (orders of another venue, ...)
            } else {
                addresses.addAll(matching);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Vertx vertx = Vertx.builder().with(ClusterConfig.eventBus(new VertxOptions(), c.cluster()))
                .withClusterManager(new HazelcastClusterManager(ClusterConfig.hazelcast(c.cluster(), c.ha())))
                .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        io.xgate.cluster.EpochFence fence = new io.xgate.cluster.EpochFence();
        PrintWriter err = spec.commandLine().getErr();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                synchronized (out) {
                    if (fence.dropped() > 0) {
                        err.println("xgate tail: dropped " + fence.dropped() + " event(s) of old venue leaders");
                        err.flush();
                    }
                }
                vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // leaving anyway
            } finally {
                out.flush();
                io.xgate.metrics.CountingAsyncAppender.flushAndStopLogging();
                stopped.countDown();
            }
            Lifecycle.exitAfterSignal(0); // a monitor stopped by Ctrl-C or SIGTERM has done what it was asked
        }, "xgate-tail-shutdown"));
        EventMessageCodec.register(vertx.eventBus(), new EventCodec(c.codec().compressThreshold(),
                EventCodec.DEFAULT_MAX_BODY));
        List<Future<?>> registered = new ArrayList<>();
        for (String a : addresses) {
            registered.add(vertx.eventBus().<Object>consumer(a, m -> {
                String line = m.body() instanceof Event e ? EventJson.toJson(e).encode()
                        : new io.vertx.core.json.JsonObject().put("address", a).put("body", String.valueOf(m.body()))
                                .encode();
                synchronized (out) {
                    if (m.body() instanceof Event e && !a.startsWith(Addresses.STANDBY_PREFIX) && !fence.accept(e)) {
                        long n = fence.dropped();
                        if (n <= 20 || n % 1000 == 0) {
                            err.println("xgate tail: dropped " + e.type() + " " + e.venue() + " " + e.symbol()
                                    + " of epoch " + e.epoch() + ": epoch " + fence.highest(e.venue())
                                    + " has published (" + n + " dropped so far)");
                            err.flush();
                        }
                        return;
                    }
                    out.println(line);
                    out.flush();
                }
            }).completion());
        }
        Future.all(registered).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        spec.commandLine().getErr().println("xgate tail: following " + addresses.size() + " address(es) in cluster '"
                + c.cluster().name() + "': " + String.join(", ", addresses));
        stopped.await();
        return 0;
    }

    /** Every cluster-wide address a configuration names. */
    static List<String> addresses(GatewayConfig c) {
        List<String> out = new ArrayList<>();
        out.add(Addresses.OPPORTUNITY);
        for (VenueConfig v : c.venues()) {
            out.add(Addresses.status(v.id()));
            out.add(Addresses.orderEvents(v.id()));
            for (String s : v.instruments().keySet()) {
                out.add(Addresses.top(v.id(), s));
                out.add(Addresses.trade(v.id(), s));
                if (!c.analytics().bookBars().isZero()) {
                    out.add(Addresses.bookBar(v.id(), s));
                }
                for (io.xgate.analytics.CandleSpec spec : c.analytics().candlesOf(s)) {
                    out.add(Addresses.candle(v.id(), s, spec.label()));
                    if (!c.analytics().indicatorsOf(spec.label()).isEmpty()) {
                        out.add(Addresses.indicator(v.id(), s, spec.label()));
                    }
                }
            }
        }
        return out;
    }
}
