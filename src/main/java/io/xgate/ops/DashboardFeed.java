package io.xgate.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.analytics.CandleSpec;
import io.xgate.cluster.EpochFence;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.Candle;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import io.xgate.num.Decimals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns the gateway's public events into the dashboard's JSON addresses ({@link Dashboard#ADDRESS_PREFIX}), which
 * are the only ones the browser bridge lets out. It consumes cluster-wide addresses, so a node that runs no venue
 * shows every venue of the cluster; it publishes local-only, so each node's browsers are fed by that node alone.
 *
 * <ul>
 * <li>{@code xgate.dash.top.<venue>.<SYMBOL>}: the newest {@code BookTop} of the book, conflated: at most one per
 *     {@link #TOP_INTERVAL_MILLIS} per book, whatever the venue's rate (a browser cannot read faster).</li>
 * <li>{@code xgate.dash.venues}: every second, each venue's connection, leader, standbys and per symbol its sync
 *     state, resyncs, last reason and book updates per second (counted from the {@code BookTop}s' {@code updates},
 *     so it is the cluster's rate, not this node's).</li>
 * <li>{@code xgate.dash.opportunity}: each opportunity event, as in {@code /api/opportunities}, a {@code CLOSE}
 *     with the reason inferred from what the dashboard saw (see {@link #closeReason}).</li>
 * <li>{@code xgate.dash.latency}: every {@link #LATENCY_INTERVAL_MILLIS}, this node's stage-latency percentiles
 *     over that interval, from the {@code xgate_stage_latency_seconds} histograms.</li>
 * <li>{@code xgate.dash.candle.<venue>.<SYMBOL>.<spec>}: each candle, complete or in progress.</li>
 * </ul>
 *
 * <p>Venue events pass an {@link EpochFence} first (an old leader's are dropped). One context: not thread-safe.
 */
final class DashboardFeed extends VerticleBase {

    /** At most one top per book per this many milliseconds: 10 per second. */
    static final long TOP_INTERVAL_MILLIS = 100;
    /** The venue summary's period. */
    static final long VENUES_INTERVAL_MILLIS = 1_000;
    /** The latency percentiles' period (and window). */
    static final long LATENCY_INTERVAL_MILLIS = 2_000;
    /** Levels per side a dashboard top carries (the ladder and the depth chart). */
    static final int TOP_LEVELS = 20;

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p99", "p999"};

    private final GatewayConfig config;
    private final Metrics metrics;
    private final EpochFence fence = new EpochFence();
    private final Map<String, Book> books = new LinkedHashMap<>();
    private final Map<String, VenueStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Map<String, long[]>> standbys = new LinkedHashMap<>();
    private final Map<String, VenueStatus> standbyStatus = new HashMap<>();
    /** Per stage timer (by its tags), the cumulative bucket counts at the last latency publish. */
    private final Map<String, double[]> lastCounts = new HashMap<>();
    private long lastVenuesNanos = System.nanoTime();

    /** One book's newest top, whether it is yet to be sent, and its update count. */
    private static final class Book {
        final String address;
        BookTop top;
        boolean dirty;
        long updates;
        double rate;

        Book(String address) {
            this.address = address;
        }
    }

    DashboardFeed(GatewayConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        List<Future<?>> ready = new ArrayList<>();
        var bus = vertx.eventBus();
        for (VenueConfig v : config.venues()) {
            standbys.put(v.id(), new LinkedHashMap<>());
            ready.add(bus.<VenueStatus>consumer(Addresses.status(v.id()), m -> {
                if (fence.accept(m.body())) {
                    statuses.put(v.id(), m.body());
                }
            }).completion());
            ready.add(bus.<VenueStatus>consumer(Addresses.standby(v.id()), m -> {
                Map<String, long[]> of = standbys.get(v.id());
                if (of.size() < 16 || of.containsKey(m.body().node())) {
                    of.put(m.body().node(), new long[] {System.nanoTime()});
                    standbyStatus.put(v.id() + '/' + m.body().node(), m.body());
                }
            }).completion());
            for (String s : v.instruments().keySet()) {
                Book b = new Book(Dashboard.top(v.id(), s));
                books.put(v.id() + '/' + s, b);
                ready.add(bus.<BookTop>consumer(Addresses.top(v.id(), s), m -> {
                    if (fence.accept(m.body())) {
                        b.top = m.body();
                        b.dirty = true;
                        b.updates += m.body().updates();
                    }
                }).completion());
                for (CandleSpec spec : config.analytics().candlesOf(s)) {
                    String out = Dashboard.candle(v.id(), s, spec.label());
                    ready.add(bus.<Candle>consumer(Addresses.candle(v.id(), s, spec.label()), m -> {
                        if (fence.accept(m.body())) {
                            bus.publish(out, AnalyticsEndpoints.candleJson(m.body()).put("venue", v.id())
                                    .put("symbol", s).put("spec", spec.label()), LOCAL);
                        }
                    }).completion());
                }
            }
        }
        ready.add(bus.<Opportunity>consumer(Addresses.OPPORTUNITY, m -> onOpportunity(m.body())).completion());
        vertx.setPeriodic(TOP_INTERVAL_MILLIS, id -> flushTops());
        vertx.setPeriodic(VENUES_INTERVAL_MILLIS, id -> publishVenues());
        vertx.setPeriodic(LATENCY_INTERVAL_MILLIS, id -> publishLatency());
        return Future.all(ready);
    }

    private void flushTops() {
        for (Book b : books.values()) {
            if (b.dirty) {
                b.dirty = false;
                vertx.eventBus().publish(b.address, topJson(b.top), LOCAL);
            }
        }
    }

    static JsonObject topJson(BookTop t) {
        return new JsonObject().put("venue", t.venue()).put("symbol", t.symbol()).put("state", t.syncState().name())
                .put("venueSeq", t.venueSeq()).put("appliedTs", t.appliedTsNanos() / 1_000_000)
                .put("bids", levels(t.bidPrices(), t.bidSizes(), t.priceScale(), t.sizeScale()))
                .put("asks", levels(t.askPrices(), t.askSizes(), t.priceScale(), t.sizeScale()));
    }

    private static JsonArray levels(long[] prices, long[] sizes, int ps, int ss) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < Math.min(TOP_LEVELS, prices.length); i++) {
            out.add(new JsonArray().add(Decimals.toString(prices[i], ps)).add(Decimals.toString(sizes[i], ss)));
        }
        return out;
    }

    private void onOpportunity(Opportunity o) {
        JsonObject j = OpsVerticle.opportunityJson(o);
        if (o.phase() == Opportunity.Phase.CLOSE) {
            j.put("reason", closeReason(o));
        }
        vertx.eventBus().publish(Dashboard.OPPORTUNITY, j, LOCAL);
    }

    /**
     * Why an opportunity closed, as far as the dashboard can tell: the event carries no reason (the arbitrage log
     * does). A {@code CLOSE} of the periodic freshness sweep names no venue; otherwise a leg's book that is not LIVE
     * is the reason, and else the edge went away.
     */
    String closeReason(Opportunity o) {
        if (o.venue().isEmpty()) {
            return "a book went quiet (older than arbitrage.maxAge)";
        }
        for (String v : List.of(o.buyVenue(), o.sellVenue())) {
            Book b = books.get(v + '/' + o.symbol());
            if (b != null && b.top != null && b.top.syncState() != SyncState.LIVE) {
                return v + " book " + b.top.syncState();
            }
        }
        return "edge gone";
    }

    private void publishVenues() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastVenuesNanos) / 1e9);
        lastVenuesNanos = now;
        for (Book b : books.values()) {
            b.rate = b.updates / seconds;
            b.updates = 0;
        }
        JsonArray venues = new JsonArray();
        for (VenueConfig v : config.venues()) {
            VenueStatus s = statuses.get(v.id());
            JsonArray symbols = new JsonArray();
            double venueRate = 0;
            for (String sym : v.instruments().keySet()) {
                Book b = books.get(v.id() + '/' + sym);
                VenueStatus.SymbolStatus ss = s == null ? null
                        : s.symbols().stream().filter(x -> x.symbol().equals(sym)).findFirst().orElse(null);
                venueRate += b.rate;
                symbols.add(new JsonObject().put("symbol", sym)
                        .put("state", ss == null ? "STARTING" : ss.state().name())
                        .put("resyncs", ss == null ? 0 : ss.resyncs()).put("reason", ss == null ? "" : ss.reason())
                        .put("updatesPerSec", Math.round(b.rate)));
            }
            JsonArray standing = new JsonArray();
            standbys.get(v.id()).entrySet().removeIf(e -> now - e.getValue()[0] > OpsVerticle.STATUS_LOST_NANOS);
            for (String node : standbys.get(v.id()).keySet()) {
                VenueStatus st = standbyStatus.get(v.id() + '/' + node);
                if (s != null && node.equals(s.node())) {
                    continue; // it has since become the leader
                }
                standing.add(new JsonObject().put("node", node).put("connection", st.connection().name())
                        .put("live", st.symbols().stream().filter(x -> x.state() == SyncState.LIVE).count())
                        .put("symbols", st.symbols().size()));
            }
            venues.add(new JsonObject().put("venue", v.id()).put("dialect", v.dialect())
                    .put("connection", s == null ? "STARTING" : s.connection().name())
                    .put("reason", s == null ? "" : s.reason())
                    .put("leader", s == null || s.role() == VenueStatus.Role.NONE ? null
                            : new JsonObject().put("node", s.node()).put("epoch", s.epoch()))
                    .put("standbys", standing).put("updatesPerSec", Math.round(venueRate)).put("symbols", symbols));
        }
        vertx.eventBus().publish(Dashboard.VENUES, new JsonObject().put("venues", venues), LOCAL);
    }

    /** Per venue and stage, the percentiles (in microseconds) of the samples since the last publish. */
    private void publishLatency() {
        JsonArray rows = new JsonArray();
        for (Timer t : metrics.registry().find("xgate.stage.latency").timers()) {
            String venue = t.getId().getTag("venue");
            String stage = t.getId().getTag("stage");
            HistogramSnapshot snap = t.takeSnapshot();
            CountAtBucket[] buckets = snap.histogramCounts();
            double[] now = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                now[i] = buckets[i].count();
            }
            double[] before = lastCounts.put(venue + '/' + stage, now);
            double[] window = new double[now.length];
            for (int i = 0; i < now.length; i++) {
                window[i] = before == null || before.length != now.length ? now[i] : now[i] - before[i];
            }
            double total = window.length == 0 ? 0 : window[window.length - 1];
            JsonObject row = new JsonObject().put("venue", venue).put("stage", stage).put("count", (long) total);
            for (int q = 0; q < QUANTILES.length; q++) {
                row.put(QUANTILE_NAMES[q], total == 0 ? null : quantileMicros(buckets, window, QUANTILES[q] * total));
            }
            rows.add(row);
        }
        vertx.eventBus().publish(Dashboard.LATENCY, new JsonObject().put("intervalMs", LATENCY_INTERVAL_MILLIS)
                .put("stages", rows), LOCAL);
    }

    /** The upper bound (µs) of the first bucket whose cumulative count reaches {@code rank}. */
    private static Double quantileMicros(CountAtBucket[] buckets, double[] cumulative, double rank) {
        for (int i = 0; i < buckets.length; i++) {
            if (cumulative[i] >= rank) {
                return Math.round(buckets[i].bucket(TimeUnit.NANOSECONDS) / 100.0) / 10.0;
            }
        }
        return null;
    }
}
