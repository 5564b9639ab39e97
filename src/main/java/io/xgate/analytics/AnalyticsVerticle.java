package io.xgate.analytics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.Candle;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.Indicator;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candles and moving averages, live: consumes the {@link Trade}s of every (venue, symbol) this node aggregates
 * ({@code analytics.venues}, by default the venues it runs) from {@code xgate.md.trade.<venue>.<SYMBOL>}, feeds one
 * {@link CandleBuilder} per (venue, symbol, candle spec) and one {@link IndicatorBuilder} per series whose spec has
 * indicators, and publishes
 * <ul>
 *   <li>each completed bar as a {@link Candle} on {@code xgate.an.candle.<venue>.<SYMBOL>.<spec>}, then the
 *       indicators computed on it as {@link Indicator}s on {@code xgate.an.indicator.<venue>.<SYMBOL>.<spec>};</li>
 *   <li>the bar in progress, flagged incomplete, at most every {@code analytics.partialInterval} and only when a
 *       trade changed it since the last one, on the candle address.</li>
 * </ul>
 * A periodic clock tick ({@link CandleBuilder#onClock}) closes time bars at their end plus the grace, whether or
 * not a trade comes. A trade without a venue timestamp ({@link Event#NO_TIME}) is placed by its receive time.
 * Late trades, forced closes and refused trades are counted per venue ({@code xgate_analytics_*_total}).
 *
 * <p>One context owns every builder: the trades, the clock and the partial timer all run on it, so no state is
 * shared. The consumers are cluster-wide, so a node may aggregate venues another node runs; each series should
 * have one owner in a cluster (the default, the venues a node runs, gives that).
 */
public final class AnalyticsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsVerticle.class);

    private final GatewayConfig config;
    private final Metrics metrics;
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;
    /** Drops trades of a venue's old leaders (high availability). */
    private final io.xgate.cluster.EpochFence fence = new io.xgate.cluster.EpochFence();

    /**
     * Publishes a venue's candles and indicators only while this node leads it (high availability); a standby keeps
     * aggregating the leader's trades, so its series are current when it takes over. Call before deployment.
     */
    public AnalyticsVerticle leadership(io.xgate.cluster.Leadership leadership) {
        this.leadership = leadership;
        return this;
    }
    private final List<Series> all = new ArrayList<>();

    /**
     * @param config  the gateway configuration ({@code analytics} and the venues' instruments)
     * @param metrics where the late, forced and refused trades are counted
     */
    public AnalyticsVerticle(GatewayConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** One (venue, symbol, spec): its builders, addresses and the counters already reported. */
    private final class Series {
        final CandleBuilder candles;
        final IndicatorBuilder indicators;
        final String candleAddress;
        final String indicatorAddress;
        final Metrics.Venue meters;
        final String name;
        /** This node's role for the venue: a standby aggregates the leader's trades and publishes nothing. */
        final io.xgate.cluster.VenueRole role;
        long lateReported;
        long forcedReported;
        boolean changed;

        Series(VenueConfig v, Instrument i, CandleSpec spec, GatewayConfig.Analytics a) {
            this.meters = metrics.venue(v.id());
            this.name = v.id() + " " + i.symbol() + " " + spec.label();
            this.candleAddress = Addresses.candle(v.id(), i.symbol(), spec.label());
            this.indicatorAddress = Addresses.indicator(v.id(), i.symbol(), spec.label());
            List<IndicatorSpec> ind = a.indicatorsOf(spec.label());
            this.role = leadership.role(v.id());
            this.indicators = ind.isEmpty() ? null : new IndicatorBuilder(spec.label(), ind, x -> {
                if (role.publishes()) {
                    vertx.eventBus().publish(indicatorAddress, role.elected() ? x.withEpoch(role.epoch()) : x);
                }
            });
            this.candles = new CandleBuilder(v.id(), i.symbol(), spec, i.priceScale(), i.sizeScale(), a.options(),
                    EpochClock::nanos, (c, trades) -> {
                        if (role.publishes()) {
                            vertx.eventBus().publish(candleAddress, role.elected() ? c.withEpoch(role.epoch()) : c);
                        }
                        if (indicators != null) {
                            indicators.onCandle(c, EpochClock.nanos());
                        }
                    });
        }

        void onTrade(long ts, Trade t) {
            if (!candles.onTrade(ts, t.price(), t.size(), t.side() == Side.BUY)) {
                long late = candles.lateDropped();
                if (late != lateReported) {
                    if (lateReported == 0) {
                        LOG.warn("analytics: {}: a trade at {} ns came after its bar closed (end + grace, received {} "
                                + "ns): dropped; further ones are counted in xgate_analytics_late_trades_total",
                                name, ts, t.receiveTsNanos());
                    }
                    meters.lateTrades(late - lateReported);
                    lateReported = late;
                } else {
                    meters.invalidTrade();
                }
                return;
            }
            long forced = candles.forcedCloses();
            if (forced != forcedReported) {
                meters.forcedCloses(forced - forcedReported);
                forcedReported = forced;
            }
            changed = true;
        }

        void onClock(long now) {
            candles.onClock(now);
            long forced = candles.forcedCloses();
            if (forced != forcedReported) {
                meters.forcedCloses(forced - forcedReported);
                forcedReported = forced;
            }
        }

        void publishPartial(long now) {
            if (changed) {
                changed = false;
                if (role.publishes()) {
                    candles.partial(now).ifPresent(c -> vertx.eventBus().publish(candleAddress,
                            role.elected() ? c.withEpoch(role.epoch()) : c));
                }
            }
        }
    }

    @Override
    public Future<?> start() {
        GatewayConfig.Analytics a = config.analytics();
        List<Future<?>> registered = new ArrayList<>();
        long shortest = Long.MAX_VALUE;
        for (VenueConfig v : config.venues()) {
            if (!a.runs(v.id())) {
                continue;
            }
            for (Instrument i : v.instruments().values()) {
                List<CandleSpec> specs = a.candlesOf(i.symbol());
                Series[] series = new Series[specs.size()];
                for (int k = 0; k < series.length; k++) {
                    series[k] = new Series(v, i, specs.get(k), a);
                    all.add(series[k]);
                    if (specs.get(k).timeBased()) {
                        shortest = Math.min(shortest, specs.get(k).durationNanos());
                    }
                }
                Metrics.Venue meters = metrics.venue(v.id());
                boolean[] warned = {false};
                registered.add(vertx.eventBus().<Trade>consumer(Addresses.trade(v.id(), i.symbol()), m -> {
                    Trade t = m.body();
                    if (!fence.accept(t)) {
                        return; // an old leader's trade, after the new one published
                    }
                    if (t.priceScale() != i.priceScale() || t.sizeScale() != i.sizeScale()) {
                        meters.invalidTrade();
                        if (!warned[0]) {
                            warned[0] = true;
                            LOG.warn("analytics: {} {} trades at scales {}/{}, the instrument's are {}/{}: dropped "
                                    + "(xgate_analytics_invalid_trades_total)", v.id(), i.symbol(), t.priceScale(),
                                    t.sizeScale(), i.priceScale(), i.sizeScale());
                        }
                        return;
                    }
                    long ts = t.venueTsNanos() == Event.NO_TIME ? t.receiveTsNanos() : t.venueTsNanos();
                    for (Series s : series) {
                        s.onTrade(ts, t);
                    }
                }).completion());
            }
        }
        long tickMillis = tickMillis(shortest);
        vertx.setPeriodic(tickMillis, id -> {
            long now = EpochClock.nanos();
            for (Series s : all) {
                s.onClock(now);
            }
        });
        vertx.setPeriodic(a.partialInterval().toMillis(), id -> {
            long now = EpochClock.nanos();
            for (Series s : all) {
                s.publishPartial(now);
            }
        });
        LOG.info("analytics: {} candle series on {}; candles {}{}, indicators {}, grace {} ms, empty intervals {}, "
                + "clock tick {} ms", all.size(), a.venues(), a.candles(), a.symbolCandles().isEmpty() ? ""
                : " (per symbol " + a.symbolCandles() + ")", a.indicators(), a.grace().toMillis(),
                a.skipEmpty() ? "skipped" : "flat", tickMillis);
        return Future.all(registered);
    }

    /** A fifth of the shortest time bar, between 10 and 100 ms: bars close within that of end + grace. */
    static long tickMillis(long shortestNanos) {
        return Math.max(10, Math.min(100, shortestNanos / 5_000_000));
    }
}
