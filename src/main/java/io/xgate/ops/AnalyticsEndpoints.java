package io.xgate.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.xgate.analytics.CandleSpec;
import io.xgate.analytics.IndicatorSpec;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.Candle;
import io.xgate.event.Indicator;
import io.xgate.num.Decimals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's analytics endpoints, {@code GET /api/candles/{venue}/{symbol}?spec=&limit=} and
 * {@code GET /api/indicators/{venue}/{symbol}?spec=&limit=}, served from {@link SeriesHistory}s that this part of
 * the admin verticle fills by consuming the public analytics addresses (cluster-wide, so the node serving the API
 * need not be the one computing the candles). Per (venue, symbol, spec) it keeps the newest
 * {@code analytics.history} completed candles and the newest in-progress one; per indicator, the newest
 * {@code analytics.history} values. Answers list oldest first (newest last, as a chart reads).
 *
 * <p>Another per-series event plugs in the same way: a {@link SeriesHistory}, a consumer per configured address in
 * {@link #subscribe}, a route on {@link #series} with {@code spec} not used and a JSON form.
 */
final class AnalyticsEndpoints {

    /** The default {@code limit}. */
    static final int DEFAULT_LIMIT = 100;

    private final GatewayConfig config;
    private final Map<String, VenueConfig> venues = new LinkedHashMap<>();
    private final SeriesHistory<Candle> candles;
    private final Map<String, Candle> inProgress = new HashMap<>();
    private final SeriesHistory<Indicator> indicators;
    private final SeriesHistory<io.xgate.event.BookBar> bookBars;

    AnalyticsEndpoints(GatewayConfig config) {
        this.config = config;
        config.venues().forEach(v -> venues.put(v.id(), v));
        this.candles = new SeriesHistory<>(config.analytics().history());
        this.indicators = new SeriesHistory<>(config.analytics().history());
        this.bookBars = new SeriesHistory<>(config.analytics().history());
    }

    /** Consumes every configured candle and indicator address. */
    /** Drops the series of a venue's old leaders (high availability); all on the admin verticle's context. */
    private final io.xgate.cluster.EpochFence fence = new io.xgate.cluster.EpochFence();

    List<Future<?>> subscribe(Vertx vertx) {
        GatewayConfig.Analytics a = config.analytics();
        List<Future<?>> ready = new ArrayList<>();
        for (VenueConfig v : venues.values()) {
            for (String s : v.instruments().keySet()) {
                if (!a.bookBars().isZero()) {
                    String bars = SeriesHistory.key(v.id(), s);
                    ready.add(vertx.eventBus().<io.xgate.event.BookBar>consumer(Addresses.bookBar(v.id(), s),
                            m -> {
                                if (fence.accept(m.body())) {
                                    bookBars.add(bars, m.body());
                                }
                            }).completion());
                }
                for (CandleSpec spec : a.candlesOf(s)) {
                    String key = SeriesHistory.key(v.id(), s, spec.label());
                    ready.add(vertx.eventBus().<Candle>consumer(Addresses.candle(v.id(), s, spec.label()), m -> {
                        if (!fence.accept(m.body())) {
                            return; // an old venue leader's (high availability)
                        }
                        if (m.body().complete()) {
                            candles.add(key, m.body());
                            // a later bar's partial may come before this bar closes (its grace): keep that one
                            Candle open = inProgress.get(key);
                            if (open != null && open.startNanos() <= m.body().startNanos()) {
                                inProgress.remove(key);
                            }
                        } else {
                            inProgress.put(key, m.body());
                        }
                    }).completion());
                    if (!a.indicatorsOf(spec.label()).isEmpty()) {
                        ready.add(vertx.eventBus().<Indicator>consumer(Addresses.indicator(v.id(), s, spec.label()),
                                m -> {
                                    if (fence.accept(m.body())) {
                                        indicators.add(SeriesHistory.key(key, m.body().name()), m.body());
                                    }
                                }).completion());
                    }
                }
            }
        }
        return ready;
    }

    /** Adds the routes. */
    void routes(Router r) {
        r.get("/api/candles/:venue/:symbol").handler(this::candles);
        r.get("/api/indicators/:venue/:symbol").handler(this::indicators);
        r.get("/api/bookbars/:venue/:symbol").handler(this::bookBars);
    }

    private void bookBars(RoutingContext ctx) {
        SeriesRequest q = series(ctx, "book bars", null);
        if (q == null) {
            return;
        }
        JsonArray out = new JsonArray();
        bookBars.last(q.key(), q.limit()).forEach(b -> out.add(bookBarJson(b)));
        OpsVerticle.json(ctx, 200, new JsonObject().put("venue", q.venue()).put("symbol", q.symbol())
                .put("bookBars", out));
    }

    /** A book bar with decimal strings at its scales, bands by name. */
    static JsonObject bookBarJson(io.xgate.event.BookBar b) {
        int ms = b.midScale();
        int ss = b.sizeScale();
        JsonObject bands = new JsonObject();
        for (int k = 0; k < io.xgate.event.BookBar.BANDS.size(); k++) {
            bands.put(io.xgate.event.BookBar.BANDS.get(k), new JsonObject()
                    .put("bidDepth", Decimals.toStrippedString(b.bidDepth()[k], ss))
                    .put("askDepth", Decimals.toStrippedString(b.askDepth()[k], ss))
                    .put("bidFlow", Decimals.toStrippedString(b.bidFlow()[k], ss))
                    .put("askFlow", Decimals.toStrippedString(b.askFlow()[k], ss)));
        }
        return new JsonObject().put("start", OpsVerticle.time(b.startNanos())).put("end", OpsVerticle.time(b.endNanos()))
                .put("startNs", b.startNanos()).put("endNs", b.endNanos()).put("live", b.live())
                .put("resyncs", b.resyncs()).put("liveNs", b.liveNanos())
                .put("midOpen", Decimals.toStrippedString(b.midOpen(), ms))
                .put("midHigh", Decimals.toStrippedString(b.midHigh(), ms))
                .put("midLow", Decimals.toStrippedString(b.midLow(), ms))
                .put("midClose", Decimals.toStrippedString(b.midClose(), ms))
                .put("spreadMean", Decimals.toStrippedString(b.spreadMean(), ms))
                .put("spreadMax", Decimals.toStrippedString(b.spreadMax(), ms))
                .put("spreadEnd", Decimals.toStrippedString(b.spreadEnd(), ms))
                .put("microprice", Decimals.toStrippedString(b.microprice(), ms)).put("bands", bands)
                .put("ofi", Decimals.toStrippedString(b.ofi(), ss))
                .put("tradeVolume", Decimals.toStrippedString(b.tradeVolume(), ss))
                .put("signedVolume", Decimals.toStrippedString(b.signedVolume(), ss))
                .put("buyVolume", Decimals.toStrippedString(b.buyVolume(), ss))
                .put("sellVolume", Decimals.toStrippedString(b.sellVolume(), ss))
                .put("tradeCount", b.tradeCount()).put("messages", b.messages()).put("adds", b.adds())
                .put("cancels", b.cancels()).put("modifications", b.modifications())
                .put("bidWallZ", Double.isNaN(b.bidWallZ()) ? null : b.bidWallZ())
                .put("askWallZ", Double.isNaN(b.askWallZ()) ? null : b.askWallZ());
    }

    /**
     * A series request, resolved: venue and symbol configured, {@code spec} one of {@code specs} (the first by
     * default; ignored when {@code specs} is {@code null}), {@code limit} within the history.
     */
    record SeriesRequest(String venue, String symbol, String spec, int limit) {
        String key() {
            return spec == null ? SeriesHistory.key(venue, symbol) : SeriesHistory.key(venue, symbol, spec);
        }
    }

    /**
     * Resolves a series request, or answers it with 404 (unknown venue, symbol or spec: the answer names those that
     * exist) or 400 (a spec that does not parse, a bad limit) and returns {@code null}.
     *
     * @param what  what the series holds, for messages ("candles")
     * @param specs the specs the symbol has for this series, or {@code null} for a series without specs
     */
    SeriesRequest series(RoutingContext ctx, String what, java.util.function.Function<String, List<String>> specs) {
        String venue = ctx.pathParam("venue");
        String symbol = ctx.pathParam("symbol");
        VenueConfig v = venues.get(venue);
        if (v == null) {
            OpsVerticle.error(ctx, 404, "unknown venue '" + venue + "'; venues: " + venues.keySet());
            return null;
        }
        if (!v.instruments().containsKey(symbol)) {
            OpsVerticle.error(ctx, 404, "venue " + venue + " has no symbol '" + symbol + "'; its symbols: "
                    + v.instruments().keySet());
            return null;
        }
        String spec = null;
        if (specs != null) {
            List<String> known = specs.apply(symbol);
            spec = ctx.queryParams().get("spec");
            if (spec == null) {
                if (known.isEmpty()) {
                    OpsVerticle.error(ctx, 404, "no " + what + " are configured for " + symbol);
                    return null;
                }
                spec = known.get(0);
            } else {
                try {
                    CandleSpec.parse(spec);
                } catch (IllegalArgumentException e) {
                    OpsVerticle.error(ctx, 400, "spec: " + e.getMessage());
                    return null;
                }
                if (!known.contains(spec)) {
                    OpsVerticle.error(ctx, 404, "no " + what + " of spec '" + spec + "' for " + venue + " " + symbol
                            + "; its specs: " + known);
                    return null;
                }
            }
        }
        int max = config.analytics().history();
        int limit = Math.min(DEFAULT_LIMIT, max);
        String l = ctx.queryParams().get("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > max) {
                OpsVerticle.error(ctx, 400, "limit must be a whole number from 1 to " + max
                        + " (analytics.history), not '" + l + "'");
                return null;
            }
        }
        return new SeriesRequest(venue, symbol, spec, limit);
    }

    private List<String> candleSpecs(String symbol) {
        return config.analytics().candlesOf(symbol).stream().map(CandleSpec::label).toList();
    }

    private List<String> indicatorSpecs(String symbol) {
        return candleSpecs(symbol).stream().filter(s -> !config.analytics().indicatorsOf(s).isEmpty()).toList();
    }

    private void candles(RoutingContext ctx) {
        SeriesRequest q = series(ctx, "candles", this::candleSpecs);
        if (q == null) {
            return;
        }
        JsonArray out = new JsonArray();
        candles.last(q.key(), q.limit()).forEach(c -> out.add(candleJson(c)));
        Candle open = inProgress.get(q.key());
        OpsVerticle.json(ctx, 200, new JsonObject().put("venue", q.venue()).put("symbol", q.symbol())
                .put("spec", q.spec()).put("candles", out).put("inProgress", open == null ? null : candleJson(open)));
    }

    private void indicators(RoutingContext ctx) {
        SeriesRequest q = series(ctx, "indicators", this::indicatorSpecs);
        if (q == null) {
            return;
        }
        JsonObject byName = new JsonObject();
        for (IndicatorSpec i : config.analytics().indicatorsOf(q.spec())) {
            JsonArray values = new JsonArray();
            for (Indicator x : indicators.last(SeriesHistory.key(q.key(), i.label()), q.limit())) {
                values.add(new JsonObject().put("candleStart", OpsVerticle.time(x.candleStartNanos()))
                        .put("candleEnd", OpsVerticle.time(x.candleEndNanos()))
                        .put("candleStartNs", x.candleStartNanos()).put("candleEndNs", x.candleEndNanos())
                        .put("value", x.value()));
            }
            byName.put(i.label(), values);
        }
        OpsVerticle.json(ctx, 200, new JsonObject().put("venue", q.venue()).put("symbol", q.symbol())
                .put("spec", q.spec()).put("indicators", byName));
    }

    static JsonObject candleJson(Candle c) {
        int ps = c.priceScale();
        int ss = c.sizeScale();
        return new JsonObject().put("start", OpsVerticle.time(c.startNanos())).put("end", OpsVerticle.time(c.endNanos()))
                .put("startNs", c.startNanos()).put("endNs", c.endNanos()).put("complete", c.complete())
                .put("open", Decimals.toString(c.open(), ps)).put("high", Decimals.toString(c.high(), ps))
                .put("low", Decimals.toString(c.low(), ps)).put("close", Decimals.toString(c.close(), ps))
                .put("vwap", Decimals.toString(c.vwap(), ps)).put("volume", Decimals.toString(c.volume(), ss))
                .put("buyVolume", Decimals.toString(c.buyVolume(), ss))
                .put("sellVolume", Decimals.toString(c.sellVolume(), ss))
                .put("notional", Decimals.toString(c.notional(), c.notionalScale()))
                .put("tradeCount", c.tradeCount()).put("firstTradeTime", OpsVerticle.time(c.firstTradeTsNanos()))
                .put("lastTradeTime", OpsVerticle.time(c.lastTradeTsNanos()));
    }
}
