package io.xgate.event;

/** Side of a book level or the aggressor side of a trade. Wire codes are part of the public contract. */
public enum Side {
    BUY(1),
    SELL(2),
    /** The venue did not say. */
    UNKNOWN(0);

    private final int code;

    Side(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The side for a wire code; unknown codes map to {@link #UNKNOWN}. */
    public static Side ofCode(int code) {
        return code == 1 ? BUY : code == 2 ? SELL : UNKNOWN;
    }
}
