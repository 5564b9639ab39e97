package io.xgate.sim;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.venue.LevelBuffer;
import java.util.SplittableRandom;

/**
 * The simulator's true book of one symbol on one venue, and the changes that move it. Each {@link #step} moves
 * the book toward a mid price (levels that would cross are removed), changes a few levels near the touch
 * (absolute sizes, 0 deletes) and keeps at most {@code maxLevels} per side. Every level change gets the next
 * update id. Changes accumulate until {@link #drain} hands them to the venue's wire format.
 *
 * <p>Owned by the simulator's context.
 */
public final class SimBook {

    private final Instrument instrument;
    private final OrderBook book;
    private final int maxLevels;
    private final SplittableRandom random;
    private final LevelBuffer pendingBids = new LevelBuffer();
    private final LevelBuffer pendingAsks = new LevelBuffer();
    private long updateId;
    private long firstPendingId = -1;
    /** Trades since the last drain: price, quantity, 1 if the aggressor bought else 0, trade id. */
    private final java.util.ArrayList<long[]> pendingTrades = new java.util.ArrayList<>();
    private long tradeId = 1;

    /**
     * @param instrument the venue's instrument (its scales are the wire's)
     * @param maxLevels  levels per side
     */
    public SimBook(String venue, Instrument instrument, int maxLevels, long seed) {
        this.instrument = instrument;
        this.book = new OrderBook(venue, instrument.symbol(), instrument.priceScale(), instrument.sizeScale(),
                maxLevels * 2);
        this.maxLevels = maxLevels;
        this.random = new SplittableRandom(seed);
        this.updateId = 1_000 + random.nextInt(1_000_000);
    }

    public Instrument instrument() {
        return instrument;
    }

    /** The last update id given to a change. */
    public long updateId() {
        return updateId;
    }

    /** The true book. Read it on the simulator's context only. */
    public OrderBook book() {
        return book;
    }

    /**
     * Moves the book toward {@code mid} (a price mantissa at the instrument's price scale) and changes up to
     * {@code changes} levels near the touch.
     */
    public void step(long mid, int changes) {
        long tick = instrument.tick();
        long bidLimit = Math.floorDiv(mid, tick) * tick - (mid % tick == 0 ? tick : 0);
        long askLimit = bidLimit + tick;
        if (book.bidCount() == 0 && book.askCount() == 0) {
            for (int d = 0; d < maxLevels / 2; d++) { // open with a realistic book
                change(false, bidLimit - d * tick, size());
                change(true, askLimit + d * tick, size());
            }
        }
        while (book.bidCount() > 0 && book.bestBid() > bidLimit) {
            change(false, book.bestBid(), 0);
        }
        while (book.askCount() > 0 && book.bestAsk() < askLimit) {
            change(true, book.bestAsk(), 0);
        }
        // quotes left far behind by a jump of the mid are pulled, so liquidity returns near the new touch
        long reach = 2L * maxLevels * tick;
        while (book.bidCount() > 0 && book.bidPrice(book.bidCount() - 1) < bidLimit - reach) {
            change(false, book.bidPrice(book.bidCount() - 1), 0);
        }
        while (book.askCount() > 0 && book.askPrice(book.askCount() - 1) > askLimit + reach) {
            change(true, book.askPrice(book.askCount() - 1), 0);
        }
        for (int i = 0; i < changes; i++) {
            boolean ask = random.nextBoolean();
            int distance = random.nextInt(4) == 0 ? random.nextInt(maxLevels) : random.nextInt(8);
            long price = ask ? askLimit + distance * tick : bidLimit - distance * tick;
            if (price <= 0) {
                continue;
            }
            long size = random.nextInt(5) == 0 ? 0 : size();
            change(ask, price, size);
        }
        // liquidity comes back near the touch after the market moved through it
        for (int guard = 0; book.bidCount() < maxLevels / 2 && guard < maxLevels; guard++) {
            long p = bidLimit - random.nextInt(20) * tick;
            if (p > 0) {
                change(false, p, size());
            }
        }
        for (int guard = 0; book.askCount() < maxLevels / 2 && guard < maxLevels; guard++) {
            change(true, askLimit + random.nextInt(20) * tick, size());
        }
        if (random.nextInt(4) == 0 && book.bidCount() > 0 && book.askCount() > 0) {
            boolean buy = random.nextBoolean();
            pendingTrades.add(new long[] {buy ? book.bestAsk() : book.bestBid(),
                (1 + random.nextInt(500)) * instrument.lot(), buy ? 1 : 0, tradeId++});
        }
        while (book.bidCount() > maxLevels) {
            change(false, book.bidPrice(book.bidCount() - 1), 0);
        }
        while (book.askCount() > maxLevels) {
            change(true, book.askPrice(book.askCount() - 1), 0);
        }
    }

    /**
     * A level size: 1 to 2,000 units of 0.00001 base (or of the lot, if larger), plus an odd remainder in lots, so
     * that venues with fine lots (Kraken: 10⁻⁸) quote comparable sizes with all their digits.
     */
    private long size() {
        long lot = instrument.lot();
        long unit = Math.max(lot, io.xgate.num.Decimals.pow10(Math.max(0, instrument.sizeScale() - 5)));
        return (1 + random.nextInt(2_000)) * unit + (unit > lot ? random.nextLong(unit / lot) * lot : 0);
    }

    private void change(boolean ask, long price, long size) {
        long old = ask ? book.setAsk(price, size) : book.setBid(price, size);
        if (old == 0 && size == 0) {
            return; // deleting an absent level changes nothing: no update id, nothing on the wire
        }
        updateId++;
        if (firstPendingId < 0) {
            firstPendingId = updateId;
        }
        (ask ? pendingAsks : pendingBids).add(price, size);
    }

    /** Whether changes wait to be sent. */
    public boolean hasPending() {
        return firstPendingId >= 0;
    }

    /** The first update id of the pending changes, or -1. */
    public long firstPendingId() {
        return firstPendingId;
    }

    public LevelBuffer pendingBids() {
        return pendingBids;
    }

    public LevelBuffer pendingAsks() {
        return pendingAsks;
    }

    /** Forgets the pending changes after they were sent. */
    public void drain() {
        pendingBids.clear();
        pendingAsks.clear();
        firstPendingId = -1;
    }

    /** Trades since the last {@link #drainTrades()}: {price, quantity, 1 if the aggressor bought, trade id}. */
    public java.util.List<long[]> pendingTrades() {
        return pendingTrades;
    }

    /** Forgets the pending trades after they were sent. */
    public void drainTrades() {
        pendingTrades.clear();
    }

    /** The whole true book as a snapshot event (for tests and the simulator's own reports). */
    public BookUpdate snapshot(String venue) {
        int nb = book.bidCount();
        int na = book.askCount();
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        book.topBids(bp, bs, nb);
        book.topAsks(ap, as, na);
        return new BookUpdate(venue, instrument.symbol(), updateId, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME,
                BookUpdate.Kind.SNAPSHOT, updateId, BookUpdate.NO_CHECKSUM, instrument.priceScale(),
                instrument.sizeScale(), bp, bs, ap, as);
    }
}
