package io.xgate.event;

import java.util.Objects;

/**
 * What became of an order request: the reply on {@code xgate.order.<venue>}, and each change of an order,
 * published on {@code xgate.order.events.<venue>}.
 *
 * <p>{@link Status#UNKNOWN} means the venue did not say (timeout, 5xx): the order may or may not exist, and the
 * gateway never retries it blindly; query it. {@link Source#LOCAL} means the gateway refused the request itself
 * (risk rule, rate limit, bad request) and nothing was sent.
 *
 * @param code    the venue's error code ({@code -1022}, {@code EAPI:Invalid nonce}) or the local rule
 *                ({@code PRICE_BAND}); {@code ""} if none
 * @param message what happened, in words
 * @param filledQuantity mantissa at {@code sizeScale}
 * @param averagePrice   average fill price mantissa at {@code priceScale}, 0 if nothing filled
 */
public record OrderReport(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                          long publishTsNanos, String clientOrderId, String venueOrderId, Status status,
                          Source source, String code, String message, int priceScale, int sizeScale,
                          long filledQuantity, long averagePrice) implements Event {

    /** An order's state, or the outcome of a request. Wire codes are part of the public contract. */
    public enum Status {
        /** The venue accepted the order; it rests (or is being matched). */
        ACCEPTED(1),
        /** Refused, by the venue or by the gateway ({@link Source}). */
        REJECTED(2),
        CANCELED(3),
        PARTIALLY_FILLED(4),
        FILLED(5),
        /** The venue's answer did not come (timeout, 5xx): the order's fate is unknown. */
        UNKNOWN(6),
        EXPIRED(7);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The status for a wire code, or {@code null}. */
        public static Status ofCode(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Who decided. Wire codes are part of the public contract. */
    public enum Source {
        /** The gateway: nothing was sent to the venue. */
        LOCAL(1),
        /** The venue's answer. */
        VENUE(2);

        private final int code;

        Source(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The source for a wire code, or {@code null}. */
        public static Source ofCode(int code) {
            return code == 1 ? LOCAL : code == 2 ? VENUE : null;
        }
    }

    /** Validates non-null fields and scales. */
    public OrderReport {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(venueOrderId, "venueOrderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.ORDER_REPORT;
    }
}
