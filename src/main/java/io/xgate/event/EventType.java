package io.xgate.event;

/** The event types and their wire codes. Codes are part of the public contract and never reused. */
public enum EventType {
    BOOK_UPDATE(1),
    TRADE(2),
    BOOK_TOP(3),
    VENUE_STATUS(4),
    OPPORTUNITY(5),
    ORDER_REQUEST(6),
    ORDER_REPORT(7),
    VENUE_TOUCH(8),
    CANDLE(9),
    INDICATOR(10),
    BOOK_BAR(11);

    private static final EventType[] BY_CODE = new EventType[12];

    static {
        for (EventType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} if the code is unknown to this build. */
    public static EventType ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
