package io.xgate.arb;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.EpochClock;
import io.xgate.event.Opportunity;
import io.xgate.num.Decimals;
import io.xgate.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ArbitrageEngine}: consumes {@link BookTop}s of every watched (venue, symbol) from
 * {@code xgate.md.top.<venue>.<SYMBOL>} (cluster-wide consumers, so a node that runs only arbitrage works),
 * publishes {@link Opportunity} events on {@code xgate.arb.opportunity}, logs each opening and closing, and
 * sweeps open opportunities so that a book going quiet closes them.
 */
public final class ArbitrageVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ArbitrageVerticle.class);

    private final GatewayConfig config;
    private final Metrics metrics;
    private ArbitrageEngine engine;

    public ArbitrageVerticle(GatewayConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Drops the tops of a venue's old leaders (high availability). */
    private final io.xgate.cluster.EpochFence fence = new io.xgate.cluster.EpochFence();

    @Override
    public Future<?> start() {
        engine = new ArbitrageEngine(config.arbitrage(), config.venues(), this::publish, this::closed);
        List<Future<?>> registered = new ArrayList<>();
        io.micrometer.core.instrument.FunctionCounter.builder("xgate.ha.fenced", fence,
                io.xgate.cluster.EpochFence::dropped).tag("consumer", "arbitrage")
                .description("Events dropped because an old venue leader published them").register(metrics.registry());
        for (VenueConfig v : config.venues()) {
            Metrics.Venue m = metrics.venue(v.id());
            for (String s : v.instruments().keySet()) {
                if (engine.symbols().contains(s)) {
                    registered.add(vertx.eventBus().<BookTop>consumer(Addresses.top(v.id(), s), msg -> {
                        BookTop top = msg.body();
                        if (!fence.accept(top)) {
                            return; // an old leader's book, after the new leader published (high availability)
                        }
                        engine.onTop(top, EpochClock.nanos());
                        m.stage(Metrics.Stage.TOP_TO_OPPORTUNITY, EpochClock.nanos() - top.publishTsNanos());
                    }).completion());
                }
            }
        }
        long sweep = Math.max(50, config.arbitrage().maxAge().toMillis() / 4);
        vertx.setPeriodic(sweep, id -> engine.sweep(EpochClock.nanos()));
        LOG.info("arbitrage watches {} on {} venue(s); minimum net edge {} bps after taker fees, books older than {} "
                + "ms ignored", engine.symbols(), config.venues().size(), config.arbitrage().minNetEdgeBps(),
                config.arbitrage().maxAge().toMillis());
        if (engine.symbols().isEmpty()) {
            LOG.warn("arbitrage: no symbol is quoted on two or more venues, so there is nothing to compare");
        }
        return Future.all(registered);
    }

    private void publish(Opportunity o) {
        vertx.eventBus().publish(Addresses.OPPORTUNITY, o);
        if (o.phase() == Opportunity.Phase.OPEN) {
            LOG.info("opportunity #{} OPEN {}: buy {} @ {}, sell {} @ {}, qty {}, net {} bps (gross {}), expected "
                    + "profit {}, slippage {} bps", o.id(), o.symbol(), o.buyVenue(),
                    Decimals.toStrippedString(o.buyPrice(), o.priceScale()), o.sellVenue(),
                    Decimals.toStrippedString(o.sellPrice(), o.priceScale()),
                    Decimals.toStrippedString(o.quantity(), o.sizeScale()), bps(o.netEdgeBps()),
                    bps(o.grossEdgeBps()), String.format("%.4f", o.expectedProfit()), bps(o.slippageBps()));
        } else if (o.phase() == Opportunity.Phase.UPDATE && LOG.isDebugEnabled()) {
            LOG.debug("opportunity #{} UPDATE {}: qty {}, net {} bps, expected profit {}", o.id(), o.symbol(),
                    Decimals.toStrippedString(o.quantity(), o.sizeScale()), bps(o.netEdgeBps()),
                    String.format("%.4f", o.expectedProfit()));
        }
    }

    private void closed(Opportunity o, String reason) {
        LOG.info("opportunity #{} CLOSE {} (buy {}, sell {}) after {} ms: {}", o.id(), o.symbol(), o.buyVenue(),
                o.sellVenue(), o.lifetimeNanos() / 1_000_000, reason);
    }

    private static String bps(double v) {
        return String.format("%.2f", v);
    }
}
