package io.xgate.book;

/**
 * One side of an L2 book as a tick ladder: a window of {@link #WINDOW} price slots, indexed directly by
 * price, holding the best levels; levels worse than the window live in a sorted {@link BookSide} overflow.
 *
 * <p>Keys are prices for bids and negated prices for asks, so "better" is always a larger key. The window
 * covers keys {@code [base, base + WINDOW)} and the invariant is that no level is better than the window: a
 * better price re-anchors it. A bitmap of occupied slots finds the next best or worst level in a few word
 * operations. An update inside the window is O(1): a store, a bit flip and, when the best or worst level
 * empties, a bitmap scan. Re-anchoring (the touch moved far, the window emptied) costs O(levels) and is rare.
 *
 * <p>Prices are indexed in mantissa units, so a book whose price scale is that of its tick size uses one
 * slot per tick. Memory: about 33 KiB per side, plus the overflow. Not thread-safe: owned by one
 * {@link OrderBook}.
 */
final class LadderSide {

    /** Slots in the window. */
    static final int WINDOW = 4096;
    /** Where the best level sits after re-anchoring: room for the touch to move up, most room below it. */
    private static final int ANCHOR = WINDOW * 3 / 4;
    /** Re-anchor when the best falls this low and worse levels wait in the overflow. */
    private static final int LOW_WATER = WINDOW / 4;

    private final boolean ask;
    private final long[] sizes = new long[WINDOW];
    private final long[] bits = new long[WINDOW / 64];
    private final BookSide below;
    /** Scratch for re-anchoring, grown to the window's level count when first needed (rare, not per update). */
    private long[] moveKeys = new long[0];
    private long[] moveSizes = new long[0];
    private long base;
    private boolean anchored;
    private int count;
    private int best = -1;
    private int worst = -1;

    LadderSide(boolean ask, int initialOverflow) {
        this.ask = ask;
        this.below = new BookSide(ask, initialOverflow);
    }

    int count() {
        return count + below.count();
    }

    void clear() {
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                sizes[(w << 6) + Long.numberOfTrailingZeros(word)] = 0;
                word &= word - 1;
            }
            bits[w] = 0;
        }
        count = 0;
        best = worst = -1;
        anchored = false;
        below.clear();
    }

    /** Sets the absolute size at a price; 0 removes the level. Returns the previous size (0 if absent). */
    long set(long price, long size) {
        long key = ask ? -price : price;
        if (!anchored) {
            if (size == 0) {
                return below.set(price, size);
            }
            anchor(key - ANCHOR);
        }
        long off = key - base;
        if (off >= 0 && off < WINDOW) {
            long old = setSlot((int) off, size);
            if (size == 0 && old != 0 && (best < LOW_WATER) && below.count() > 0) {
                reanchorAroundBest();
            }
            return old;
        }
        if (off < 0) {
            return below.set(price, size);
        }
        if (size == 0) {
            return 0; // better than every level: cannot be present
        }
        anchor(key - ANCHOR);
        return setSlot((int) (key - base), size);
    }

    private long setSlot(int i, long size) {
        final long old = sizes[i];
        sizes[i] = size;
        if (old == 0) {
            if (size != 0) {
                bits[i >>> 6] |= 1L << i;
                count++;
                if (i > best) {
                    best = i;
                }
                if (worst < 0 || i < worst) {
                    worst = i;
                }
            }
        } else if (size == 0) {
            bits[i >>> 6] &= ~(1L << i);
            count--;
            if (count == 0) {
                best = worst = -1;
            } else {
                if (i == best) {
                    best = previousSet(i - 1);
                }
                if (i == worst) {
                    worst = nextSet(i + 1);
                }
            }
        }
        return old;
    }

    /** The best level fell low in the window (or out of it) while worse levels wait below: follow it down. */
    private void reanchorAroundBest() {
        long bestKey = count > 0 ? base + best : keyOf(below.price(0));
        anchor(bestKey - ANCHOR);
    }

    /**
     * Moves the window to start at {@code newBase}: window levels now outside it go to the overflow, overflow
     * levels now inside it come in. The caller guarantees no level is better than {@code newBase + WINDOW}.
     */
    private void anchor(long newBase) {
        int n = 0;
        if (anchored && count > moveKeys.length) {
            moveKeys = new long[count];
            moveSizes = new long[count];
        }
        if (anchored) {
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                while (word != 0) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(word);
                    moveKeys[n] = base + i;
                    moveSizes[n++] = sizes[i];
                    sizes[i] = 0;
                    word &= word - 1;
                }
                bits[w] = 0;
            }
        }
        count = 0;
        best = worst = -1;
        base = newBase;
        anchored = true;
        for (int k = 0; k < n; k++) {
            long off = moveKeys[k] - base;
            if (off >= 0) {
                setSlot((int) off, moveSizes[k]);
            } else {
                below.set(priceOf(moveKeys[k]), moveSizes[k]);
            }
        }
        while (below.count() > 0) {
            long p = below.price(0);
            long off = keyOf(p) - base;
            if (off < 0) {
                break;
            }
            setSlot((int) off, below.set(p, 0));
        }
    }

    private long keyOf(long price) {
        return ask ? -price : price;
    }

    private long priceOf(long key) {
        return ask ? -key : key;
    }

    /** Highest occupied slot at or below {@code from}, or -1. */
    private int previousSet(int from) {
        if (from < 0) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L >>> (63 - (from & 63)));
        while (word == 0) {
            if (--w < 0) {
                return -1;
            }
            word = bits[w];
        }
        return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
    }

    /** Lowest occupied slot at or above {@code from}, or -1. */
    private int nextSet(int from) {
        if (from >= WINDOW) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L << (from & 63));
        while (word == 0) {
            if (++w >= bits.length) {
                return -1;
            }
            word = bits[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    /** Best price; the caller guarantees {@code count() > 0}. */
    long bestPrice() {
        return best >= 0 ? priceOf(base + best) : below.price(0);
    }

    /** Size at the best price; the caller guarantees {@code count() > 0}. */
    long bestSize() {
        return best >= 0 ? sizes[best] : below.size(0);
    }

    /** Price and size of the i-th best level (0 = best) into {@code out[0..1]}; O(i). */
    void level(int i, long[] out) {
        if (i < count) {
            int slot = best;
            for (int k = 0; k < i; k++) {
                slot = previousSet(slot - 1);
            }
            out[0] = priceOf(base + slot);
            out[1] = sizes[slot];
        } else {
            out[0] = below.price(i - count);
            out[1] = below.size(i - count);
        }
    }

    /** Copies up to {@code max} best levels, best first; returns how many were copied. */
    int copyTop(long[] prices, long[] sizesOut, int max) {
        int n = 0;
        for (int slot = best; slot >= 0 && n < max; slot = previousSet(slot - 1)) {
            prices[n] = priceOf(base + slot);
            sizesOut[n++] = sizes[slot];
        }
        int fromBelow = Math.min(max - n, below.count());
        for (int k = 0; k < fromBelow; k++) {
            prices[n] = below.price(k);
            sizesOut[n++] = below.size(k);
        }
        return n;
    }

    /** Keeps only the best {@code depth} levels. */
    void truncate(int depth) {
        if (count() <= depth) {
            return;
        }
        below.truncate(Math.max(0, depth - count));
        while (count > depth) {
            setSlot(worst, 0);
        }
    }

    /** Walks from the best level for {@code quantity} into {@code out} (already reset). */
    void walk(long quantity, WalkResult out) {
        long left = quantity;
        for (int slot = best; slot >= 0 && left > 0; slot = previousSet(slot - 1)) {
            left = take(out, priceOf(base + slot), sizes[slot], left);
        }
        for (int k = 0, n = below.count(); k < n && left > 0; k++) {
            left = take(out, below.price(k), below.size(k), left);
        }
        out.filled = quantity - left;
        out.unfilled = left;
    }

    private static long take(WalkResult out, long price, long size, long left) {
        long take = Math.min(left, size);
        out.addNotional(price, take);
        out.levels++;
        out.worstPrice = price;
        return left - take;
    }

    /** Sum of {@link OrderBook#levelHash} over all levels. */
    long hash() {
        long h = below.hash();
        for (int slot = best; slot >= 0; slot = previousSet(slot - 1)) {
            h += OrderBook.levelHash(ask, priceOf(base + slot), sizes[slot]);
        }
        return h;
    }
}
