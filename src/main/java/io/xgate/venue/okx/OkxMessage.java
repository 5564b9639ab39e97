package io.xgate.venue.okx;

import io.xgate.config.Instrument;
import io.xgate.venue.LevelBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded OKX v5 public WebSocket frame (protocol reference 3.1): a reusable, mutable holder that
 * {@link OkxDecoder} refills per frame. Prices and sizes are mantissas at the instrument's scales, sizes as the
 * venue sends them (contracts for {@code SWAP} books, see {@link OkxContractSize}); times are epoch nanoseconds.
 */
public final class OkxMessage {

    /** What the frame was. */
    public enum Kind {
        /** {@code books} (or {@code books-l2-tbt}, {@code books50-l2-tbt}) with {@code action: snapshot}, or a
         * {@code books5} push (always a full 5-level snapshot). */
        BOOK_SNAPSHOT,
        /** {@code books} with {@code action: update}: levels to merge, {@link #prevSeqId()} to {@link #seqId()}. */
        BOOK_UPDATE,
        /** {@code bbo-tbt}: one level a side and a {@link #seqId()}, no checksum; the touch cross-check source. */
        BBO,
        /** {@code trades}: {@link #tradeCount()} trades. */
        TRADE,
        /** {@code event: subscribe}: the subscription of {@link #channel()} / {@link #instrument()} is on. */
        SUBSCRIBED,
        /** {@code event: unsubscribe}. */
        UNSUBSCRIBED,
        /** {@code event: login} ({@link #code()} {@code "0"} on success). */
        LOGIN,
        /** {@code event: error}: {@link #code()} and {@link #errorMessage()}. */
        ERROR,
        /** {@code event: notice}; code {@code 64008} is a service upgrade, see {@link #serviceUpgrade()}. */
        NOTICE,
        /** The literal text {@code pong}, the answer to the literal text {@code ping}. */
        PONG,
        /** A channel or event xgate does not use ({@code tickers}, {@code channel-conn-count}, ...); skipped. */
        IGNORED
    }

    /** The notice code that announces a service upgrade: the connection closes in about 60 s, reconnect. */
    public static final String SERVICE_UPGRADE = "64008";

    /** One trade of a {@code trades} push (one taker order, possibly several fills aggregated). */
    public static final class TradeEntry {
        long price;
        long size;
        boolean buy;
        long tradeId;
        int count;
        long timestampNanos;
        long seqId;

        public long price() {
            return price;
        }

        /** As the venue sends it: base units for SPOT, contracts for SWAP. */
        public long size() {
            return size;
        }

        /** Whether the taker bought ({@code side: buy}). */
        public boolean buy() {
            return buy;
        }

        /** The last trade id of the aggregated fills. */
        public long tradeId() {
            return tradeId;
        }

        /** How many fills were aggregated into this entry (1 if the venue did not say). */
        public int count() {
            return count;
        }

        public long timestampNanos() {
            return timestampNanos;
        }

        /** The trade's {@code seqId}, or -1. */
        public long seqId() {
            return seqId;
        }
    }

    Kind kind;
    /** The instrument's index in the scanner's list, or -1 (set by the scanner only). */
    int symbolIndex = -1;
    String channel;
    Instrument instrument;
    final LevelBuffer bids = new LevelBuffer();
    final LevelBuffer asks = new LevelBuffer();
    long timestampNanos;
    long checksum;
    long seqId;
    long prevSeqId;
    private final List<TradeEntry> tradePool = new ArrayList<>();
    int trades;
    String event;
    String code;
    String errorMessage;
    String connectionId;
    String requestId;

    void reset() {
        kind = null;
        symbolIndex = -1;
        channel = null;
        instrument = null;
        bids.clear();
        asks.clear();
        timestampNanos = 0;
        checksum = 0;
        seqId = -1;
        prevSeqId = -1;
        trades = 0;
        event = null;
        code = null;
        errorMessage = null;
        connectionId = null;
        requestId = null;
    }

    TradeEntry nextTrade() {
        if (trades == tradePool.size()) {
            tradePool.add(new TradeEntry());
        }
        TradeEntry t = tradePool.get(trades++);
        t.price = 0;
        t.size = 0;
        t.buy = false;
        t.tradeId = -1;
        t.count = 1;
        t.timestampNanos = 0;
        t.seqId = -1;
        return t;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The instrument's position in the list {@link OkxScanner} was built from, or -1 when the frame was decoded by the
     * Jackson decoder (which resolves the {@link #instrument()} only).
     */
    public int symbolIndex() {
        return symbolIndex;
    }

    /** The {@code arg.channel} ({@code books}, {@code bbo-tbt}, {@code trades}, ...), or {@code null}. */
    public String channel() {
        return channel;
    }

    /** The instrument of {@code arg.instId}, or {@code null} (pong, notice, login, an error without arg). */
    public Instrument instrument() {
        return instrument;
    }

    public LevelBuffer bids() {
        return bids;
    }

    public LevelBuffer asks() {
        return asks;
    }

    /** The push's {@code ts}, epoch nanoseconds, or 0. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * The venue's signed CRC32 of its top 25 levels after this message, or 0 if none: since 2026 OKX sends 0,
     * which means "no checksum" (see {@link OkxChecksum#present(long)}).
     */
    public long checksum() {
        return checksum;
    }

    /** The book message's {@code seqId}, or -1. */
    public long seqId() {
        return seqId;
    }

    /** The book message's {@code prevSeqId} (-1 in a snapshot). */
    public long prevSeqId() {
        return prevSeqId;
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

    /** The {@code event} field ({@code subscribe}, {@code error}, {@code notice}, ...), or {@code null}. */
    public String event() {
        return event;
    }

    /** The event's {@code code} ({@code "60012"}, {@code "64008"}, ...), or {@code null}. */
    public String code() {
        return code;
    }

    /** The event's {@code msg}, or {@code null}. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The event's {@code connId}, or {@code null}. */
    public String connectionId() {
        return connectionId;
    }

    /** The request's {@code id} echoed back, or {@code null}. */
    public String requestId() {
        return requestId;
    }

    /** Whether this is the 64008 notice: the venue closes the connection soon for an upgrade. */
    public boolean serviceUpgrade() {
        return kind == Kind.NOTICE && SERVICE_UPGRADE.equals(code);
    }
}
