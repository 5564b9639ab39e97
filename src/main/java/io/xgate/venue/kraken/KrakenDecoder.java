package io.xgate.venue.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.xgate.config.Instrument;
import io.xgate.num.DecimalParseException;
import io.xgate.num.Decimals;
import io.xgate.venue.FrameException;
import io.xgate.venue.KnownWords;
import io.xgate.venue.FrameParser;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.Rfc3339;
import io.xgate.venue.SymbolTable;
import java.io.IOException;

/**
 * Decodes Kraken Spot WebSocket v2 frames (protocol reference 2.1) from their bytes with Jackson's streaming
 * parser into a reused {@link KrakenMessage}. Prices and quantities are JSON numbers in v2; they are read from
 * the parser's character buffer straight into mantissas at the instrument's precision, never through a
 * {@code double}.
 *
 * <p>Not thread-safe: one decoder per venue connection.
 */
public final class KrakenDecoder {

    private final SymbolTable symbols;
    private final KrakenMessage m = new KrakenMessage();
    private final FrameParser frames = new FrameParser();
    private String channel;
    private String type;

    /** A decoder for a venue's instruments (keyed by Kraken's {@code BTC/USD} symbols). */
    public KrakenDecoder(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * Decodes one frame.
     *
     * @throws FrameException if the frame is malformed, of the wrong types, or about an unknown symbol
     */
    public KrakenMessage decode(byte[] frame, int offset, int length) {
        // channel and type normally precede data; if not, the first pass learns them and a second one decodes
        String knownChannel = null;
        String knownType = null;
        for (int pass = 0; pass < 2; pass++) {
            m.reset();
            channel = knownChannel;
            type = knownType;
            boolean deferred = false;
            try {
                JsonParser p = frames.begin(frame, offset, length);
                if (FrameParser.next(p) != JsonToken.START_OBJECT) {
                    throw new FrameException(null, "expected a JSON object");
                }
                while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = FrameParser.next(p);
                    switch (name) {
                        case "channel":
                            channel = text(p, t, name);
                            break;
                        case "type":
                            type = text(p, t, name);
                            break;
                        case "data":
                            if (channel == null) {
                                deferred = true;
                                p.skipChildren();
                            } else {
                                data(p, t);
                            }
                            break;
                        case "method":
                            m.method = text(p, t, name);
                            break;
                        case "success":
                            m.success = t == JsonToken.VALUE_TRUE;
                            break;
                        case "error":
                            m.error = t == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        case "req_id":
                            m.requestId = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                if (!frames.end()) {
                    throw new FrameException(null, "trailing data after the JSON object");
                }
            } catch (JsonProcessingException e) {
                frames.reset();
                throw new FrameException(null, "malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                frames.reset();
                throw new FrameException(null, "unreadable frame: " + e);
            } catch (RuntimeException e) {
                frames.reset();
                throw e;
            }
            if (!deferred) {
                return finish();
            }
            knownChannel = channel;
            knownType = type;
        }
        throw new FrameException(null, "data without a channel");
    }

    private KrakenMessage finish() {
        if (m.method != null) {
            m.kind = KrakenMessage.Kind.RESPONSE;
        } else if (channel == null) {
            throw new FrameException(null, "neither a channel message nor a response");
        } else {
            switch (channel) {
                case "book":
                    if ("snapshot".equals(type)) {
                        m.kind = KrakenMessage.Kind.BOOK_SNAPSHOT;
                    } else if ("update".equals(type)) {
                        m.kind = KrakenMessage.Kind.BOOK_UPDATE;
                    } else {
                        throw new FrameException(null, "book message of unknown type '" + type + "'");
                    }
                    break;
                case "trade":
                    m.kind = KrakenMessage.Kind.TRADE;
                    break;
                case "ticker":
                    m.kind = KrakenMessage.Kind.TICKER;
                    break;
                case "heartbeat":
                    m.kind = KrakenMessage.Kind.HEARTBEAT;
                    break;
                case "status":
                    m.kind = KrakenMessage.Kind.STATUS;
                    break;
                case "instrument":
                    m.kind = KrakenMessage.Kind.INSTRUMENT;
                    break;
                default:
                    m.kind = KrakenMessage.Kind.IGNORED;
            }
        }
        return m;
    }

    private void data(JsonParser p, JsonToken t) throws IOException {
        boolean book = "book".equals(channel);
        boolean trade = "trade".equals(channel);
        boolean ticker = "ticker".equals(channel);
        if (!book && !trade && !ticker) {
            p.skipChildren(); // status, instrument, ...: not needed on the hot path
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new FrameException(null, channel + ": data must be a list");
        }
        while ((t = FrameParser.next(p)) == JsonToken.START_OBJECT) {
            if (trade) {
                tradeEntry(p);
            } else {
                bookEntry(p, ticker);
            }
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(null, channel + ": data must be a list of objects");
        }
    }

    private void bookEntry(JsonParser p, boolean ticker) throws IOException {
        KrakenMessage.Book b = m.nextBook();
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "symbol":
                    b.instrument = instrument(p, t);
                    break;
                case "bids":
                    levels(p, t, b, b.bids, name);
                    break;
                case "asks":
                    levels(p, t, b, b.asks, name);
                    break;
                case "checksum":
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw new FrameException(symbol(b), "checksum: expected an integer");
                    }
                    b.checksum = p.getLongValue() & 0xffffffffL;
                    break;
                case "timestamp":
                    b.timestampNanos = timestamp(p, t, b.instrument);
                    break;
                case "bid":
                    tickerQuote(p, t, b, b.bids, true, name);
                    break;
                case "bid_qty":
                    tickerQuote(p, t, b, b.bids, false, name);
                    break;
                case "ask":
                    tickerQuote(p, t, b, b.asks, true, name);
                    break;
                case "ask_qty":
                    tickerQuote(p, t, b, b.asks, false, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (b.instrument == null) {
            throw new FrameException(null, channel + " entry without a symbol");
        }
        if (ticker && (b.bids.count() != 1 || b.asks.count() != 1)) {
            throw new FrameException(symbol(b), "ticker without bid, bid_qty, ask and ask_qty");
        }
    }

    /** {@code [{"price": 0.5666, "qty": 4831.75496356}, ...]} */
    private void levels(JsonParser p, JsonToken t, KrakenMessage.Book b, LevelBuffer out, String field)
            throws IOException {
        if (b.instrument == null) {
            throw new FrameException(null, field + " before symbol");
        }
        if (t != JsonToken.START_ARRAY) {
            throw new FrameException(symbol(b), field + ": expected a list of levels");
        }
        final int ps = b.instrument.priceScale();
        final int ss = b.instrument.sizeScale();
        // constant labels: building them per level would allocate on the hot path
        final String priceField = out == b.bids ? "bids.price" : "asks.price";
        final String qtyField = out == b.bids ? "bids.qty" : "asks.qty";
        while ((t = FrameParser.next(p)) == JsonToken.START_OBJECT) {
            long price = -1;
            long qty = -1;
            while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = FrameParser.next(p);
                if ("price".equals(name)) {
                    price = decimal(p, v, ps, b, priceField);
                } else if ("qty".equals(name)) {
                    qty = decimal(p, v, ss, b, qtyField);
                } else {
                    p.skipChildren();
                }
            }
            if (price < 0 || qty < 0) {
                throw new FrameException(symbol(b), field + ": a level needs a price and a qty, both >= 0");
            }
            out.add(price, qty);
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(symbol(b), field + ": expected a list of levels");
        }
    }

    private void tickerQuote(JsonParser p, JsonToken t, KrakenMessage.Book b, LevelBuffer out, boolean isPrice,
                             String field) throws IOException {
        if (b.instrument == null) {
            throw new FrameException(null, field + " before symbol");
        }
        long v = decimal(p, t, isPrice ? b.instrument.priceScale() : b.instrument.sizeScale(), b, field);
        long price = out.count() == 0 ? 0 : out.price(0);
        long size = out.count() == 0 ? 0 : out.size(0);
        out.clear();
        out.add(isPrice ? v : price, isPrice ? size : v);
    }

    private void tradeEntry(JsonParser p) throws IOException {
        KrakenMessage.TradeEntry e = m.nextTrade();
        String side = null;
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "symbol":
                    e.instrument = instrument(p, t);
                    break;
                case "side":
                    side = text(p, t, name);
                    break;
                case "price":
                    e.price = tradeDecimal(p, t, e, true);
                    break;
                case "qty":
                    e.quantity = tradeDecimal(p, t, e, false);
                    break;
                case "trade_id":
                    e.tradeId = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    break;
                case "timestamp":
                    e.timestampNanos = timestamp(p, t, e.instrument);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (e.instrument == null || side == null) {
            throw new FrameException(e.instrument == null ? null : e.instrument.venueSymbol(),
                    "trade without symbol or side");
        }
        e.buy = "buy".equals(side);
    }

    private long tradeDecimal(JsonParser p, JsonToken t, KrakenMessage.TradeEntry e, boolean isPrice)
            throws IOException {
        if (e.instrument == null) {
            throw new FrameException(null, "trade price or qty before symbol");
        }
        try {
            checkNumber(t, e.instrument.venueSymbol(), isPrice ? "price" : "qty");
            return Decimals.parse(p, isPrice ? e.instrument.priceScale() : e.instrument.sizeScale());
        } catch (DecimalParseException ex) {
            throw new FrameException(e.instrument.venueSymbol(), "trade " + (isPrice ? "price" : "qty") + ": "
                    + ex.getMessage());
        }
    }

    private long decimal(JsonParser p, JsonToken t, int scale, KrakenMessage.Book b, String field)
            throws IOException {
        checkNumber(t, symbol(b), field);
        try {
            return Decimals.parse(p, scale);
        } catch (DecimalParseException e) {
            throw new FrameException(symbol(b), field + ": " + e.getMessage());
        }
    }

    private static void checkNumber(JsonToken t, String symbol, String field) {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol, field + ": expected a number");
        }
    }

    private Instrument instrument(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(null, "symbol: expected a string");
        }
        Instrument i = symbols.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (i == null) {
            throw new FrameException(p.getText(), "unknown symbol '" + p.getText() + "'");
        }
        return i;
    }

    private static long timestamp(JsonParser p, JsonToken t, Instrument i) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(i == null ? null : i.venueSymbol(), "timestamp: expected a string");
        }
        try {
            return Rfc3339.parseNanos(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } catch (IllegalArgumentException e) {
            throw new FrameException(i == null ? null : i.venueSymbol(), "timestamp: " + e.getMessage());
        }
    }

    /** Names Kraken uses for channels, message types, methods and sides: matched without allocating. */
    private static final KnownWords KNOWN = new KnownWords(
            "book", "trade", "ticker", "heartbeat", "status", "instrument", "snapshot", "update", "subscribe",
            "unsubscribe", "pong", "buy", "sell");

    /** The string value, as one of the {@link #KNOWN} words when it is one (no allocation then). */
    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(null, field + ": expected a string");
        }
        return KNOWN.of(p);
    }

    private static String symbol(KrakenMessage.Book b) {
        return b.instrument == null ? null : b.instrument.venueSymbol();
    }
}
