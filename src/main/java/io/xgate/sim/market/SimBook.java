package io.xgate.sim.market;

import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.num.Decimals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulator's own true book of one symbol on one venue, on plain sorted maps (price mantissa to size mantissa;
 * bids best first, asks best first), and the changes that move it. Each {@link #step} moves the book toward a mid
 * price (levels that would cross are removed), changes a few levels near the touch (absolute sizes, 0 deletes) and
 * keeps at most {@code maxLevels} per side. Every level change gets the next update id. Changes accumulate until
 * {@link #drain} hands them to the venue's wire format.
 *
 * <p>Owned by the simulator's context.
 */
public final class SimBook {

    private final SimulatedInstrument instrument;
    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private final int maxLevels;
    private final SplittableRandom random;
    private final LevelChanges pendingBids = new LevelChanges();
    private final LevelChanges pendingAsks = new LevelChanges();
    private long updateId;
    private long firstPendingId = -1;
    private final List<SimTrade> pendingTrades = new ArrayList<>();
    private long tradeId = 1;

    /**
     * @param instrument the simulated venue's instrument (its scales are the wire's)
     * @param maxLevels  levels per side
     */
    public SimBook(SimulatedInstrument instrument, int maxLevels, long seed) {
        this.instrument = instrument;
        this.maxLevels = maxLevels;
        this.random = new SplittableRandom(seed);
        this.updateId = 1_000 + random.nextInt(1_000_000);
    }

    public SimulatedInstrument instrument() {
        return instrument;
    }

    /** The last update id given to a change. */
    public long updateId() {
        return updateId;
    }

    /** The bids, best (highest) first: price mantissa to size mantissa. Read only, on the simulator's context. */
    public NavigableMap<Long, Long> bids() {
        return Collections.unmodifiableNavigableMap(bids);
    }

    /** The asks, best (lowest) first. Read only, on the simulator's context. */
    public NavigableMap<Long, Long> asks() {
        return Collections.unmodifiableNavigableMap(asks);
    }

    /** The best bid price, or -1 if there is none. */
    public long bestBid() {
        return bids.isEmpty() ? -1 : bids.firstKey();
    }

    /** The best ask price, or -1 if there is none. */
    public long bestAsk() {
        return asks.isEmpty() ? -1 : asks.firstKey();
    }

    /** The size at the best bid, or 0. */
    public long bestBidSize() {
        return bids.isEmpty() ? 0 : bids.firstEntry().getValue();
    }

    /** The size at the best ask, or 0. */
    public long bestAskSize() {
        return asks.isEmpty() ? 0 : asks.firstEntry().getValue();
    }

    /**
     * Moves the book toward {@code mid} (a price mantissa at the instrument's price scale) and changes up to
     * {@code changes} levels near the touch.
     */
    public void step(long mid, int changes) {
        long tick = instrument.tick();
        long bidLimit = Math.floorDiv(mid, tick) * tick - (mid % tick == 0 ? tick : 0);
        long askLimit = bidLimit + tick;
        if (bids.isEmpty() && asks.isEmpty()) {
            for (int d = 0; d < maxLevels / 2; d++) { // open with a realistic book
                change(false, bidLimit - d * tick, size());
                change(true, askLimit + d * tick, size());
            }
        }
        while (!bids.isEmpty() && bids.firstKey() > bidLimit) {
            change(false, bids.firstKey(), 0);
        }
        while (!asks.isEmpty() && asks.firstKey() < askLimit) {
            change(true, asks.firstKey(), 0);
        }
        // quotes left far behind by a jump of the mid are pulled, so liquidity returns near the new touch
        long reach = 2L * maxLevels * tick;
        while (!bids.isEmpty() && bids.lastKey() < bidLimit - reach) {
            change(false, bids.lastKey(), 0);
        }
        while (!asks.isEmpty() && asks.lastKey() > askLimit + reach) {
            change(true, asks.lastKey(), 0);
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
        for (int guard = 0; bids.size() < maxLevels / 2 && guard < maxLevels; guard++) {
            long p = bidLimit - random.nextInt(20) * tick;
            if (p > 0) {
                change(false, p, size());
            }
        }
        for (int guard = 0; asks.size() < maxLevels / 2 && guard < maxLevels; guard++) {
            change(true, askLimit + random.nextInt(20) * tick, size());
        }
        if (random.nextInt(4) == 0 && !bids.isEmpty() && !asks.isEmpty()) {
            boolean buy = random.nextBoolean();
            pendingTrades.add(new SimTrade(buy ? asks.firstKey() : bids.firstKey(),
                    (1 + random.nextInt(500)) * instrument.lot(), buy, tradeId++));
        }
        while (bids.size() > maxLevels) {
            change(false, bids.lastKey(), 0);
        }
        while (asks.size() > maxLevels) {
            change(true, asks.lastKey(), 0);
        }
    }

    /**
     * A level size: 1 to 2,000 units of 0.00001 base (or of the lot, if larger), plus an odd remainder in lots, so
     * that venues with fine lots (Kraken: 10⁻⁸) quote comparable sizes with all their digits.
     */
    private long size() {
        long lot = instrument.lot();
        long unit = Math.max(lot, Decimals.pow10(Math.max(0, instrument.sizeScale() - 5)));
        return (1 + random.nextInt(2_000)) * unit + (unit > lot ? random.nextLong(unit / lot) * lot : 0);
    }

    private void change(boolean ask, long price, long size) {
        TreeMap<Long, Long> side = ask ? asks : bids;
        Long old = size == 0 ? side.remove(price) : side.put(price, size);
        if (old == null && size == 0) {
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

    public LevelChanges pendingBids() {
        return pendingBids;
    }

    public LevelChanges pendingAsks() {
        return pendingAsks;
    }

    /** Forgets the pending changes after they were sent. */
    public void drain() {
        pendingBids.clear();
        pendingAsks.clear();
        firstPendingId = -1;
    }

    /** Trades since the last {@link #drainTrades()}. */
    public List<SimTrade> pendingTrades() {
        return pendingTrades;
    }

    /** Forgets the pending trades after they were sent. */
    public void drainTrades() {
        pendingTrades.clear();
    }

    /** The whole true book as a snapshot event (the simulator's truth report, for tests). */
    public BookUpdate snapshot(String venue) {
        long[] bp = new long[bids.size()];
        long[] bs = new long[bids.size()];
        long[] ap = new long[asks.size()];
        long[] as = new long[asks.size()];
        int k = 0;
        for (Map.Entry<Long, Long> e : bids.entrySet()) {
            bp[k] = e.getKey();
            bs[k++] = e.getValue();
        }
        k = 0;
        for (Map.Entry<Long, Long> e : asks.entrySet()) {
            ap[k] = e.getKey();
            as[k++] = e.getValue();
        }
        return new BookUpdate(venue, instrument.symbol(), updateId, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME,
                BookUpdate.Kind.SNAPSHOT, updateId, BookUpdate.NO_CHECKSUM, instrument.priceScale(),
                instrument.sizeScale(), bp, bs, ap, as);
    }
}
