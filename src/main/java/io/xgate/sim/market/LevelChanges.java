package io.xgate.sim.market;

import java.util.Arrays;

/**
 * A reusable, growable list of level changes (price, absolute size; size 0 deletes) of one book side, in the order
 * they happened. Owned by the simulator's context.
 */
public final class LevelChanges {

    private long[] prices = new long[64];
    private long[] sizes = new long[64];
    private int count;

    /** Appends one change. */
    public void add(long price, long size) {
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        prices[count] = price;
        sizes[count] = size;
        count++;
    }

    public int count() {
        return count;
    }

    public long price(int k) {
        return prices[k];
    }

    public long size(int k) {
        return sizes[k];
    }

    public void clear() {
        count = 0;
    }
}
