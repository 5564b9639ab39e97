package io.xgate.venue.bybit;

import io.xgate.config.VenueConfig;
import io.xgate.venue.OrderLimitRules;
import java.util.List;

/**
 * Bybit's order limits (protocol reference 4.4): a new order counts one in {@code ORDERS}, a token bucket of the
 * venue's limiter configured at the venue's per-UID, per-second limit of {@code /v5/order/create} (10/s linear,
 * 20/s spot: configure the smaller when both kinds trade), reconciled after every answer with the venue's
 * {@code X-Bapi-Limit-Status} (what is left); every request, cancels included, also spends one of the IP-wide
 * {@code IP} budget (600 per 5 s), shared with market data.
 *
 * <p>Immutable; called only on the order desk's context.
 */
public final class BybitOrderLimits implements OrderLimitRules {

    /** The new-order bucket. */
    public static final String ORDERS = "ORDERS";

    private static final List<Cost> NEW_ORDER = List.of(new Cost(ORDERS, 1, Counting.BUCKET),
            new Cost(BybitDialect.IP, 1, Counting.REST_BUDGET));
    private static final List<Cost> CANCEL = List.of(new Cost(BybitDialect.IP, 1, Counting.REST_BUDGET));

    /** The rules of a venue on the Bybit dialect. */
    public BybitOrderLimits(VenueConfig venue) {
    }

    @Override
    public List<Cost> newOrder() {
        return NEW_ORDER;
    }

    @Override
    public List<Cost> cancel(long orderAgeMillis) {
        return CANCEL;
    }
}
