package io.xgate.venue.binance;

import io.xgate.config.VenueConfig;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.OrderLimitRules;
import java.util.List;

/**
 * Binance's order limits (protocol reference 1.4, 1.5): a new order counts one in {@code ORDERS} (kept as a sliding
 * window: Binance counts per fixed clock window) and in {@code ORDERS_DAY}, and spends its weight of the shared
 * {@code REQUEST_WEIGHT} (1 for {@code POST /api/v3/order}); a cancel spends only its weight (1 for
 * {@code DELETE /api/v3/order}). The weights are the venue file's {@code endpointWeights} where it names them.
 *
 * <p>Immutable; called only on the order desk's context.
 */
public final class BinanceOrderLimits implements OrderLimitRules {

    /** Binance's new-order count per interval (exchangeInfo {@code ORDERS}, e.g. 10 per second). */
    public static final String ORDERS = "ORDERS";
    /** Binance's new-order count per day, configured as its own class. */
    public static final String ORDERS_DAY = "ORDERS_DAY";

    private final List<Cost> newOrder;
    private final List<Cost> cancel;

    /** The rules of a venue on the Binance dialect, with its configured endpoint weights. */
    public BinanceOrderLimits(VenueConfig venue) {
        long placeWeight = VenueHttp.configuredWeight(venue, "POST " + BinanceOrderProtocol.ORDER_PATH,
                BinanceOrderProtocol.NEW_ORDER_WEIGHT);
        long cancelWeight = VenueHttp.configuredWeight(venue, "DELETE " + BinanceOrderProtocol.ORDER_PATH,
                BinanceOrderProtocol.CANCEL_WEIGHT);
        this.newOrder = List.of(new Cost(ORDERS, 1, Counting.SLIDING_WINDOW), new Cost(ORDERS_DAY, 1, Counting.BUCKET),
                new Cost(BinanceDialect.REQUEST_WEIGHT, placeWeight, Counting.REST_BUDGET));
        this.cancel = List.of(new Cost(BinanceDialect.REQUEST_WEIGHT, cancelWeight, Counting.REST_BUDGET));
    }

    @Override
    public List<Cost> newOrder() {
        return newOrder;
    }

    @Override
    public List<Cost> cancel(long orderAgeMillis) {
        return cancel;
    }
}
