package io.xgate.venue;

import java.util.Arrays;

/**
 * Reusable, growable primitive arrays that a decoder fills with one side's levels of one message. Owned by one
 * decoder; grows to the largest message seen and never shrinks, so steady-state decoding does not allocate.
 */
public final class LevelBuffer {

    private long[] prices = new long[64];
    private long[] sizes = new long[64];
    private int count;

    /** Forgets the levels. */
    public void clear() {
        count = 0;
    }

    /** Appends a level. */
    public void add(long price, long size) {
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        prices[count] = price;
        sizes[count++] = size;
    }

    public int count() {
        return count;
    }

    public long price(int i) {
        return prices[i];
    }

    public long size(int i) {
        return sizes[i];
    }

    /**
     * Both sides as one exact-size new array of (price, size) pairs, bids first: the shape of
     * {@code BookUpdate#levels()}; {@code bids.count()} is its bid count.
     */
    public static long[] pack(LevelBuffer bids, LevelBuffer asks) {
        int nb = bids.count;
        int na = asks.count;
        long[] out = new long[2 * (nb + na)];
        int j = 0;
        for (int i = 0; i < nb; i++) {
            out[j++] = bids.prices[i];
            out[j++] = bids.sizes[i];
        }
        for (int i = 0; i < na; i++) {
            out[j++] = asks.prices[i];
            out[j++] = asks.sizes[i];
        }
        return out;
    }
}
