package io.xgate.venue;

import java.util.Arrays;

/**
 * A reusable, growable buffer that a decoder fills with one side's levels of one message, as (price, size) pairs
 * in one array, the layout of {@code BookUpdate#levels()}: packing two sides into an event is then two array
 * copies. Owned by one decoder; grows to the largest message seen and never shrinks, so steady-state decoding does
 * not allocate.
 */
public final class LevelBuffer {

    private long[] pairs = new long[128];
    private int count;

    /** Forgets the levels. */
    public void clear() {
        count = 0;
    }

    /** Appends a level. */
    public void add(long price, long size) {
        int at = 2 * count;
        if (at == pairs.length) {
            pairs = Arrays.copyOf(pairs, at * 2);
        }
        pairs[at] = price;
        pairs[at + 1] = size;
        count++;
    }

    public int count() {
        return count;
    }

    public long price(int i) {
        return pairs[2 * i];
    }

    public long size(int i) {
        return pairs[2 * i + 1];
    }

    /** Copies the levels as (price, size) pairs into {@code dst} from index {@code at}; returns the index after. */
    public int copyTo(long[] dst, int at) {
        System.arraycopy(pairs, 0, dst, at, 2 * count);
        return at + 2 * count;
    }

    /**
     * Both sides as one exact-size new array of (price, size) pairs, bids first: the shape of
     * {@code BookUpdate#levels()}; {@code bids.count()} is its bid count.
     */
    public static long[] pack(LevelBuffer bids, LevelBuffer asks) {
        int nb = 2 * bids.count;
        int na = 2 * asks.count;
        long[] out = Arrays.copyOf(bids.pairs, nb + na);
        System.arraycopy(asks.pairs, 0, out, nb, na);
        return out;
    }
}
