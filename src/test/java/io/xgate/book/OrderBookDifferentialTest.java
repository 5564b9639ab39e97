package io.xgate.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link OrderBook} and {@link ReferenceBook} with the same long random command stream and compares
 * them after every step (exchange-core's {@code OrderBookDirectImplTest} method).
 *
 * <p>After every step: level counts, best bid and ask, the level just touched, crossed-ness and the full-state
 * hash (which the reference recomputes from scratch on a sample of steps, and which covers every level). Every
 * 1,000 steps and at the end: every level of both sides, compared one by one.
 */
class OrderBookDifferentialTest {

    private static final int PRICE_SCALE = 2;
    private static final int SIZE_SCALE = 8;

    @Test
    void millionRandomOperationsMatchTheReference() {
        run(20251121L, 1_200_000);
    }

    @Test
    void otherSeedsMatchTheReference() {
        for (long seed = 1; seed <= 4; seed++) {
            run(seed, 100_000);
        }
    }

    private void run(long seed, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        OrderBook book = new OrderBook("test", "BTC-USDT", PRICE_SCALE, SIZE_SCALE, 16);
        ReferenceBook ref = new ReferenceBook(PRICE_SCALE, SIZE_SCALE);
        WalkResult walk = new WalkResult();
        long mid = 6_500_000; // 65,000.00
        int maxSeen = 0;
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(1000);
            String what;
            boolean ask = rnd.nextBoolean();
            long price = 0;
            if (op < 2) {
                // snapshot: empty, small, or very deep
                int kind = rnd.nextInt(4);
                int levels = kind == 0 ? 0 : kind == 1 ? rnd.nextInt(1, 20) : rnd.nextInt(1000, 6000);
                long[] bp = new long[levels];
                long[] bs = new long[levels];
                long[] ap = new long[levels];
                long[] as = new long[levels];
                for (int i = 0; i < levels; i++) {
                    bp[i] = mid - 1 - i - rnd.nextInt(3) * (long) i;
                    bs[i] = size(rnd);
                    ap[i] = mid + 1 + i + rnd.nextInt(3) * (long) i;
                    as[i] = size(rnd);
                }
                book.applySnapshot(bp, bs, levels, ap, as, levels);
                ref.clear();
                for (int i = 0; i < levels; i++) {
                    ref.set(false, bp[i], bs[i]);
                    ref.set(true, ap[i], as[i]);
                }
                what = "snapshot " + levels;
            } else if (op < 4) {
                int depth = rnd.nextInt(0, 50) == 0 ? 0 : rnd.nextInt(1, 1000);
                book.truncate(depth);
                ref.truncate(depth);
                what = "truncate " + depth;
            } else if (op < 8) {
                book.clear();
                ref.clear();
                what = "clear";
            } else {
                price = price(rnd, mid, ask);
                long size = op < 300 ? 0 : size(rnd); // ~30% deletes, some of absent levels
                long before = ask ? book.setAsk(price, size) : book.setBid(price, size);
                BigDecimal refBefore = (ask ? ref.asks : ref.bids).get(BigDecimal.valueOf(price, PRICE_SCALE));
                ref.set(ask, price, size);
                what = (ask ? "ask " : "bid ") + price + " x " + size;
                assertEquals(refBefore == null ? 0 : ReferenceBook.mantissa(refBefore, SIZE_SCALE), before,
                        () -> "previous size, " + "step " + "(" + "set" + ")");
                if (rnd.nextInt(64) == 0) {
                    mid += rnd.nextInt(-50, 51); // the market drifts
                }
            }
            maxSeen = Math.max(maxSeen, Math.max(book.bidCount(), book.askCount()));
            compareCheap(step, what, book, ref, ask, price);
            if (step % 97 == 0) {
                assertEquals(ref.stateHash(), book.stateHash(), "state hash at step " + step + " after " + what);
            }
            if (step % 1000 == 0 || step == steps - 1) {
                compareAll(step, book, ref);
            }
            if (op >= 8 && op < 20) {
                long qty = rnd.nextLong(1, 50_000_000_000L);
                compareWalk(step, ask, qty, book, ref, walk);
            }
        }
        if (steps >= 1_000_000 && maxSeen < 5000) {
            fail("the test never built a book deeper than 5,000 levels (max " + maxSeen + ")");
        }
    }

    private static long size(SplittableRandom rnd) {
        return rnd.nextInt(10) == 0 ? rnd.nextLong(1, 100_000_000_000_000L) : rnd.nextLong(1, 1_000_000_000L);
    }

    /** Mostly near the touch, some deep, some far away (including across the spread). */
    private static long price(SplittableRandom rnd, long mid, boolean ask) {
        int r = rnd.nextInt(100);
        long offset;
        if (r < 70) {
            offset = rnd.nextInt(1, 10);
        } else if (r < 95) {
            offset = rnd.nextInt(1, 8000);
        } else if (r < 98) {
            offset = rnd.nextLong(1, 1_000_000_000L);
        } else {
            offset = -rnd.nextInt(0, 5); // crosses the spread
        }
        return ask ? mid + offset : Math.max(1, mid - offset);
    }

    private static void compareCheap(int step, String what, OrderBook book, ReferenceBook ref, boolean ask, long price) {
        String ctx = "step " + step + " after " + what;
        assertEquals(ref.bids.size(), book.bidCount(), ctx);
        assertEquals(ref.asks.size(), book.askCount(), ctx);
        assertEquals(ref.bids.isEmpty() ? OrderBook.NO_PRICE : ReferenceBook.mantissa(ref.bids.firstKey(), PRICE_SCALE),
                book.bestBid(), ctx);
        assertEquals(ref.asks.isEmpty() ? OrderBook.NO_PRICE : ReferenceBook.mantissa(ref.asks.firstKey(), PRICE_SCALE),
                book.bestAsk(), ctx);
        assertEquals(ref.crossed(), book.isCrossed(), ctx);
        if (price != 0) {
            BigDecimal refSize = (ask ? ref.asks : ref.bids).get(BigDecimal.valueOf(price, PRICE_SCALE));
            long size = sizeAt(book, ask, price);
            assertEquals(refSize == null ? 0 : ReferenceBook.mantissa(refSize, SIZE_SCALE), size, ctx);
        }
    }

    private static long sizeAt(OrderBook book, boolean ask, long price) {
        // read back through the public API: setting the same size returns the previous one and changes nothing
        long old = ask ? book.setAsk(price, 0) : book.setBid(price, 0);
        if (old != 0) {
            if (ask) {
                book.setAsk(price, old);
            } else {
                book.setBid(price, old);
            }
        }
        return old;
    }

    private static void compareAll(int step, OrderBook book, ReferenceBook ref) {
        int n = Math.max(book.bidCount(), book.askCount()) + 1;
        long[] p = new long[n];
        long[] s = new long[n];
        for (boolean ask : new boolean[] {false, true}) {
            int count = ask ? book.topAsks(p, s, n) : book.topBids(p, s, n);
            List<BigDecimal[]> levels = ref.levels(ask, n);
            assertEquals(levels.size(), count, "level count, step " + step);
            for (int i = 0; i < count; i++) {
                assertEquals(ReferenceBook.mantissa(levels.get(i)[0], PRICE_SCALE), p[i], "price " + i + " step " + step);
                assertEquals(ReferenceBook.mantissa(levels.get(i)[1], SIZE_SCALE), s[i], "size " + i + " step " + step);
                assertEquals(p[i], ask ? book.askPrice(i) : book.bidPrice(i));
                assertEquals(s[i], ask ? book.askSize(i) : book.bidSize(i));
            }
        }
        assertEquals(ref.stateHash(), book.stateHash(), "state hash, step " + step);
    }

    private static void compareWalk(int step, boolean ask, long qty, OrderBook book, ReferenceBook ref, WalkResult w) {
        if (ask) {
            book.walkAsks(qty, w);
        } else {
            book.walkBids(qty, w);
        }
        Object[] r = ref.walk(ask, BigDecimal.valueOf(qty, SIZE_SCALE));
        String ctx = "walk " + (ask ? "asks " : "bids ") + qty + " at step " + step;
        assertEquals(ReferenceBook.mantissa((BigDecimal) r[0], SIZE_SCALE), w.filled(), ctx);
        assertEquals(ReferenceBook.mantissa((BigDecimal) r[1], SIZE_SCALE), w.unfilled(), ctx);
        long vwap = r[2] == null ? OrderBook.NO_PRICE : ReferenceBook.mantissa((BigDecimal) r[2], PRICE_SCALE);
        assertEquals(vwap, w.averagePrice(), ctx);
    }
}
