package io.xgate.event;

import java.util.Objects;

/**
 * A request to a venue's order API, sent (request-reply) to {@code xgate.order.<venue>}; the reply is an
 * {@link OrderReport}. {@link #symbol()} is the canonical symbol; prices and quantities are mantissas at the
 * instrument's scales (which the gateway checks).
 *
 * @param action        place, cancel or query
 * @param clientOrderId the caller's id for the order (required to place; cancel and query accept it or
 *                      {@code venueOrderId})
 * @param orderType     limit or market (place)
 * @param timeInForce   GTC, IOC or FOK (place, limit orders)
 * @param price         limit price mantissa (0 for market orders)
 * @param quantity      quantity mantissa (place)
 * @param venueOrderId  the venue's id (cancel, query), or {@code ""}
 */
public record OrderRequest(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                           long publishTsNanos, Action action, String clientOrderId, Side side, OrderType orderType,
                           TimeInForce timeInForce, int priceScale, int sizeScale, long price, long quantity,
                           String venueOrderId) implements Event {

    /** What the request asks. Wire codes are part of the public contract. */
    public enum Action {
        PLACE(1), CANCEL(2), QUERY(3);

        private final int code;

        Action(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The action for a wire code, or {@code null}. */
        public static Action ofCode(int code) {
            return code == 1 ? PLACE : code == 2 ? CANCEL : code == 3 ? QUERY : null;
        }
    }

    /** Order type. Wire codes are part of the public contract. */
    public enum OrderType {
        LIMIT(1), MARKET(2);

        private final int code;

        OrderType(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The type for a wire code, or {@code null}. */
        public static OrderType ofCode(int code) {
            return code == 1 ? LIMIT : code == 2 ? MARKET : null;
        }
    }

    /**
     * Time in force. Wire codes are part of the public contract. {@code POST_ONLY} (4, appended) is a limit order that
     * only ever rests: the venue refuses (or cancels) it rather than let it take liquidity.
     */
    public enum TimeInForce {
        GTC(1), IOC(2), FOK(3), POST_ONLY(4);

        private final int code;

        TimeInForce(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The time in force for a wire code, or {@code null}. */
        public static TimeInForce ofCode(int code) {
            return code == 1 ? GTC : code == 2 ? IOC : code == 3 ? FOK : code == 4 ? POST_ONLY : null;
        }
    }

    /** Validates non-null fields and scales. */
    public OrderRequest {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(timeInForce, "timeInForce");
        Objects.requireNonNull(venueOrderId, "venueOrderId");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.ORDER_REQUEST;
    }
}
