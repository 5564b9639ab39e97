package io.xgate.event;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One bar of book features for a venue and symbol (default 5 s, aligned to the Unix epoch), published on
 * {@code xgate.an.bookbar.<venue>.<SYMBOL>}: what the book did over the bar, computed beside the book from every
 * applied update and every trade. The exact definition of each field is in the README ("Book-feature bars").
 *
 * <p>The header: {@link #venueSeq()} and {@link #venueTsNanos()} are those of the last book update counted in the
 * bar ({@link Event#NO_SEQ} and {@link Event#NO_TIME} if none), {@link #receiveTsNanos()} is when the bar was built
 * (closed) and {@link #publishTsNanos()} when it was published.
 *
 * <p><b>Live time.</b> Every figure covers only the time the book was LIVE (trustworthy): {@link #live()} says
 * whether it was LIVE for the whole bar, {@link #liveNanos()} for how long it was, {@link #resyncs()} how many times
 * it left LIVE during the bar.
 *
 * <p><b>Numbers.</b> Sizes and flows are mantissas at {@link #sizeScale()}. Mids, spreads and the microprice are
 * mantissas at {@link #midScale()} ({@code priceScale} plus up to 4 decimals, fewer only for prices so large that 4
 * would overflow): mids, spread max and spread end are exact there; the time-weighted spread mean and the microprice
 * are rounded half-even to it. A bar without a LIVE two-sided book has 0 mids; one whose book is not LIVE and
 * two-sided at its end has 0 end figures ({@code spreadEnd}, {@code microprice}, depths) and NaN wall z-scores. The
 * wall z-scores are {@code double}s: a ratio, not a quantity.
 *
 * <p><b>Bands</b> ({@link #BANDS}) are distances from the mid in basis points, {@code [0, 1), [1, 2), [2, 3), [3,
 * 5), [5, 10)}; the four band arrays have one entry per band, in that order. The arrays are the event's: never
 * write to them.
 *
 * @param startNanos    start of the bar, epoch nanoseconds (inclusive)
 * @param endNanos      end of the bar (exclusive)
 * @param priceScale    scale of the book's prices
 * @param sizeScale     scale of every size, volume, flow and of {@code ofi}
 * @param midScale      scale of the mids, spreads and the microprice
 * @param live          whether the book was LIVE for the whole bar
 * @param resyncs       how many times the book left LIVE during the bar
 * @param liveNanos     how long the book was LIVE during the bar
 * @param midOpen       first mid of the bar (the mid at its start if LIVE then)
 * @param midHigh       highest mid
 * @param midLow        lowest mid
 * @param midClose      last mid
 * @param spreadMean    time-weighted mean of the spread over the LIVE two-sided time
 * @param spreadMax     largest spread
 * @param spreadEnd     spread at the end
 * @param microprice    {@code (bid*askSize + ask*bidSize) / (bidSize + askSize)} at the end, from the touch
 * @param bidDepth      per band, bid size resting at the end
 * @param askDepth      per band, ask size resting at the end
 * @param bidFlow       per band, bid size added minus removed by the bar's deltas
 * @param askFlow       per band, ask size added minus removed by the bar's deltas
 * @param ofi           order-flow imbalance (Cont, Kukanov, Stoikov 2014) summed over the bar's touch changes
 * @param tradeVolume   sum of the sizes of the bar's trades
 * @param signedVolume  buy volume minus sell volume
 * @param buyVolume     volume of trades whose aggressor bought
 * @param sellVolume    volume of trades whose aggressor sold
 * @param tradeCount    number of trades
 * @param messages      number of book updates (snapshots and deltas)
 * @param adds          levels set at a price that was absent
 * @param cancels       levels whose size went down, removal included
 * @param modifications levels whose size went up at a price that was present
 * @param bidWallZ      over the best 10 bids at the end, the largest {@code (size - mean) / stddev}
 * @param askWallZ      the same over the best 10 asks
 * @param epoch          the epoch of the venue leader that published it (high availability); 0 without
 */
public record BookBar(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                      long publishTsNanos, long startNanos, long endNanos, int priceScale, int sizeScale,
                      int midScale, boolean live, int resyncs, long liveNanos, long midOpen, long midHigh,
                      long midLow, long midClose, long spreadMean, long spreadMax, long spreadEnd, long microprice,
                      long[] bidDepth, long[] askDepth, long[] bidFlow, long[] askFlow, long ofi, long tradeVolume,
                      long signedVolume, long buyVolume, long sellVolume, long tradeCount, long messages, long adds,
                      long cancels, long modifications, double bidWallZ, double askWallZ, long epoch) implements Event {

    /** The band labels, in the order of the band arrays. */
    public static final List<String> BANDS = List.of("b0_1", "b1_2", "b2_3", "b3_5", "b5_10");

    /** The upper bound of each band in basis points (exclusive), in the order of {@link #BANDS}. */
    public static final List<Integer> BAND_UPPER_BPS = List.of(1, 2, 3, 5, 10);

    /** Validates non-null fields, scales and the band arrays' length. */
    public BookBar {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
        Levels.checkScale("midScale", midScale);
        if (midScale < priceScale) {
            throw new IllegalArgumentException("midScale " + midScale + " below priceScale " + priceScale);
        }
        checkBands("bidDepth", bidDepth);
        checkBands("askDepth", askDepth);
        checkBands("bidFlow", bidFlow);
        checkBands("askFlow", askFlow);
    }

    private static void checkBands(String what, long[] a) {
        Objects.requireNonNull(a, what);
        if (a.length != BANDS.size()) {
            throw new IllegalArgumentException(what + " has " + a.length + " bands, not " + BANDS.size());
        }
    }

    /** As published without high availability: epoch 0. */
    public BookBar(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, long startNanos, long endNanos, int priceScale, int sizeScale, int midScale, boolean live, int resyncs, long liveNanos, long midOpen, long midHigh, long midLow, long midClose, long spreadMean, long spreadMax, long spreadEnd, long microprice, long[] bidDepth, long[] askDepth, long[] bidFlow, long[] askFlow, long ofi, long tradeVolume, long signedVolume, long buyVolume, long sellVolume, long tradeCount, long messages, long adds, long cancels, long modifications, double bidWallZ, double askWallZ) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, startNanos, endNanos, priceScale, sizeScale, midScale, live, resyncs, liveNanos, midOpen, midHigh, midLow, midClose, spreadMean, spreadMax, spreadEnd, microprice, bidDepth, askDepth, bidFlow, askFlow, ofi, tradeVolume, signedVolume, buyVolume, sellVolume, tradeCount, messages, adds, cancels, modifications, bidWallZ, askWallZ, 0L);
    }

    /** This event stamped with a venue leader's {@code epoch} (high availability). */
    public BookBar withEpoch(long epoch) {
        return epoch == this.epoch ? this : new BookBar(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, startNanos, endNanos, priceScale, sizeScale, midScale, live, resyncs, liveNanos, midOpen, midHigh, midLow, midClose, spreadMean, spreadMax, spreadEnd, microprice, bidDepth, askDepth, bidFlow, askFlow, ofi, tradeVolume, signedVolume, buyVolume, sellVolume, tradeCount, messages, adds, cancels, modifications, bidWallZ, askWallZ, epoch);
    }

    @Override
    public EventType type() {
        return EventType.BOOK_BAR;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookBar b && venue.equals(b.venue) && symbol.equals(b.symbol) && venueSeq == b.venueSeq
                && venueTsNanos == b.venueTsNanos && receiveTsNanos == b.receiveTsNanos
                && publishTsNanos == b.publishTsNanos && startNanos == b.startNanos && endNanos == b.endNanos
                && priceScale == b.priceScale && sizeScale == b.sizeScale && midScale == b.midScale && live == b.live
                && resyncs == b.resyncs && liveNanos == b.liveNanos && midOpen == b.midOpen && midHigh == b.midHigh
                && midLow == b.midLow && midClose == b.midClose && spreadMean == b.spreadMean
                && spreadMax == b.spreadMax && spreadEnd == b.spreadEnd && microprice == b.microprice
                && Arrays.equals(bidDepth, b.bidDepth) && Arrays.equals(askDepth, b.askDepth)
                && Arrays.equals(bidFlow, b.bidFlow) && Arrays.equals(askFlow, b.askFlow) && ofi == b.ofi
                && tradeVolume == b.tradeVolume && signedVolume == b.signedVolume && buyVolume == b.buyVolume
                && sellVolume == b.sellVolume && tradeCount == b.tradeCount && messages == b.messages
                && adds == b.adds && cancels == b.cancels && modifications == b.modifications
                && Double.compare(bidWallZ, b.bidWallZ) == 0 && Double.compare(askWallZ, b.askWallZ) == 0
                && epoch == b.epoch;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(venue, symbol, startNanos, endNanos, midClose, ofi, messages, tradeVolume);
        h = 31 * h + Arrays.hashCode(bidDepth);
        h = 31 * h + Arrays.hashCode(askDepth);
        h = 31 * h + Arrays.hashCode(bidFlow);
        return 31 * h + Arrays.hashCode(askFlow);
    }

    @Override
    public String toString() {
        return "BookBar[" + venue + ' ' + symbol + ' ' + startNanos + ".." + endNanos + " live=" + live + " resyncs="
                + resyncs + " liveNanos=" + liveNanos + " mid=" + midOpen + '/' + midHigh + '/' + midLow + '/'
                + midClose + " spread=" + spreadMean + '/' + spreadMax + '/' + spreadEnd + " micro=" + microprice
                + " @" + midScale + " bidDepth=" + Arrays.toString(bidDepth) + " askDepth="
                + Arrays.toString(askDepth) + " bidFlow=" + Arrays.toString(bidFlow) + " askFlow="
                + Arrays.toString(askFlow) + " ofi=" + ofi + " trades=" + tradeCount + '/' + tradeVolume + '/'
                + signedVolume + '/' + buyVolume + '/' + sellVolume + " msgs=" + messages + " adds=" + adds
                + " cancels=" + cancels + " mods=" + modifications + " wallZ=" + bidWallZ + '/' + askWallZ + ']';
    }
}
