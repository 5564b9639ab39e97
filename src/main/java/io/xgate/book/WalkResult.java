package io.xgate.book;

import java.math.BigInteger;

/**
 * The outcome of walking one side of a book for a quantity ({@link OrderBook#walkAsks}, {@link
 * OrderBook#walkBids}). A mutable, reusable holder: one per caller, refilled by each walk.
 *
 * <p>The notional (sum of price × size over the levels consumed) is kept exactly, as a 128-bit integer at
 * scale {@code priceScale + sizeScale}, so no book is too deep or too expensive for it.
 */
public final class WalkResult {

    long filled;
    long unfilled;
    int levels;
    long worstPrice;
    long notionalHigh;
    long notionalLow;
    int priceScale;

    /** Quantity that the book could fill (size mantissa). */
    public long filled() {
        return filled;
    }

    /** Quantity left when the book ran out (size mantissa); 0 if fully filled. */
    public long unfilled() {
        return unfilled;
    }

    /** Levels touched, including a partly consumed last one. */
    public int levels() {
        return levels;
    }

    /** Price of the last level touched, or {@link OrderBook#NO_PRICE} if nothing was filled. */
    public long worstPrice() {
        return worstPrice;
    }

    /** Whether the notional fits in a signed 64-bit mantissa (almost always). */
    public boolean notionalFitsLong() {
        return notionalHigh == 0 && notionalLow >= 0;
    }

    /** The exact notional as a mantissa at {@code priceScale + sizeScale}. */
    public BigInteger notional() {
        return BigInteger.valueOf(notionalHigh).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(notionalLow)));
    }

    /**
     * Volume-weighted average price of the fill, as a price mantissa rounded half up, or
     * {@link OrderBook#NO_PRICE} if nothing was filled. Allocation-free unless the notional exceeds 63 bits.
     */
    public long averagePrice() {
        if (filled == 0) {
            return OrderBook.NO_PRICE;
        }
        if (notionalFitsLong()) {
            long q = notionalLow / filled;
            long r = notionalLow % filled;
            return r * 2 >= filled ? q + 1 : q;
        }
        BigInteger[] qr = notional().divideAndRemainder(BigInteger.valueOf(filled));
        long q = qr[0].longValueExact();
        return qr[1].shiftLeft(1).compareTo(BigInteger.valueOf(filled)) >= 0 ? q + 1 : q;
    }

    void reset() {
        filled = 0;
        unfilled = 0;
        levels = 0;
        worstPrice = OrderBook.NO_PRICE;
        notionalHigh = 0;
        notionalLow = 0;
    }

    /** Adds price × size (both non-negative) to the 128-bit notional. */
    void addNotional(long price, long size) {
        long low = price * size;
        long high = Math.multiplyHigh(price, size);
        long sum = notionalLow + low;
        if (Long.compareUnsigned(sum, notionalLow) < 0) {
            high++;
        }
        notionalLow = sum;
        notionalHigh += high;
    }

    @Override
    public String toString() {
        return "WalkResult[filled=" + filled + " unfilled=" + unfilled + " levels=" + levels + " worst=" + worstPrice
                + " notional=" + notional() + "]";
    }
}
