package io.xgate.book;

import java.util.Arrays;

/**
 * Sorted price levels of one book side; {@link LadderSide} keeps the levels beyond its ladder here. Levels
 * sorted by key in {@code keys[lo, hi)}, the best level at {@code hi - 1}.
 *
 * <p>The key is the price for bids and the negated price for asks, so "best" is always the largest key and
 * one implementation serves both sides. Levels live in a window of two parallel primitive arrays; an insert or
 * a removal shifts whichever part of the window is shorter, so changes near the touch (the common case) and
 * at the deep end (truncation, far-away levels) both move few elements. Lookups scan a few levels from the
 * touch, then binary-search. Arrays grow by doubling and are never shrunk: no allocation in steady state.
 *
 * <p>Not thread-safe: owned by one {@link LadderSide}, itself owned by one {@link OrderBook} and one context.
 */
final class BookSide {

    /** Levels scanned linearly from the touch before switching to binary search. */
    private static final int LINEAR_SCAN = 8;
    private static final long ASK_SALT = 0x5bd1e9955bd1e995L;

    private final boolean ask;
    private long[] keys;
    private long[] sizes;
    private int lo;
    private int hi;

    BookSide(boolean ask, int initialCapacity) {
        this.ask = ask;
        int cap = Math.max(16, Integer.highestOneBit(Math.max(initialCapacity, 1) - 1) << 1);
        this.keys = new long[cap];
        this.sizes = new long[cap];
        this.lo = this.hi = cap / 2;
    }

    int count() {
        return hi - lo;
    }

    /** Sum of {@link OrderBook#levelHash} over all levels, computed on demand (kept off the update path). */
    long hash() {
        long h = 0;
        for (int i = lo; i < hi; i++) {
            long k = keys[i];
            h += OrderBook.levelHash(ask, ask ? -k : k, sizes[i]);
        }
        return h;
    }

    void clear() {
        lo = hi = keys.length / 2;
    }

    /** Price of the i-th best level (0 = best); caller guarantees {@code i < count()}. */
    long price(int i) {
        long k = keys[hi - 1 - i];
        return ask ? -k : k;
    }

    /** Size of the i-th best level (0 = best); caller guarantees {@code i < count()}. */
    long size(int i) {
        return sizes[hi - 1 - i];
    }

    /** Sets the absolute size at a price; 0 removes the level (absent is fine). Returns the previous size. */
    long set(long price, long size) {
        long key = ask ? -price : price;
        int idx = find(key);
        if (idx >= 0) {
            long old = sizes[idx];
            if (size == 0) {
                removeAt(idx);
            } else {
                sizes[idx] = size;
            }
            return old;
        }
        if (size != 0) {
            insertAt(-idx - 1, key, size);
        }
        return 0;
    }

    /** Keeps only the best {@code depth} levels. */
    void truncate(int depth) {
        int n = hi - lo;
        if (n <= depth) {
            return;
        }
        lo = hi - depth;
    }

    /** Copies up to {@code max} best levels, best first; returns how many were copied. */
    int copyTop(long[] prices, long[] sizesOut, int max) {
        int n = Math.min(max, hi - lo);
        final long[] k = keys;
        final long[] s = sizes;
        final int top = hi - 1;
        for (int i = 0; i < n; i++) {
            long key = k[top - i];
            prices[i] = ask ? -key : key;
            sizesOut[i] = s[top - i];
        }
        return n;
    }

    /**
     * Index of {@code key} in {@code keys}, or {@code -(insertion point) - 1}. The insertion point is where the
     * key goes so that keys stay sorted ascending.
     */
    private int find(long key) {
        final long[] k = keys;
        final int l = lo;
        int i = hi - 1;
        int stop = Math.max(l, hi - LINEAR_SCAN);
        for (; i >= stop; i--) {
            long c = k[i];
            if (c == key) {
                return i;
            }
            if (c < key) {
                return -(i + 1) - 1;
            }
        }
        if (i < l) {
            return -l - 1;
        }
        int idx = Arrays.binarySearch(k, l, i + 1, key);
        return idx;
    }

    private void insertAt(int p, long key, long size) {
        // p in [lo, hi]: the new level goes before the level now at p.
        boolean roomRight = hi < keys.length;
        boolean roomLeft = lo > 0;
        boolean shiftRight = roomRight && (!roomLeft || hi - p <= p - lo);
        if (!roomRight && !roomLeft) {
            p = regrow(p);
            shiftRight = hi - p <= p - lo;
        }
        if (shiftRight) {
            System.arraycopy(keys, p, keys, p + 1, hi - p);
            System.arraycopy(sizes, p, sizes, p + 1, hi - p);
            hi++;
        } else {
            System.arraycopy(keys, lo, keys, lo - 1, p - lo);
            System.arraycopy(sizes, lo, sizes, lo - 1, p - lo);
            lo--;
            p--;
        }
        keys[p] = key;
        sizes[p] = size;
    }

    private void removeAt(int p) {
        if (hi - 1 - p <= p - lo) {
            System.arraycopy(keys, p + 1, keys, p, hi - 1 - p);
            System.arraycopy(sizes, p + 1, sizes, p, hi - 1 - p);
            hi--;
        } else {
            System.arraycopy(keys, lo, keys, lo + 1, p - lo);
            System.arraycopy(sizes, lo, sizes, lo + 1, p - lo);
            lo++;
        }
    }

    /** Doubles the arrays and centres the window; returns where index {@code p} moved to. */
    private int regrow(int p) {
        int n = hi - lo;
        int cap = keys.length * 2;
        long[] nk = new long[cap];
        long[] ns = new long[cap];
        int newLo = (cap - n) / 2;
        System.arraycopy(keys, lo, nk, newLo, n);
        System.arraycopy(sizes, lo, ns, newLo, n);
        int moved = p - lo + newLo;
        keys = nk;
        sizes = ns;
        lo = newLo;
        hi = newLo + n;
        return moved;
    }

    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static long salt(boolean ask) {
        return ask ? ASK_SALT : 0L;
    }
}
