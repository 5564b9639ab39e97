package io.xgate.venue.okx;

import io.xgate.venue.OrderLimitRules;
import java.util.List;

/**
 * OKX's trade limits (protocol reference 3.5): place-order 60 requests / 2 s and cancel-order 60 / 2 s, independent
 * of each other, configured as {@value #ORDERS} and {@value #CANCELS}. OKX counts place orders per user and
 * instrument; xgate counts them per venue, which is stricter and never overruns it. Both are sliding windows.
 *
 * <p>Immutable; called only on the order desk's context.
 */
public final class OkxOrderLimits implements OrderLimitRules {

    /** {@code POST /api/v5/trade/order}, as named in the venue file. */
    public static final String ORDERS = "ORDERS";
    /** {@code POST /api/v5/trade/cancel-order}, as named in the venue file. */
    public static final String CANCELS = "CANCELS";

    private static final List<Cost> NEW_ORDER = List.of(new Cost(ORDERS, 1, Counting.SLIDING_WINDOW));
    private static final List<Cost> CANCEL = List.of(new Cost(CANCELS, 1, Counting.SLIDING_WINDOW));

    @Override
    public List<Cost> newOrder() {
        return NEW_ORDER;
    }

    @Override
    public List<Cost> cancel(long orderAgeMillis) {
        return CANCEL;
    }
}
