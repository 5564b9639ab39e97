package io.xgate.venue.binance;

import io.xgate.config.Instrument;
import io.xgate.venue.LevelBuffer;

/**
 * One decoded Binance frame: a reusable, mutable holder that {@link BinanceDecoder} refills per frame.
 * Prices and sizes are mantissas at the instrument's scales; times are epoch nanoseconds.
 */
public final class BinanceMessage {

    /** What the frame was. */
    public enum Kind {
        /** {@code depthUpdate}: {@link #firstUpdateId}..{@link #lastUpdateId}, {@link #bids}, {@link #asks}. */
        DEPTH_UPDATE,
        /** A book snapshot (REST {@code /api/v3/depth} or a partial-depth stream): {@link #lastUpdateId}, levels. */
        DEPTH_SNAPSHOT,
        /** {@code trade}: {@link #tradeId}, {@link #price}, {@link #quantity}, {@link #buyerIsMaker}. */
        TRADE,
        /** {@code bookTicker}: {@link #lastUpdateId}, one level in each of {@link #bids} and {@link #asks}. */
        BOOK_TICKER,
        /** {@code serverShutdown}: reconnect. */
        SERVER_SHUTDOWN,
        /** A reply to a request: {@link #requestId}, {@link #errorCode} (0 = success), {@link #errorMessage}. */
        RESPONSE,
        /** A message type xgate does not use (e.g. {@code aggTrade}); skipped. */
        IGNORED
    }

    /** An empty message, for a scanner or decoder to fill. */
    public BinanceMessage() {
    }

    Kind kind;
    Instrument instrument;
    long eventTimeNanos;
    long firstUpdateId;
    long lastUpdateId;
    final LevelBuffer bids = new LevelBuffer();
    final LevelBuffer asks = new LevelBuffer();
    /** The scanner's levels, (price, size) pairs, bids first, the first {@link #levelCount} pairs of the scanner's
     *  own buffer (valid until its next frame); {@code null} when the decoder filled {@link #bids} and
     *  {@link #asks} instead. */
    long[] levels;
    int levelCount;
    int bidCount;
    /** The instrument's index in the connection's list when the scanner read the frame, else -1. */
    int index = -1;
    long tradeId;
    long price;
    long quantity;
    boolean buyerIsMaker;
    long tradeTimeNanos;
    long requestId;
    int errorCode;
    String errorMessage;

    void reset() {
        kind = null;
        instrument = null;
        eventTimeNanos = 0;
        firstUpdateId = -1;
        lastUpdateId = -1;
        bids.clear();
        asks.clear();
        levels = null;
        levelCount = 0;
        bidCount = 0;
        index = -1;
        tradeId = -1;
        price = 0;
        quantity = 0;
        buyerIsMaker = false;
        tradeTimeNanos = 0;
        requestId = -1;
        errorCode = 0;
        errorMessage = null;
    }

    public Kind kind() {
        return kind;
    }

    /** The instrument the frame is about, or {@code null} (responses, shutdown). */
    public Instrument instrument() {
        return instrument;
    }

    public long eventTimeNanos() {
        return eventTimeNanos;
    }

    /** Binance {@code U}. */
    public long firstUpdateId() {
        return firstUpdateId;
    }

    /** Binance {@code u}, or a snapshot's {@code lastUpdateId}. */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    /**
     * Both sides as one new exact-size array of (price, size) pairs, bids first (for a snapshot's
     * {@code BookUpdate} to own, and for tests); a delta's levels go into a {@link io.xgate.venue.LevelSlab} with
     * {@link #copyLevelsTo} instead.
     */
    public long[] levels() {
        long[] out = new long[2 * levelCount()];
        copyLevelsTo(out, 0);
        return out;
    }

    /** How many levels the message carries, bids and asks together. */
    public int levelCount() {
        return levels != null ? levelCount : bids.count() + asks.count();
    }

    /** Copies the levels, bids then asks, as (price, size) pairs into {@code dst} from index {@code at}. */
    public void copyLevelsTo(long[] dst, int at) {
        if (levels != null) {
            System.arraycopy(levels, 0, dst, at, 2 * levelCount);
        } else {
            asks.copyTo(dst, bids.copyTo(dst, at));
        }
    }

    /** How many of the levels are bids. */
    public int bidCount() {
        return levels != null ? bidCount : bids.count();
    }

    /** The decoder's bids (empty when the scanner read the frame: see {@link #levels()}). */
    public LevelBuffer bids() {
        return bids;
    }

    public LevelBuffer asks() {
        return asks;
    }

    public long tradeId() {
        return tradeId;
    }

    public long price() {
        return price;
    }

    public long quantity() {
        return quantity;
    }

    /** Binance {@code m}: the buyer was the maker, so the aggressor sold. */
    public boolean buyerIsMaker() {
        return buyerIsMaker;
    }

    public long tradeTimeNanos() {
        return tradeTimeNanos;
    }

    public long requestId() {
        return requestId;
    }

    public int errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }
}
