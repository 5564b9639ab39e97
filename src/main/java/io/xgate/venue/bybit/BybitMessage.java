package io.xgate.venue.bybit;

import io.xgate.config.Instrument;
import io.xgate.venue.LevelBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded Bybit v5 public WebSocket frame (protocol reference 4.1): a reusable, mutable holder that
 * {@link BybitDecoder} refills per frame. Prices and sizes are mantissas at the instrument's scales; times are
 * epoch nanoseconds.
 */
public final class BybitMessage {

    /** What the frame was. */
    public enum Kind {
        /** {@code orderbook.{depth}} with {@code type: snapshot} (depth above 1): replace the book. */
        BOOK_SNAPSHOT,
        /** {@code orderbook.{depth}} with {@code type: delta}: size 0 deletes, other sizes set the level. */
        BOOK_DELTA,
        /**
         * {@code orderbook.1}: the best bid and ask (snapshot-only, re-sent with the same {@code u} after 3 s
         * without change); the touch to cross-check with the deeper book at the same {@link #seq()} (4.2).
         */
        TOUCH,
        /** {@code publicTrade}: {@link #tradeCount()} trades. */
        TRADE,
        /** A reply to {@code subscribe}, {@code unsubscribe}, {@code auth}: {@link #op()}, {@link #success()}. */
        RESPONSE,
        /** A reply to {@code ping}, in any of the four shapes of 4.1 (spot, linear/inverse, option, private). */
        PONG,
        /** A topic xgate does not use ({@code tickers}, ...); skipped. */
        IGNORED
    }

    /** One trade of a {@code publicTrade} push. */
    public static final class TradeEntry {
        long price;
        long size;
        boolean buy;
        String tradeId;
        long timestampNanos;
        long seq;
        boolean blockTrade;

        public long price() {
            return price;
        }

        public long size() {
            return size;
        }

        /** Whether the taker bought ({@code S: Buy}). */
        public boolean buy() {
            return buy;
        }

        /** The venue's trade id {@code i} (a UUID for spot); the one string made per trade. */
        public String tradeId() {
            return tradeId;
        }

        /** {@code T}, the fill time. */
        public long timestampNanos() {
            return timestampNanos;
        }

        /** The trade's cross sequence {@code seq}, or -1. */
        public long seq() {
            return seq;
        }

        /** {@code BT}: a block trade. */
        public boolean blockTrade() {
            return blockTrade;
        }
    }

    Kind kind;
    /** The instrument's index in the scanner's list, or -1 (set by the scanner only). */
    int symbolIndex = -1;
    Instrument instrument;
    int depth;
    final LevelBuffer bids = new LevelBuffer();
    final LevelBuffer asks = new LevelBuffer();
    long updateId;
    long seq;
    long timestampNanos;
    long matchingEngineNanos;
    private final List<TradeEntry> tradePool = new ArrayList<>();
    int trades;
    String op;
    boolean success;
    String returnMessage;
    String requestId;
    String connectionId;

    void reset() {
        kind = null;
        symbolIndex = -1;
        instrument = null;
        depth = 0;
        bids.clear();
        asks.clear();
        updateId = -1;
        seq = -1;
        timestampNanos = 0;
        matchingEngineNanos = 0;
        trades = 0;
        op = null;
        success = false;
        returnMessage = null;
        requestId = null;
        connectionId = null;
    }

    TradeEntry nextTrade() {
        if (trades == tradePool.size()) {
            tradePool.add(new TradeEntry());
        }
        TradeEntry t = tradePool.get(trades++);
        t.price = 0;
        t.size = 0;
        t.buy = false;
        t.tradeId = null;
        t.timestampNanos = 0;
        t.seq = -1;
        t.blockTrade = false;
        return t;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The instrument's position in the list {@link BybitScanner} was built from, or -1 when the frame was decoded by the
     * Jackson decoder (which resolves the {@link #instrument()} only).
     */
    public int symbolIndex() {
        return symbolIndex;
    }

    /** The instrument of the topic, or {@code null} (responses, pongs, ignored topics). */
    public Instrument instrument() {
        return instrument;
    }

    /** The {@code depth} of an {@code orderbook.{depth}.{symbol}} topic, or 0. */
    public int depth() {
        return depth;
    }

    public LevelBuffer bids() {
        return bids;
    }

    public LevelBuffer asks() {
        return asks;
    }

    /** {@code data.u}, the book's update id ({@code 1} after a venue restart, see {@link BybitBookSync}), or -1. */
    public long updateId() {
        return updateId;
    }

    /** {@code data.seq}, the cross sequence shared by a symbol's depths, or -1. */
    public long seq() {
        return seq;
    }

    /** {@code ts}, when the system generated the push, or 0. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** {@code cts}, the matching engine's time of the book, or 0. */
    public long matchingEngineNanos() {
        return matchingEngineNanos;
    }

    public int tradeCount() {
        return trades;
    }

    public TradeEntry trade(int i) {
        if (i >= trades) {
            throw new IndexOutOfBoundsException("trade " + i + " of " + trades);
        }
        return tradePool.get(i);
    }

    /** The reply's {@code op} ({@code subscribe}, {@code ping}, {@code pong}, {@code auth}, ...), or {@code null}. */
    public String op() {
        return op;
    }

    /** The reply's {@code success} ({@code true} for option/private pongs, which carry none). */
    public boolean success() {
        return success;
    }

    /** The reply's {@code ret_msg} ({@code "pong"}, {@code "subscribe"}, an error text), or {@code null}. */
    public String returnMessage() {
        return returnMessage;
    }

    /** The reply's {@code req_id}, or {@code null}. */
    public String requestId() {
        return requestId;
    }

    /** The reply's {@code conn_id}, or {@code null}. */
    public String connectionId() {
        return connectionId;
    }
}
