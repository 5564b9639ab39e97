package io.xgate.event;

/**
 * A normalized xgate event, as published on the event bus and encoded on the wire.
 *
 * <p>Every event carries the same header: its {@link #type()}, the venue and canonical symbol it is about
 * ({@code ""} when it is about no single venue or symbol), the venue's sequence number ({@link #NO_SEQ} when
 * the venue has none), and three timestamps in <b>nanoseconds since the Unix epoch</b>: the venue's own
 * timestamp ({@link #NO_TIME} when unknown), when xgate received the frame, and when the event was published.
 *
 * <p>Events are immutable. Records that hold primitive arrays hand them out without copying, for speed: a
 * consumer must never write into them.
 */
public sealed interface Event permits BookUpdate, Trade, BookTop, VenueStatus, Opportunity, OrderRequest, OrderReport,
        VenueTouch, Candle, Indicator, BookBar {

    /** The wire schema version this build writes. See the README, "Event wire format". */
    int SCHEMA_VERSION = 1;

    /** {@link #venueSeq()} when the venue gives no sequence number. */
    long NO_SEQ = -1L;

    /** A timestamp that is not known. */
    long NO_TIME = 0L;

    /** The event's type, which also fixes its wire layout. */
    EventType type();

    /** Venue id from the configuration (e.g. {@code binance}); {@code ""} for cross-venue events. */
    String venue();

    /** Canonical symbol (e.g. {@code BTC-USDT}); {@code ""} for venue-wide events. */
    String symbol();

    /** The venue's sequence or id for this event, or {@link #NO_SEQ}. */
    long venueSeq();

    /** Venue timestamp, epoch nanoseconds, or {@link #NO_TIME}. */
    long venueTsNanos();

    /** When xgate received the venue frame, epoch nanoseconds. */
    long receiveTsNanos();

    /** When this event was published, epoch nanoseconds. */
    long publishTsNanos();

    /**
     * The epoch of the venue leader that published it (high availability: it grows with every change of leader), or
     * 0: published without an election, or a type that carries none. Consumers drop a venue's events of an epoch
     * lower than the highest they have seen ({@code io.xgate.cluster.EpochFence}).
     */
    default long epoch() {
        return 0L;
    }
}
