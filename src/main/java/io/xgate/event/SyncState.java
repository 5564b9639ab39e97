package io.xgate.event;

/**
 * Per-symbol synchronization state of a venue's book feed.
 *
 * <pre>SUBSCRIBING → SYNCING → LIVE ⇄ STALE, and any state → RESYNCING → SYNCING</pre>
 * Only a {@link #LIVE} book may be trusted. Wire codes are part of the public contract.
 */
public enum SyncState {
    /** Subscription sent, no data yet. */
    SUBSCRIBING(1),
    /** Buffering deltas and fetching or waiting for the snapshot. */
    SYNCING(2),
    /** Book in sync with the venue and all checks passing. */
    LIVE(3),
    /** The feed has gone quiet beyond its expected cadence; the book may be out of date. */
    STALE(4),
    /** A gap, checksum mismatch, crossed book or bad frame was detected; the book is being rebuilt. */
    RESYNCING(5),
    /** Not subscribed (venue disconnected or stopped). */
    DOWN(6);

    private static final SyncState[] BY_CODE = new SyncState[7];

    static {
        for (SyncState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    SyncState(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The state for a wire code, or {@code null} if unknown. */
    public static SyncState ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
