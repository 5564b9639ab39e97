package io.xgate.analytics;

import io.xgate.book.LevelListener;
import io.xgate.book.OrderBook;
import io.xgate.event.BookBar;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The book-feature bars ({@link BookBar}) of one (venue, symbol) book, computed beside the book from every update
 * applied to it and every trade, without a copy of the book. The README ("Book-feature bars") defines each feature.
 *
 * <h2>How the owner calls it</h2>
 * The book's owner (the verticle that applies the updates) holds one instance per book and calls, on the book's
 * thread:
 * <ol>
 *   <li>{@link #apply(BookUpdate, long)} <b>instead of</b> {@link OrderBook#apply(BookUpdate)}: it applies the update
 *       to the book itself, through a {@link LevelListener}, so that it sees each level's previous size; the update's
 *       effects are held pending;</li>
 *   <li>then, after the owner's own checks (checksum, crossed book, ...), {@link #onState(SyncState, long)} with the
 *       book's state: the pending update counts if the state is {@link SyncState#LIVE}, and is dropped otherwise
 *       (an update that broke the book is not a LIVE figure). Call {@code onState} also on every other change of the
 *       book's state (venue status, a failed check outside an update);</li>
 *   <li>{@link #onTrade(Trade, long)} for each trade of the symbol, and {@link #onClock(long)} from a periodic timer,
 *       which closes the bars whose end has passed.</li>
 * </ol>
 * Times are epoch nanoseconds on the gateway's clock: an update's receive time ({@link BookUpdate#receiveTsNanos()})
 * is the natural one, a trade's likewise. A time earlier than the latest seen is taken as the latest (the clock does
 * not go back), so a late message counts in the bar in progress.
 *
 * <h2>Bars</h2>
 * A bar covers {@code [k*d, (k+1)*d)}, {@code d} the bar length (5 s by default), aligned to the Unix epoch like the
 * candles. It closes on the clock: the first call whose time is at or past its end (an update, a trade, a state
 * change or {@link #onClock}) emits it, before that call's own effect, so the end-of-bar figures read from the book
 * are the book at the bar's end. There is no grace: the times are the gateway's own. Bars start with the book's
 * first LIVE moment; from then on every interval emits a bar (one that was never LIVE says so: {@code live} false,
 * {@code liveNanos} 0). One call emits at most 10,000 bars; a longer gap (a suspended machine) skips the rest,
 * counted in {@link #skippedBars()}.
 *
 * <h2>Cost and threading</h2>
 * Per book update: the book's own apply, plus O(levels in the update) for the flow and O(1) for the touch, OFI,
 * mids and spread; no allocation. Once per bar, at its close: the book's levels within 10 bps of the mid are read
 * for the resting sizes, the best 10 per side for the wall z-scores, and the bar is built (that allocates). Not
 * thread-safe: one owner calls every method; the listener is called on that thread.
 */
public final class BookFeatures {

    /** The default bar length: 5 s. */
    public static final long DEFAULT_BAR_NANOS = 5_000_000_000L;

    /** The most bars one call emits before skipping the rest of a gap. */
    static final int MAX_CATCH_UP = 10_000;

    private static final int BANDS = BookBar.BANDS.size();
    private static final long[] UPPER_BPS = {1, 2, 3, 5, 10};
    /** The largest twice-the-mid with bands: {@code 10 * mid2} must fit a {@code long}. */
    private static final long MAX_MID2 = Long.MAX_VALUE / 10;
    /** The largest {@code d} whose {@code d * 10000} fits a {@code long}; any larger is beyond 10 bps. */
    private static final long MAX_D = Long.MAX_VALUE / 10_000;
    private static final int WALL_LEVELS = 10;
    /** Decimals added to the price scale for mids, spreads and the microprice, at most. */
    private static final int EXTRA_DECIMALS = 4;
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000};

    private final OrderBook book;
    private final long barNanos;
    private final BookBarListener listener;
    private final LevelListener flow = this::onLevel;

    // ---------------------------------------------------------------------------------------------- clock, state
    private boolean started;
    private long barStart;
    private long barEnd;
    /** Time up to which the bar's time-weighted figures are accrued. */
    private long lastTs;
    private boolean live;

    // --------------------------------------------------- the touch after the last counted update (while LIVE)
    private boolean hasBid;
    private boolean hasAsk;
    private long bid;
    private long bidSize;
    private long ask;
    private long askSize;

    // -------------------------------------------------------------------------------------------- the bar
    private boolean barLive;
    private int resyncs;
    private long liveNanos;
    /** Mids as twice the mid (bid + ask), at the price scale, so they stay exact. */
    private boolean hasMid;
    private long midOpen2;
    private long midHigh2;
    private long midLow2;
    private long midClose2;
    private long spreadMax;
    /** Sum of spread * nanoseconds over the LIVE two-sided time, 128 bits, and that time. */
    private long spreadAreaHi;
    private long spreadAreaLo;
    private long spreadNanos;
    private final long[] bidFlow = new long[BANDS];
    private final long[] askFlow = new long[BANDS];
    private long ofi;
    private long tradeVolume;
    private long buyVolume;
    private long sellVolume;
    private long tradeCount;
    private long messages;
    private long adds;
    private long cancels;
    private long modifications;
    private long lastSeq = Event.NO_SEQ;
    private long lastVenueTs = Event.NO_TIME;

    // ------------------------------------------------------------------------------ the update being applied
    private boolean pending;
    private boolean pendingSnapshot;
    private long pendingTs;
    private long pendingSeq;
    private long pendingVenueTs;
    private final long[] pendingBidFlow = new long[BANDS];
    private final long[] pendingAskFlow = new long[BANDS];
    private long pendingAdds;
    private long pendingCancels;
    private long pendingModifications;
    /** Twice the mid before the update (0: a side was empty, no band), and band thresholds cached for a mid. */
    private long flowMid2;
    private long thresholdMid2 = -1;
    private final long[] threshold = new long[BANDS];

    // ------------------------------------------------------------------------------------ bar-close scratch
    private long[] levelPrices = new long[64];
    private long[] levelSizes = new long[64];

    private long emitted;
    private long skippedBars;

    /**
     * Features of {@code book} in bars of {@code barNanos}.
     *
     * @param book     the book, owned by the caller; this object applies the updates to it ({@link #apply})
     * @param barNanos the bar length, 1 ms to 1 day; bars are aligned to the epoch
     * @param listener told of every closed bar
     */
    public BookFeatures(OrderBook book, long barNanos, BookBarListener listener) {
        this.book = Objects.requireNonNull(book, "book");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (barNanos < 1_000_000L || barNanos > 86_400_000_000_000L) {
            throw new IllegalArgumentException("book bar length " + barNanos + " ns outside 1 ms .. 1 day");
        }
        this.barNanos = barNanos;
    }

    /** Features of {@code book} in 5 s bars. */
    public BookFeatures(OrderBook book, BookBarListener listener) {
        this(book, DEFAULT_BAR_NANOS, listener);
    }

    // ------------------------------------------------------------------------------------------------ input

    /**
     * Applies {@code u} to the book (exactly as {@link OrderBook#apply(BookUpdate)} does) and measures it; its
     * effects count once {@link #onState} says the book is LIVE after it. First closes the bars that ended at or
     * before {@code tsNanos}.
     *
     * @param tsNanos the update's time, epoch nanoseconds (its receive time)
     * @throws IllegalArgumentException if the update's scales are not the book's
     */
    public void apply(BookUpdate u, long tsNanos) {
        settle();
        if (started) {
            advance(tsNanos);
        }
        pending = true;
        pendingTs = started ? lastTs : tsNanos;
        pendingSnapshot = u.kind() == BookUpdate.Kind.SNAPSHOT;
        pendingSeq = u.venueSeq();
        pendingVenueTs = u.venueTsNanos();
        pendingAdds = 0;
        pendingCancels = 0;
        pendingModifications = 0;
        for (int b = 0; b < BANDS; b++) {
            pendingBidFlow[b] = 0;
            pendingAskFlow[b] = 0;
        }
        long mid2 = 0;
        if (!pendingSnapshot) {
            long bb = book.bestBid();
            long ba = book.bestAsk();
            if (bb != OrderBook.NO_PRICE && ba != OrderBook.NO_PRICE && bb + ba > 0 && bb + ba <= MAX_MID2) {
                mid2 = bb + ba;
                if (mid2 != thresholdMid2) {
                    thresholds(mid2);
                }
            }
        }
        flowMid2 = mid2;
        try {
            book.apply(u, flow);
        } catch (RuntimeException e) {
            pending = false;
            throw e;
        }
    }

    /**
     * The book's state, after every {@link #apply} (with the state the owner's checks left) and on every other
     * change. A pending update counts if {@code state} is {@link SyncState#LIVE} and is dropped otherwise. Leaving
     * LIVE counts a resync in the bar; the first LIVE moment starts the bars.
     *
     * @param tsNanos now, epoch nanoseconds; after an {@link #apply} the update's time is used instead
     */
    public void onState(SyncState state, long tsNanos) {
        boolean nowLive = state == SyncState.LIVE;
        long t = pending ? pendingTs : tsNanos;
        if (!started) {
            if (!nowLive) {
                pending = false;
                return;
            }
            startAt(t);
        } else if (!pending) {
            advance(t);
        }
        if (live && !nowLive) {
            resyncs++;
            barLive = false;
            hasBid = false;
            hasAsk = false;
        }
        boolean wasLive = live;
        live = nowLive;
        if (pending) {
            pending = false;
            if (nowLive) {
                commit();
            }
        } else if (nowLive && !wasLive) {
            readTouch(false); // LIVE without an update (the venue's word): the book's touch from now, no OFI
        }
    }

    /**
     * A trade of the book's symbol, counted while the book is LIVE. Its size is at the book's size scale.
     *
     * @param tsNanos the trade's time on the gateway's clock (its receive time)
     */
    public void onTrade(Trade trade, long tsNanos) {
        onTrade(trade.side(), trade.size(), tsNanos);
    }

    /** A trade as its aggressor side and size mantissa; see {@link #onTrade(Trade, long)}. */
    public void onTrade(Side aggressor, long size, long tsNanos) {
        settle();
        if (!started) {
            return;
        }
        advance(tsNanos);
        if (!live || size <= 0) {
            return;
        }
        tradeVolume += size;
        tradeCount++;
        if (aggressor == Side.BUY) {
            buyVolume += size;
        } else if (aggressor == Side.SELL) {
            sellVolume += size;
        }
    }

    /** The clock: closes every bar whose end is at or before {@code nowNanos}. Call it from a periodic timer. */
    public void onClock(long nowNanos) {
        settle();
        if (started) {
            advance(nowNanos);
        }
    }

    // --------------------------------------------------------------------------------------------- the flow

    /** One level of the update being applied: its add, cancel or modification and its flow in its band. */
    private void onLevel(boolean isAsk, long price, long oldSize, long newSize) {
        if (pendingSnapshot || oldSize == newSize) {
            return;
        }
        if (oldSize == 0) {
            pendingAdds++;
        } else if (newSize < oldSize) {
            pendingCancels++;
        } else {
            pendingModifications++;
        }
        long mid2 = flowMid2;
        if (mid2 != 0) {
            int b = band(isAsk ? 2 * price - mid2 : mid2 - 2 * price);
            if (b >= 0) {
                (isAsk ? pendingAskFlow : pendingBidFlow)[b] += newSize - oldSize;
            }
        }
    }

    /**
     * The band of a level at {@code d} = twice its distance from the mid (price units), or -1 at 10 bps or beyond:
     * the first band {@code b} with {@code d * 10000 < upper[b] * mid2}, which is {@code distance / mid * 10000 <
     * upper[b]} in exact integers. {@code d * 10000} cannot overflow where it is computed: a larger {@code d} is
     * beyond every band, since {@code 10 * mid2} fits a {@code long} (see {@link #thresholds}).
     */
    private int band(long d) {
        if (d <= 0) {
            return 0; // at or inside the mid
        }
        if (d > MAX_D) {
            return -1;
        }
        final long x = d * 10_000;
        final long[] t = threshold;
        for (int b = 0; b < BANDS; b++) {
            if (x < t[b]) {
                return b;
            }
        }
        return -1;
    }

    /** {@code threshold[b] = upper[b] * mid2}, for {@code 0 < mid2 <= MAX_MID2}. */
    private void thresholds(long mid2) {
        for (int b = 0; b < BANDS; b++) {
            threshold[b] = UPPER_BPS[b] * mid2;
        }
        thresholdMid2 = mid2;
    }

    // ---------------------------------------------------------------------------------------------- the bar

    /** A pending update with no {@link #onState} after it counts with the state unchanged. */
    private void settle() {
        if (pending) {
            pending = false;
            if (live && started) {
                commit();
            }
        }
    }

    private void commit() {
        messages++;
        lastSeq = pendingSeq;
        lastVenueTs = pendingVenueTs;
        if (!pendingSnapshot) {
            adds += pendingAdds;
            cancels += pendingCancels;
            modifications += pendingModifications;
            for (int b = 0; b < BANDS; b++) {
                bidFlow[b] += pendingBidFlow[b];
                askFlow[b] += pendingAskFlow[b];
            }
        }
        readTouch(!pendingSnapshot);
    }

    /** Takes the book's touch as the current one; with {@code ofi}, adds the touch change's OFI term first. */
    private void readTouch(boolean withOfi) {
        long nb = book.bestBid();
        long na = book.bestAsk();
        boolean nHasBid = nb != OrderBook.NO_PRICE;
        boolean nHasAsk = na != OrderBook.NO_PRICE;
        long nbs = book.bestBidSize();
        long nas = book.bestAskSize();
        if (withOfi) {
            long e = 0;
            if (hasBid && nHasBid) {
                if (nb >= bid) {
                    e += nbs;
                }
                if (nb <= bid) {
                    e -= bidSize;
                }
            }
            if (hasAsk && nHasAsk) {
                if (na <= ask) {
                    e -= nas;
                }
                if (na >= ask) {
                    e += askSize;
                }
            }
            ofi += e;
        }
        hasBid = nHasBid;
        hasAsk = nHasAsk;
        bid = nb;
        bidSize = nbs;
        ask = na;
        askSize = nas;
        if (nHasBid && nHasAsk) {
            mid(nb + na, na - nb);
        }
    }

    private void mid(long mid2, long spread) {
        if (!hasMid) {
            hasMid = true;
            midOpen2 = mid2;
            midHigh2 = mid2;
            midLow2 = mid2;
        } else if (mid2 > midHigh2) {
            midHigh2 = mid2;
        } else if (mid2 < midLow2) {
            midLow2 = mid2;
        }
        midClose2 = mid2;
        if (spread > spreadMax) {
            spreadMax = spread;
        }
    }

    private void startAt(long t) {
        started = true;
        long start = Math.floorDiv(t, barNanos) * barNanos;
        live = false;
        openBar(start);
        barLive = t == start;
        lastTs = t;
    }

    /** Accrues time up to {@code t}, closing every bar that ends at or before it. */
    private void advance(long t) {
        if (t < lastTs) {
            t = lastTs;
        }
        int closed = 0;
        while (t >= barEnd) {
            accrue(barEnd);
            close(t);
            long next = barEnd;
            if (++closed == MAX_CATCH_UP) { // the rest of a long gap is skipped, not emitted
                long resume = Math.floorDiv(t, barNanos) * barNanos;
                skippedBars += (resume - next) / barNanos;
                next = resume;
            }
            openBar(next);
        }
        accrue(t);
    }

    private void accrue(long t) {
        long dt = t - lastTs;
        if (dt <= 0) {
            return;
        }
        if (live) {
            liveNanos += dt;
            if (hasBid && hasAsk) {
                spreadNanos += dt;
                long s = ask - bid;
                long lo = s * dt;
                long hi = Math.multiplyHigh(s, dt);
                long sum = spreadAreaLo + lo;
                spreadAreaHi += hi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
                spreadAreaLo = sum;
            }
        }
        lastTs = t;
    }

    private void openBar(long start) {
        barStart = start;
        barEnd = start + barNanos;
        lastTs = start;
        barLive = live;
        resyncs = 0;
        liveNanos = 0;
        hasMid = false;
        midOpen2 = midHigh2 = midLow2 = midClose2 = 0;
        spreadMax = 0;
        spreadAreaHi = spreadAreaLo = 0;
        spreadNanos = 0;
        for (int b = 0; b < BANDS; b++) {
            bidFlow[b] = 0;
            askFlow[b] = 0;
        }
        ofi = 0;
        tradeVolume = buyVolume = sellVolume = tradeCount = 0;
        messages = adds = cancels = modifications = 0;
        lastSeq = Event.NO_SEQ;
        lastVenueTs = Event.NO_TIME;
        if (live && hasBid && hasAsk) {
            mid(bid + ask, ask - bid); // the book as it stands opens the bar
        }
    }

    /** Builds and emits the bar in progress (time already accrued to its end); {@code now} is its build time. */
    private void close(long now) {
        boolean endTouch = live && hasBid && hasAsk && bid + ask > 0 && bid + ask <= MAX_MID2;
        int priceScale = book.priceScale();
        long largest = Math.max(hasMid ? midHigh2 : 0, endTouch ? ask : 0);
        int extra = Math.min(EXTRA_DECIMALS, 18 - priceScale);
        while (extra > 0 && largest > Long.MAX_VALUE / POW10[extra]) {
            extra--;
        }
        long scale = POW10[extra];
        long[] bidDepth = new long[BANDS];
        long[] askDepth = new long[BANDS];
        long spreadEnd = 0;
        long microprice = 0;
        double bidZ = Double.NaN;
        double askZ = Double.NaN;
        if (endTouch) {
            long mid2 = bid + ask;
            thresholds(mid2);
            bidZ = depth(false, mid2, bidDepth);
            askZ = depth(true, mid2, askDepth);
            spreadEnd = (ask - bid) * scale;
            BigInteger num = BigInteger.valueOf(bid).multiply(BigInteger.valueOf(askSize))
                    .add(BigInteger.valueOf(ask).multiply(BigInteger.valueOf(bidSize)))
                    .multiply(BigInteger.valueOf(scale));
            BigInteger den = BigInteger.valueOf(bidSize).add(BigInteger.valueOf(askSize));
            microprice = den.signum() == 0 ? mid(mid2, extra)
                    : new BigDecimal(num).divide(new BigDecimal(den), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
        long spreadMean = 0;
        if (spreadNanos > 0) {
            BigInteger area = BigInteger.valueOf(spreadAreaHi).shiftLeft(64)
                    .or(BigInteger.valueOf(spreadAreaLo).and(LOW_64)).multiply(BigInteger.valueOf(scale));
            spreadMean = new BigDecimal(area).divide(BigDecimal.valueOf(spreadNanos), 0,
                    RoundingMode.HALF_EVEN).longValueExact();
        }
        BookBar bar = new BookBar(book.venue(), book.symbol(), lastSeq, lastVenueTs, now, now, barStart, barEnd,
                priceScale, book.sizeScale(), priceScale + extra, barLive && live, resyncs, liveNanos,
                hasMid ? mid(midOpen2, extra) : 0, hasMid ? mid(midHigh2, extra) : 0,
                hasMid ? mid(midLow2, extra) : 0, hasMid ? mid(midClose2, extra) : 0, spreadMean,
                hasMid ? spreadMax * scale : 0, spreadEnd, microprice, bidDepth, askDepth, bidFlow.clone(),
                askFlow.clone(), ofi, tradeVolume, buyVolume - sellVolume, buyVolume, sellVolume, tradeCount,
                messages, adds, cancels, modifications, bidZ, askZ);
        emitted++;
        listener.onBookBar(bar);
    }

    private static final BigInteger LOW_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Twice a mid to the mid at {@code extra} more decimals: exact when {@code extra > 0}, else half-even. */
    private static long mid(long mid2, int extra) {
        return extra > 0 ? mid2 / 2 * POW10[extra] + (mid2 & 1) * (POW10[extra] / 2)
                : CandleBuilder.divideHalfEven(mid2, 2);
    }

    /**
     * Adds one side's resting sizes per band into {@code out} (the levels within 10 bps of the mid, read from the
     * book best first) and returns its wall z-score over the best 10 levels.
     */
    private double depth(boolean isAsk, long mid2, long[] out) {
        int sideCount = isAsk ? book.askCount() : book.bidCount();
        int n;
        boolean beyond;
        while (true) {
            n = isAsk ? book.topAsks(levelPrices, levelSizes, levelPrices.length)
                    : book.topBids(levelPrices, levelSizes, levelPrices.length);
            beyond = false;
            for (int i = 0; i < n; i++) {
                long p = levelPrices[i];
                int b = band(isAsk ? 2 * p - mid2 : mid2 - 2 * p);
                if (b < 0) {
                    beyond = true;
                    break;
                }
            }
            if (beyond || n >= sideCount) {
                break;
            }
            levelPrices = new long[levelPrices.length * 4]; // more levels within 10 bps than read: read more
            levelSizes = new long[levelPrices.length];
        }
        for (int i = 0; i < n; i++) {
            long p = levelPrices[i];
            int b = band(isAsk ? 2 * p - mid2 : mid2 - 2 * p);
            if (b < 0) {
                break;
            }
            out[b] += levelSizes[i];
        }
        return wallZ(levelSizes, Math.min(n, WALL_LEVELS));
    }

    /**
     * The largest {@code (size - mean) / stddev} over {@code n} sizes (population standard deviation); 0 when
     * {@code n < 2} or every size is equal (no level stands out).
     */
    static double wallZ(long[] sizes, int n) {
        if (n < 2) {
            return 0.0;
        }
        double sum = 0;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            sum += sizes[i];
            max = Math.max(max, sizes[i]);
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = sizes[i] - mean;
            sq += d * d;
        }
        double sd = Math.sqrt(sq / n);
        return sd == 0 ? 0.0 : (max - mean) / sd;
    }

    // ----------------------------------------------------------------------------------------------- queries

    /** The book these features measure. */
    public OrderBook book() {
        return book;
    }

    /** The bar length in nanoseconds. */
    public long barNanos() {
        return barNanos;
    }

    /** Bars emitted so far. */
    public long emitted() {
        return emitted;
    }

    /** Bars skipped (not emitted) because one call's gap exceeded {@value #MAX_CATCH_UP} bars. */
    public long skippedBars() {
        return skippedBars;
    }

    /** Whether the book is LIVE, as last told by {@link #onState}. */
    public boolean live() {
        return live;
    }
}
