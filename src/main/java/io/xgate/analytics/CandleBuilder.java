package io.xgate.analytics;

import io.xgate.event.Candle;
import io.xgate.event.Event;
import io.xgate.num.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Builds the candles of one (venue, symbol, {@link CandleSpec}) from its trades, and hands each completed bar to a
 * {@link CandleListener}.
 *
 * <h2>Numbers</h2>
 * Trades come as fixed-point mantissas at the builder's {@code priceScale} and {@code sizeScale} (see
 * {@link Decimals}). Volumes are exact {@code long} sums (a bar's volume must stay below {@link Long#MAX_VALUE}
 * size units, 9.2e10 base units at 8 decimals; beyond it {@link #onTrade} throws {@link ArithmeticException}). The
 * notional {@code sum(price * size)} is kept exactly in 128 bits at scale {@code priceScale + sizeScale}
 * ({@link Math#multiplyHigh}), exact while it stays below 2^127 (1.7e38 units at that scale); the
 * {@link Candle#notional()} published is that sum when it fits a {@code long}, else the sum rounded half-even to
 * the largest smaller scale at which it fits ({@link Candle#notionalScale()} says which). VWAP is
 * {@code notional / volume} computed from the exact 128-bit sum and rounded <b>half-even</b> to the price scale, so
 * it is exact in fixed point: the nearest price mantissa to the true quotient, ties to even.
 *
 * <h2>Time bars</h2>
 * A bar covers {@code [k*d, (k+1)*d)} in venue time, {@code d} the duration, aligned to the Unix epoch (a {@code 1m}
 * bar starts at a whole UTC minute, a {@code 1d} bar at UTC midnight). A trade whose venue timestamp is exactly at a
 * boundary belongs to the bar that starts there. A bar closes on the clock, not on the next trade: the first
 * {@link #onClock(long)} with {@code now >= end + grace} (grace default 250 ms) emits it, and from then on a trade
 * with a timestamp inside it is <b>dropped and counted</b> ({@link #lateDropped()}), never put into a later bar.
 * Several bars may be open at once (trades of the next bar may arrive while the previous one waits out its grace):
 * a ring of {@code grace / d + 3} bars, at most 64. A trade so far ahead of the clock that it falls beyond the
 * ring closes the oldest open bars early (counted: {@link #forcedCloses()}; that takes a venue clock running bars
 * ahead of ours), and once no open bar holds a trade, jumps over the rest of the gap without flat bars. A gap the
 * clock itself crosses is filled with flat bars, one per interval, in one {@link #onClock} call.
 * An interval without trades emits a flat bar at the previous bar's close with volume 0, or nothing with
 * {@link Options#skipEmpty()}. Bars start with the first trade's bar: before it there is no previous close, and a
 * trade older than the first trade's bar is dropped as late.
 *
 * <h2>Tick, volume and value bars</h2>
 * A bar collects trades until one brings its trade count, volume or notional to the threshold (at least equal);
 * that trade <b>completes the bar whole</b>: its excess is not split into the next bar (a trade is one event at one
 * price; splitting it would invent two trades and double-count its count). So a volume or value bar may hold more
 * than its threshold, and the next bar starts empty with the next trade. These bars ignore the clock and late
 * arrival: {@code startNanos} and {@code endNanos} are the first and last trade's timestamps.
 *
 * <h2>Open and close</h2>
 * The open is the earliest trade by venue timestamp and the close the latest (ties in arrival order), so a trade
 * arriving late within the grace does not become the close.
 *
 * <h2>Cost and threading</h2>
 * {@link #onTrade} allocates nothing (primitive arrays sized at construction; with {@link Options#storeTrades()}
 * the bounded trade lists are preallocated too); only an emitted bar or a {@link #partial} snapshot allocates (the
 * {@code Candle}, and its {@link BarTrades} copy when trades are stored). Not thread-safe: one owner (a verticle
 * context) calls every method; listeners are called on that thread, in bar order.
 */
public final class CandleBuilder {

    /**
     * How a builder behaves.
     *
     * @param graceNanos      how long after a time bar's end trades for it are still accepted (default 250 ms)
     * @param skipEmpty       emit nothing for an interval without trades, instead of a flat bar
     * @param storeTrades     keep each bar's trades ({@link BarTrades}); off by default
     * @param maxStoredTrades the bound on the trades kept per bar when {@code storeTrades}
     */
    public record Options(long graceNanos, boolean skipEmpty, boolean storeTrades, int maxStoredTrades) {

        /** 250 ms grace, flat bars, no trades stored (10,000 per bar when turned on). */
        public static final Options DEFAULT = new Options(250_000_000L, false, false, 10_000);

        /** Validates the values. */
        public Options {
            if (graceNanos < 0) {
                throw new IllegalArgumentException("grace must not be negative: " + graceNanos + " ns");
            }
            if (maxStoredTrades < 1 || maxStoredTrades > 1_000_000) {
                throw new IllegalArgumentException("maxStoredTrades " + maxStoredTrades + " outside 1..1000000");
            }
        }

        /** These options with another grace. */
        public Options withGraceNanos(long nanos) {
            return new Options(nanos, skipEmpty, storeTrades, maxStoredTrades);
        }

        /** These options skipping, or not, empty intervals. */
        public Options withSkipEmpty(boolean skip) {
            return new Options(graceNanos, skip, storeTrades, maxStoredTrades);
        }

        /** These options storing, or not, up to {@code max} trades per bar. */
        public Options withStoreTrades(boolean store, int max) {
            return new Options(graceNanos, skipEmpty, store, max);
        }
    }

    private final String venue;
    private final String symbol;
    private final CandleSpec spec;
    private final String label;
    private final int priceScale;
    private final int sizeScale;
    private final Options options;
    private final LongSupplier clock;
    private final CandleListener listener;

    private final boolean timeBars;
    private final long duration;
    private final long grace;
    /** Thresholds of activity bars: trades, volume (size units), notional (128 bits, scale p+s). */
    private final long tradeThreshold;
    private final long volumeThreshold;
    private final long valueThresholdHi;
    private final long valueThresholdLo;

    /** Open bars, one slot each; time bar {@code k} lives in slot {@code k mod slots}. */
    private final int slots;
    private final long[] open;
    private final long[] high;
    private final long[] low;
    private final long[] close;
    private final long[] volume;
    private final long[] buyVolume;
    private final long[] notionalHi;
    private final long[] notionalLo;
    private final long[] count;
    private final long[] firstTs;
    private final long[] lastTs;
    /** Stored trades per slot (empty arrays when not stored), how many, and how many did not fit. */
    private final long[][] storedTs;
    private final long[][] storedPrice;
    private final long[][] storedSize;
    private final boolean[][] storedBuy;
    private final int[] stored;
    private final long[] notStored;

    /** Time bars: whether a trade has been seen, and the index of the oldest bar not yet closed. */
    private boolean started;
    private long nextToClose;
    /** The close of the latest emitted bar with trades, for flat bars. */
    private boolean hasLastClose;
    private long lastClose;

    private long lateDropped;
    private long invalidDropped;
    private long forcedCloses;
    private long emitted;

    /**
     * A builder.
     *
     * @param priceScale scale of the trades' price mantissas
     * @param sizeScale  scale of the trades' size mantissas
     * @param clock      epoch nanoseconds, read when a trade completes an activity bar (the bar's receive time)
     * @throws IllegalArgumentException if a volume or value threshold cannot be expressed at these scales
     */
    public CandleBuilder(String venue, String symbol, CandleSpec spec, int priceScale, int sizeScale,
                         Options options, LongSupplier clock, CandleListener listener) {
        this.venue = Objects.requireNonNull(venue, "venue");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.label = spec.label();
        if (priceScale < 0 || priceScale > Decimals.MAX_SCALE || sizeScale < 0 || sizeScale > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException("scales " + priceScale + "/" + sizeScale + " outside 0.."
                    + Decimals.MAX_SCALE);
        }
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timeBars = spec.timeBased();
        this.duration = spec.durationNanos();
        this.grace = options.graceNanos();
        this.tradeThreshold = spec.kind() == CandleSpec.Kind.TICK ? spec.trades() : Long.MAX_VALUE;
        this.volumeThreshold = spec.kind() == CandleSpec.Kind.VOLUME
                ? threshold(spec.amount(), sizeScale, "base volume").longValueExact() : Long.MAX_VALUE;
        if (spec.kind() == CandleSpec.Kind.VALUE) {
            BigInteger q = threshold(spec.amount(), priceScale + sizeScale, "quote notional");
            this.valueThresholdHi = q.shiftRight(64).longValueExact();
            this.valueThresholdLo = q.longValue();
        } else {
            this.valueThresholdHi = Long.MAX_VALUE;
            this.valueThresholdLo = -1L;
        }
        this.slots = timeBars ? (int) Math.min(64, grace / duration + 3) : 1;
        this.open = new long[slots];
        this.high = new long[slots];
        this.low = new long[slots];
        this.close = new long[slots];
        this.volume = new long[slots];
        this.buyVolume = new long[slots];
        this.notionalHi = new long[slots];
        this.notionalLo = new long[slots];
        this.count = new long[slots];
        this.firstTs = new long[slots];
        this.lastTs = new long[slots];
        int keep = options.storeTrades() ? options.maxStoredTrades() : 0;
        this.storedTs = new long[slots][keep];
        this.storedPrice = new long[slots][keep];
        this.storedSize = new long[slots][keep];
        this.storedBuy = new boolean[slots][keep];
        this.stored = new int[slots];
        this.notStored = new long[slots];
        for (int s = 0; s < slots; s++) {
            clear(s);
        }
    }

    private BigInteger threshold(BigDecimal amount, int scale, String what) {
        BigDecimal scaled = amount.movePointRight(scale);
        BigInteger q;
        try {
            q = scaled.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("candle spec " + spec.label() + ": " + what + " " + amount.toPlainString()
                    + " has more decimals than the instrument's scale " + scale + " of " + venue + " " + symbol, e);
        }
        if (q.bitLength() > 62) {
            throw new IllegalArgumentException("candle spec " + spec.label() + ": " + what + " "
                    + amount.toPlainString() + " is too large at scale " + scale);
        }
        return q;
    }

    /**
     * One trade.
     *
     * @param venueTsNanos the venue's timestamp, epoch nanoseconds (decides a time bar); the owner passes the
     *                     receive time for a venue that gives none, never {@link Event#NO_TIME}: a time bar at
     *                     the epoch would be followed by decades of flat bars
     * @param price        price mantissa at the price scale, not negative
     * @param size         size mantissa at the size scale, positive
     * @param aggressorBuy whether the aggressor (taker) bought; {@code false} counts as sell volume
     * @return {@code false} if the trade was dropped: late for a closed bar ({@link #lateDropped()}) or with a
     *         negative price or a size not above 0 ({@link #invalidDropped()})
     */
    public boolean onTrade(long venueTsNanos, long price, long size, boolean aggressorBuy) {
        if (size <= 0 || price < 0) {
            invalidDropped++;
            return false;
        }
        if (!timeBars) {
            add(0, venueTsNanos, price, size, aggressorBuy);
            if (count[0] >= tradeThreshold || volume[0] >= volumeThreshold || notionalReached(0)) {
                long now = clock.getAsLong();
                emit(0, firstTs[0], lastTs[0], now);
                clear(0);
            }
            return true;
        }
        long k = Math.floorDiv(venueTsNanos, duration);
        if (!started) {
            started = true;
            nextToClose = k;
        } else if (k < nextToClose) {
            lateDropped++;
            return false;
        }
        if (k - nextToClose >= slots) {
            makeRoomFor(k);
        }
        add((int) Math.floorMod(k, (long) slots), venueTsNanos, price, size, aggressorBuy);
        return true;
    }

    /**
     * The clock: closes (emits) every time bar whose end plus the grace is at or before {@code nowNanos}, with flat
     * bars for intervals without trades (unless skipped). Call it from a periodic timer; activity bars ignore it.
     *
     * @param nowNanos now, epoch nanoseconds; also the receive time of the bars it closes
     */
    public void onClock(long nowNanos) {
        if (!timeBars || !started) {
            return;
        }
        long target = Math.floorDiv(nowNanos - grace, duration); // bars before it have ended, grace included
        while (nextToClose < target) {
            if (options.skipEmpty() && allEmpty()) {
                nextToClose = target; // nothing to emit for the whole run
                break;
            }
            closeOldest(nowNanos);
        }
    }

    /**
     * A snapshot of the bar in progress, flagged incomplete ({@link Candle#complete()} {@code false}): for time
     * bars the bar containing {@code nowNanos} (flat at the latest close when it has no trade yet), for activity
     * bars the bar being filled. Empty before the first trade, and for an activity bar without trades.
     */
    public Optional<Candle> partial(long nowNanos) {
        if (!timeBars) {
            return count[0] == 0 ? Optional.empty()
                    : Optional.of(candle(0, firstTs[0], lastTs[0], nowNanos, false));
        }
        if (!started) {
            return Optional.empty();
        }
        long k = Math.max(Math.floorDiv(nowNanos, duration), nextToClose);
        long start = k * duration;
        if (k - nextToClose < slots) {
            int s = (int) Math.floorMod(k, (long) slots);
            if (count[s] > 0) {
                return Optional.of(candle(s, start, start + duration, nowNanos, false));
            }
        }
        long last = hasLastClose ? lastClose : Long.MIN_VALUE;
        boolean found = hasLastClose;
        for (long j = Math.min(k - 1, nextToClose + slots - 1); j >= nextToClose; j--) {
            int s = (int) Math.floorMod(j, (long) slots);
            if (count[s] > 0) {
                last = close[s];
                found = true;
                break;
            }
        }
        return found ? Optional.of(flat(start, start + duration, last, nowNanos, false)) : Optional.empty();
    }

    private void add(int s, long ts, long price, long size, boolean buy) {
        long vol = Math.addExact(volume[s], size); // first, so that an overflow leaves the bar as it was
        long n = count[s];
        if (n == 0) {
            open[s] = price;
            high[s] = price;
            low[s] = price;
            close[s] = price;
            firstTs[s] = ts;
            lastTs[s] = ts;
        } else {
            if (price > high[s]) {
                high[s] = price;
            }
            if (price < low[s]) {
                low[s] = price;
            }
            if (ts < firstTs[s]) {
                firstTs[s] = ts;
                open[s] = price;
            }
            if (ts >= lastTs[s]) {
                lastTs[s] = ts;
                close[s] = price;
            }
        }
        count[s] = n + 1;
        volume[s] = vol;
        if (buy) {
            buyVolume[s] += size;
        }
        long pLo = price * size;
        long pHi = Math.multiplyHigh(price, size);
        long lo = notionalLo[s] + pLo;
        notionalHi[s] += pHi + (Long.compareUnsigned(lo, pLo) < 0 ? 1 : 0);
        notionalLo[s] = lo;
        if (options.storeTrades()) {
            int i = stored[s];
            if (i < storedTs[s].length) {
                storedTs[s][i] = ts;
                storedPrice[s][i] = price;
                storedSize[s][i] = size;
                storedBuy[s][i] = buy;
                stored[s] = i + 1;
            } else {
                notStored[s]++;
            }
        }
    }

    /**
     * A trade beyond the ring of open bars: closes the oldest bars early until it fits. Once no open bar holds a
     * trade, the rest of the gap is jumped over without flat bars (a timestamp that far ahead of the clock is the
     * venue's clock or a bad timestamp; flat bars for it could be years of them). Each bar closed or jumped over
     * is counted in {@link #forcedCloses()}.
     */
    private void makeRoomFor(long k) {
        long now = clock.getAsLong();
        while (k - nextToClose >= slots) {
            if (allEmpty()) {
                long target = k - slots + 1;
                forcedCloses += target - nextToClose;
                nextToClose = target;
                return;
            }
            forcedCloses++;
            closeOldest(now);
        }
    }

    private boolean allEmpty() {
        for (int s = 0; s < slots; s++) {
            if (count[s] > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean notionalReached(int s) {
        long hi = notionalHi[s];
        return hi > valueThresholdHi
                || (hi == valueThresholdHi && Long.compareUnsigned(notionalLo[s], valueThresholdLo) >= 0);
    }

    private void closeOldest(long now) {
        long k = nextToClose;
        int s = (int) Math.floorMod(k, (long) slots);
        long start = k * duration;
        if (count[s] > 0) {
            emit(s, start, start + duration, now);
        } else if (hasLastClose && !options.skipEmpty()) {
            emitted++;
            listener.onCandle(flat(start, start + duration, lastClose, now, true), BarTrades.NONE);
        }
        clear(s);
        nextToClose = k + 1;
    }

    private void emit(int s, long start, long end, long now) {
        Candle c = candle(s, start, end, now, true);
        BarTrades trades = BarTrades.NONE;
        if (options.storeTrades()) {
            int n = stored[s];
            trades = new BarTrades(Arrays.copyOf(storedTs[s], n), Arrays.copyOf(storedPrice[s], n),
                    Arrays.copyOf(storedSize[s], n), Arrays.copyOf(storedBuy[s], n), notStored[s]);
        }
        hasLastClose = true;
        lastClose = close[s];
        emitted++;
        listener.onCandle(c, trades);
    }

    private Candle candle(int s, long start, long end, long now, boolean complete) {
        long hi = notionalHi[s];
        long lo = notionalLo[s];
        long vol = volume[s];
        int scale = priceScale + sizeScale;
        long notional;
        int notionalScale;
        long vwap;
        if (hi == 0 && lo >= 0) {
            notional = lo;
            notionalScale = scale;
            vwap = divideHalfEven(lo, vol);
        } else {
            BigInteger n = BigInteger.valueOf(hi).shiftLeft(64).or(BigInteger.valueOf(lo).and(LOW_64));
            vwap = new BigDecimal(n).divide(BigDecimal.valueOf(vol), 0, RoundingMode.HALF_EVEN).longValueExact();
            BigDecimal d = new BigDecimal(n, scale);
            notionalScale = scale;
            while (d.setScale(notionalScale, RoundingMode.HALF_EVEN).unscaledValue().bitLength() > 63) {
                notionalScale--;
            }
            notional = d.setScale(notionalScale, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
        }
        return new Candle(venue, symbol, Event.NO_SEQ, lastTs[s], now, now, label, start, end, complete, priceScale,
                sizeScale, open[s], high[s], low[s], close[s], vwap, vol, buyVolume[s], vol - buyVolume[s], notional,
                notionalScale, count[s], firstTs[s], lastTs[s]);
    }

    private Candle flat(long start, long end, long price, long now, boolean complete) {
        return new Candle(venue, symbol, Event.NO_SEQ, Event.NO_TIME, now, now, label, start, end, complete,
                priceScale, sizeScale, price, price, price, price, price, 0, 0, 0, 0, priceScale + sizeScale, 0,
                Event.NO_TIME, Event.NO_TIME);
    }

    private static final BigInteger LOW_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** {@code n / d} rounded half-even, for {@code n >= 0}, {@code d > 0}. */
    static long divideHalfEven(long n, long d) {
        long q = n / d;
        long r = n - q * d;
        long rest = d - r;
        if (r > rest || (r == rest && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    private void clear(int s) {
        count[s] = 0;
        volume[s] = 0;
        buyVolume[s] = 0;
        notionalHi[s] = 0;
        notionalLo[s] = 0;
        firstTs[s] = Event.NO_TIME;
        lastTs[s] = Event.NO_TIME;
        stored[s] = 0;
        notStored[s] = 0;
    }

    /** Trades dropped because their time bar had already closed. */
    public long lateDropped() {
        return lateDropped;
    }

    /** Trades dropped for a negative price or a size not above 0. */
    public long invalidDropped() {
        return invalidDropped;
    }

    /** Time bars closed before their time because a trade fell beyond the ring of open bars. */
    public long forcedCloses() {
        return forcedCloses;
    }

    /** Bars emitted so far, flat ones included. */
    public long emitted() {
        return emitted;
    }

    /** The spec this builder builds. */
    public CandleSpec spec() {
        return spec;
    }

    /** The price scale of the trades and bars. */
    public int priceScale() {
        return priceScale;
    }

    /** The size scale of the trades and bars. */
    public int sizeScale() {
        return sizeScale;
    }
}
