package io.xgate.venue.bybit;

import io.xgate.config.VenueConfig;
import io.xgate.venue.OrderLimitRules;
import java.util.List;

/**
 * Bybit's order limits (protocol reference 4.4): a new order counts one in {@code ORDERS}, kept as a sliding window
 * because Bybit counts per UID and endpoint over a rolling second (configure {@code /v5/order/create}'s limit:
 * 10/s linear, 20/s spot; the smaller when both kinds trade); the venue's own count reconciles it through
 * {@link BybitOrderProtocol} ({@code X-Bapi-Limit-Status: 0} or {@code 10006} hold new orders until
 * {@code X-Bapi-Limit-Reset-Timestamp}). Every request, cancels included, also spends one of the IP-wide {@code IP}
 * budget (600 per 5 s), shared with market data.
 *
 * <p>Immutable; called only on the order desk's context.
 */
public final class BybitOrderLimits implements OrderLimitRules {

    /** The new-order bucket. */
    public static final String ORDERS = "ORDERS";

    private static final List<Cost> NEW_ORDER = List.of(new Cost(ORDERS, 1, Counting.SLIDING_WINDOW),
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
