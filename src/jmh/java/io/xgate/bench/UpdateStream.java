package io.xgate.bench;

import java.util.SplittableRandom;

/**
 * A pre-generated stream of book updates with a realistic mix, the same for every contender: about 80% within
 * 10 ticks of the touch, 15% deeper (up to 1,000 ticks), 5% far away; a quarter are deletes. The first
 * {@code 2 * levels} updates build a book of {@code levels} levels per side.
 */
final class UpdateStream {

    static final int PRICE_SCALE = 2;
    static final int SIZE_SCALE = 8;
    static final long MID = 6_500_000L; // 65,000.00

    final boolean[] ask;
    final long[] price;
    final long[] size;
    final int warm;

    UpdateStream(int levels, int updates, long seed) {
        this(levels, updates, seed, 80, 15);
    }

    /**
     * @param nearPct percentage of updates within 10 ticks of the touch
     * @param deepPct percentage within the book's depth; the rest go far away
     */
    UpdateStream(int levels, int updates, long seed, int nearPct, int deepPct) {
        warm = 2 * levels;
        int n = warm + updates;
        ask = new boolean[n];
        price = new long[n];
        size = new long[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < levels; i++) {
            set(2 * i, false, MID - 1 - i, 1 + rnd.nextLong(100_000_000L));
            set(2 * i + 1, true, MID + 1 + i, 1 + rnd.nextLong(100_000_000L));
        }
        for (int i = warm; i < n; i++) {
            boolean a = rnd.nextBoolean();
            int r = rnd.nextInt(100);
            long offset = r < nearPct ? 1 + rnd.nextInt(10)
                    : r < nearPct + deepPct ? 1 + rnd.nextInt(levels) : levels + rnd.nextInt(5_000);
            long s = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextLong(100_000_000L);
            set(i, a, a ? MID + offset : MID - offset, s);
        }
    }

    private void set(int i, boolean a, long p, long s) {
        ask[i] = a;
        price[i] = p;
        size[i] = s;
    }
}
