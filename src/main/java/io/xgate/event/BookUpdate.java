package io.xgate.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A snapshot or a delta of one venue's L2 book for one symbol, published on
 * {@code xgate.md.book.<venue>.<SYMBOL>}.
 *
 * <p>Prices and sizes are mantissas at {@link #priceScale()} and {@link #sizeScale()}. In a delta, a size is
 * the level's new absolute size and 0 removes the level; levels are applied in array order. Bids and asks are
 * in the order the venue sent them.
 *
 * @param firstSeq the first venue sequence covered by this update (Binance {@code U}), or {@link Event#NO_SEQ}
 * @param venueSeq the last venue sequence covered (Binance {@code u}), or {@link Event#NO_SEQ}
 * @param checksum the venue's book checksum after this update, or {@link #NO_CHECKSUM}
 */
public record BookUpdate(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                         long publishTsNanos, Kind kind, long firstSeq, long checksum, int priceScale,
                         int sizeScale, long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes)
        implements Event {

    /** Whether the update replaces the book or changes it. Wire codes are part of the public contract. */
    public enum Kind {
        SNAPSHOT(1),
        DELTA(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The kind for a wire code, or {@code null}. */
        public static Kind ofCode(int code) {
            return code == 1 ? SNAPSHOT : code == 2 ? DELTA : null;
        }
    }

    /** {@link #checksum()} when the update carries none. Checksums are 32-bit, so this never collides. */
    public static final long NO_CHECKSUM = Long.MIN_VALUE;

    /** Validates the shape: non-null strings, matching array lengths, scales in range. */
    public BookUpdate {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        Levels.check("bids", bidPrices, bidSizes);
        Levels.check("asks", askPrices, askSizes);
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.BOOK_UPDATE;
    }

    /** Whether a checksum came with this update. */
    public boolean hasChecksum() {
        return checksum != NO_CHECKSUM;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookUpdate u && venue.equals(u.venue) && symbol.equals(u.symbol)
                && venueSeq == u.venueSeq && venueTsNanos == u.venueTsNanos && receiveTsNanos == u.receiveTsNanos
                && publishTsNanos == u.publishTsNanos && kind == u.kind && firstSeq == u.firstSeq
                && checksum == u.checksum && priceScale == u.priceScale && sizeScale == u.sizeScale
                && Levels.equal(bidPrices, u.bidPrices) && Levels.equal(bidSizes, u.bidSizes)
                && Levels.equal(askPrices, u.askPrices) && Levels.equal(askSizes, u.askSizes);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(venue, symbol, venueSeq, kind, firstSeq, checksum);
        h = 31 * h + Arrays.hashCode(bidPrices);
        h = 31 * h + Arrays.hashCode(askPrices);
        return h;
    }

    @Override
    public String toString() {
        return "BookUpdate[" + kind + ' ' + venue + ' ' + symbol + " seq=" + firstSeq + ".." + venueSeq
                + (hasChecksum() ? " checksum=" + checksum : "")
                + " bids=" + Levels.text(bidPrices, bidSizes, priceScale, sizeScale)
                + " asks=" + Levels.text(askPrices, askSizes, priceScale, sizeScale) + ']';
    }
}
