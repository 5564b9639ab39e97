package io.xgate.venue.kraken;

import io.xgate.config.Instrument;
import io.xgate.venue.LevelBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded Kraken WebSocket v2 frame: a reusable holder that {@link KrakenDecoder} refills per frame.
 * Prices and sizes are mantissas at the instrument's scales; times are epoch nanoseconds.
 */
public final class KrakenMessage {

    /** What the frame was. */
    public enum Kind {
        /** {@code book} snapshot: {@link #books()}. */
        BOOK_SNAPSHOT,
        /** {@code book} update: {@link #books()}. */
        BOOK_UPDATE,
        /** {@code trade} snapshot or update: {@link #trades()}. */
        TRADE,
        /** {@code ticker}: {@link #books()} with one best level per side. */
        TICKER,
        /** {@code heartbeat}. */
        HEARTBEAT,
        /** {@code status}. */
        STATUS,
        /** {@code instrument}: pairs' precisions and increments; rare, parsed by the protocol from the frame. */
        INSTRUMENT,
        /** A reply to a request ({@code subscribe}, {@code pong}, ...): {@link #method()}, {@link #success()}. */
        RESPONSE,
        /** A channel xgate does not use; skipped. */
        IGNORED
    }

    /** One symbol's levels in a book or ticker message. */
    public static final class Book {
        Instrument instrument;
        final LevelBuffer bids = new LevelBuffer();
        final LevelBuffer asks = new LevelBuffer();
        long checksum;
        long timestampNanos;

        public Instrument instrument() {
            return instrument;
        }

        public LevelBuffer bids() {
            return bids;
        }

        public LevelBuffer asks() {
            return asks;
        }

        /** The unsigned CRC32 the venue computed after this message, or -1 if none was sent. */
        public long checksum() {
            return checksum;
        }

        public long timestampNanos() {
            return timestampNanos;
        }
    }

    /** One trade. */
    public static final class TradeEntry {
        Instrument instrument;
        boolean buy;
        long price;
        long quantity;
        long tradeId;
        long timestampNanos;

        public Instrument instrument() {
            return instrument;
        }

        /** Whether the aggressor bought. */
        public boolean buy() {
            return buy;
        }

        public long price() {
            return price;
        }

        public long quantity() {
            return quantity;
        }

        public long tradeId() {
            return tradeId;
        }

        public long timestampNanos() {
            return timestampNanos;
        }
    }

    Kind kind;
    private final List<Book> bookPool = new ArrayList<>();
    private final List<TradeEntry> tradePool = new ArrayList<>();
    int books;
    int trades;
    String method;
    boolean success;
    String error;
    long requestId = -1;

    void reset() {
        kind = null;
        books = 0;
        trades = 0;
        method = null;
        success = false;
        error = null;
        requestId = -1;
    }

    Book nextBook() {
        if (books == bookPool.size()) {
            bookPool.add(new Book());
        }
        Book b = bookPool.get(books++);
        b.instrument = null;
        b.bids.clear();
        b.asks.clear();
        b.checksum = -1;
        b.timestampNanos = 0;
        return b;
    }

    TradeEntry nextTrade() {
        if (trades == tradePool.size()) {
            tradePool.add(new TradeEntry());
        }
        TradeEntry t = tradePool.get(trades++);
        t.instrument = null;
        t.buy = false;
        t.price = 0;
        t.quantity = 0;
        t.tradeId = -1;
        t.timestampNanos = 0;
        return t;
    }

    public Kind kind() {
        return kind;
    }

    public int bookCount() {
        return books;
    }

    public Book book(int i) {
        return bookPool.get(i);
    }

    public int tradeCount() {
        return trades;
    }

    public TradeEntry trade(int i) {
        return tradePool.get(i);
    }

    /** For {@link Kind#RESPONSE}: {@code subscribe}, {@code pong}, ... */
    public String method() {
        return method;
    }

    public boolean success() {
        return success;
    }

    /** For a failed request, the venue's error text. */
    public String error() {
        return error;
    }

    /** The request's {@code req_id}, or -1. */
    public long requestId() {
        return requestId;
    }
}
