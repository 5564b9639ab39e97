package io.xgate.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.xgate.config.Instrument;
import io.xgate.num.DecimalParseException;
import io.xgate.num.Decimals;
import io.xgate.venue.FrameException;
import io.xgate.venue.FrameParser;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.SymbolTable;
import java.io.IOException;

/**
 * Decodes Binance Spot market-data frames (raw or combined-stream, see the protocol reference 1.1) and REST
 * depth snapshots from their bytes with Jackson's streaming parser, into a reused {@link BinanceMessage}.
 * Levels go straight from the parser's buffer into mantissas; symbols are looked up without building strings.
 *
 * <p>Field order is not relied on: if levels come before the symbol, the frame is parsed a second time once the
 * symbol is known. Not thread-safe: one decoder per venue connection.
 */
public final class BinanceDecoder {

    private static final char[] DEPTH_UPDATE = "depthUpdate".toCharArray();
    private static final char[] TRADE = "trade".toCharArray();
    private static final char[] SERVER_SHUTDOWN = "serverShutdown".toCharArray();

    private final SymbolTable symbols;
    private final BinanceMessage m = new BinanceMessage();
    private final FrameParser frames = new FrameParser();
    /** Levels or prices were met before the symbol: parse again once it is known. */
    private boolean deferred;
    private boolean sawEventType;
    private boolean sawBookTickerFields;
    private boolean sawSnapshotFields;
    private boolean sawResponseFields;

    /** A decoder for a venue's instruments. */
    public BinanceDecoder(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * Decodes one WebSocket frame.
     *
     * @throws FrameException if the frame is malformed, of the wrong types, or about an unknown symbol
     */
    public BinanceMessage decode(byte[] frame, int offset, int length) {
        for (int pass = 0; pass < 2; pass++) {
            Instrument known = m.instrument;
            begin(pass == 0 ? null : known);
            try {
                JsonParser p = frames.begin(frame, offset, length);
                if (FrameParser.next(p) != JsonToken.START_OBJECT) {
                    throw new FrameException(null, "expected a JSON object");
                }
                parseTopLevel(p);
                if (!frames.end()) {
                    throw new FrameException(symbolText(), "trailing data after the JSON object");
                }
            } catch (IOException e) {
                frames.reset();
                throw new FrameException(symbolText(), "malformed JSON: " + jsonError(e));
            } catch (RuntimeException e) {
                frames.reset();
                throw e;
            }
            if (!deferred) {
                return finish();
            }
            if (m.instrument == null) {
                break;
            }
        }
        throw new FrameException(null, "levels without a known symbol");
    }

    /** Decodes a REST {@code GET /api/v3/depth} body for a known instrument. */
    public BinanceMessage decodeSnapshot(byte[] body, int offset, int length, Instrument instrument) {
        begin(instrument);
        try {
            JsonParser p = frames.begin(body, offset, length);
            if (FrameParser.next(p) != JsonToken.START_OBJECT) {
                throw new FrameException(instrument.venueSymbol(), "depth snapshot: expected a JSON object");
            }
            parsePayload(p);
            if (!frames.end()) {
                throw new FrameException(instrument.venueSymbol(), "depth snapshot: trailing data");
            }
        } catch (IOException e) {
            frames.reset();
            throw new FrameException(instrument.venueSymbol(), "depth snapshot: malformed JSON: " + jsonError(e));
        } catch (RuntimeException e) {
            frames.reset();
            throw e;
        }
        if (!sawSnapshotFields || m.lastUpdateId < 0) {
            throw new FrameException(instrument.venueSymbol(), "depth snapshot without lastUpdateId");
        }
        m.kind = BinanceMessage.Kind.DEPTH_SNAPSHOT;
        return m;
    }

    private void begin(Instrument preset) {
        m.reset();
        m.instrument = preset;
        deferred = false;
        sawEventType = false;
        sawBookTickerFields = false;
        sawSnapshotFields = false;
        sawResponseFields = false;
    }

    private BinanceMessage finish() {
        if (m.kind == null) {
            if (sawSnapshotFields) {
                m.kind = BinanceMessage.Kind.DEPTH_SNAPSHOT;
            } else if (sawBookTickerFields) {
                m.kind = BinanceMessage.Kind.BOOK_TICKER;
            } else if (sawResponseFields) {
                m.kind = BinanceMessage.Kind.RESPONSE;
            } else {
                m.kind = BinanceMessage.Kind.IGNORED;
            }
        }
        BinanceMessage.Kind k = m.kind;
        if ((k == BinanceMessage.Kind.DEPTH_UPDATE || k == BinanceMessage.Kind.TRADE
                || k == BinanceMessage.Kind.BOOK_TICKER || k == BinanceMessage.Kind.DEPTH_SNAPSHOT)
                && m.instrument == null) {
            throw new FrameException(null, k + " without a symbol");
        }
        if (k == BinanceMessage.Kind.DEPTH_UPDATE && (m.firstUpdateId < 0 || m.lastUpdateId < m.firstUpdateId)) {
            throw new FrameException(symbolText(), "depthUpdate with bad update ids U=" + m.firstUpdateId + " u="
                    + m.lastUpdateId);
        }
        if (k == BinanceMessage.Kind.BOOK_TICKER && (m.bids.count() != 1 || m.asks.count() != 1)) {
            throw new FrameException(symbolText(), "bookTicker without b/B/a/A");
        }
        return m;
    }

    private void parseTopLevel(JsonParser p) throws IOException {
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            if ("stream".equals(name) && t == JsonToken.VALUE_STRING) {
                streamName(p);
            } else if ("data".equals(name) && t == JsonToken.START_OBJECT) {
                parsePayload(p);
            } else {
                payloadField(name, t, p);
            }
        }
    }

    /** {@code btcusdt@depth@100ms}: the part before '@' names the symbol (partial depth has no 's'). */
    private void streamName(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        int at = 0;
        while (at < len && c[off + at] != '@') {
            at++;
        }
        if (m.instrument == null && at > 0 && c[off] != '!') {
            m.instrument = symbols.find(c, off, at);
            if (m.instrument == null) {
                throw new FrameException(new String(c, off, at), "stream for an unknown symbol");
            }
        }
    }

    private void parsePayload(JsonParser p) throws IOException {
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            payloadField(name, FrameParser.next(p), p);
        }
    }

    private void payloadField(String name, JsonToken t, JsonParser p) throws IOException {
        switch (name) {
            case "e":
                sawEventType = true;
                m.kind = eventKind(p);
                break;
            case "E":
                m.eventTimeNanos = number(p, t, name) * 1_000_000L;
                break;
            case "s":
                symbol(p, t);
                break;
            case "U":
                m.firstUpdateId = number(p, t, name);
                break;
            case "u":
                m.lastUpdateId = number(p, t, name);
                break;
            case "lastUpdateId":
                sawSnapshotFields = true;
                m.lastUpdateId = number(p, t, name);
                break;
            case "b":
            case "bids":
                if (t == JsonToken.START_ARRAY) {
                    levels(p, m.bids, name);
                } else {
                    sawBookTickerFields = true;
                    quote(p, t, m.bids, true, name);
                }
                break;
            case "a":
            case "asks":
                if (t == JsonToken.START_ARRAY) {
                    levels(p, m.asks, name);
                } else {
                    sawBookTickerFields = true;
                    quote(p, t, m.asks, true, name);
                }
                break;
            case "B":
                quote(p, t, m.bids, false, name);
                break;
            case "A":
                quote(p, t, m.asks, false, name);
                break;
            case "t":
                m.tradeId = number(p, t, name);
                break;
            case "p":
                m.price = decimal(p, t, name, true);
                break;
            case "q":
                m.quantity = decimal(p, t, name, false);
                break;
            case "m":
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw new FrameException(symbolText(), "field m: expected a boolean");
                }
                m.buyerIsMaker = t == JsonToken.VALUE_TRUE;
                break;
            case "T":
                m.tradeTimeNanos = number(p, t, name) * 1_000_000L;
                break;
            case "id":
                sawResponseFields = true;
                m.requestId = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                break;
            case "result":
                sawResponseFields = true;
                p.skipChildren();
                break;
            case "code":
                sawResponseFields = true;
                m.errorCode = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                break;
            case "msg":
                sawResponseFields = true;
                m.errorMessage = t == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(t);
                break;
            default:
                p.skipChildren(); // fields xgate does not use (M, f, l, ...)
        }
    }

    private BinanceMessage.Kind eventKind(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new FrameException(symbolText(), "field e: expected a string");
        }
        if (textIs(p, DEPTH_UPDATE)) {
            return BinanceMessage.Kind.DEPTH_UPDATE;
        }
        if (textIs(p, TRADE)) {
            return BinanceMessage.Kind.TRADE;
        }
        if (textIs(p, SERVER_SHUTDOWN)) {
            return BinanceMessage.Kind.SERVER_SHUTDOWN;
        }
        return BinanceMessage.Kind.IGNORED;
    }

    private void symbol(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(null, "field s: expected a string");
        }
        Instrument i = symbols.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (i == null) {
            throw new FrameException(p.getText(), "unknown symbol '" + p.getText() + "'");
        }
        if (m.instrument != null && m.instrument != i) {
            throw new FrameException(p.getText(), "symbol '" + p.getText() + "' does not match the stream's");
        }
        m.instrument = i;
    }

    /** {@code [["price", "qty"], ...]} into {@code out}. */
    private void levels(JsonParser p, LevelBuffer out, String field) throws IOException {
        Instrument i = m.instrument;
        if (i == null) {
            deferred = true;
            p.skipChildren();
            return;
        }
        final int ps = i.priceScale();
        final int ss = i.sizeScale();
        JsonToken t;
        while ((t = FrameParser.next(p)) == JsonToken.START_ARRAY) {
            FrameParser.next(p);
            long price = level(p, ps, field, "price");
            FrameParser.next(p);
            long size = level(p, ss, field, "quantity");
            if (FrameParser.next(p) != JsonToken.END_ARRAY) {
                throw new FrameException(symbolText(), field + ": a level must be [price, quantity]");
            }
            out.add(price, size);
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(symbolText(), field + ": expected a list of [price, quantity]");
        }
    }

    private long level(JsonParser p, int scale, String field, String what) throws IOException {
        try {
            long v = Decimals.parse(p, scale);
            if (v < 0) {
                throw new FrameException(symbolText(), field + ": negative " + what);
            }
            return v;
        } catch (DecimalParseException e) {
            throw new FrameException(symbolText(), field + ": bad " + what + ": " + e.getMessage());
        }
    }

    /** One bookTicker quote: {@code b}/{@code a} are prices, {@code B}/{@code A} quantities. */
    private void quote(JsonParser p, JsonToken t, LevelBuffer out, boolean isPrice, String field)
            throws IOException {
        if (m.instrument == null) {
            deferred = true;
            p.skipChildren();
            return;
        }
        long v = decimal(p, t, field, isPrice);
        if (out.count() == 0) {
            out.add(isPrice ? v : 0, isPrice ? 0 : v);
        } else {
            // the pair's other half came first: rebuild the single level
            long price = isPrice ? v : out.price(0);
            long size = isPrice ? out.size(0) : v;
            out.clear();
            out.add(price, size);
        }
    }

    private long decimal(JsonParser p, JsonToken t, String field, boolean isPrice) throws IOException {
        Instrument i = m.instrument;
        if (i == null) {
            deferred = true;
            return 0;
        }
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new FrameException(symbolText(), "field " + field + ": expected a decimal");
        }
        try {
            return Decimals.parse(p, isPrice ? i.priceScale() : i.sizeScale());
        } catch (DecimalParseException e) {
            throw new FrameException(symbolText(), "field " + field + ": " + e.getMessage());
        }
    }

    private long number(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new FrameException(symbolText(), "field " + field + ": expected an integer");
        }
        return p.getLongValue();
    }

    private static boolean textIs(JsonParser p, char[] expected) throws IOException {
        int len = p.getTextLength();
        if (len != expected.length) {
            return false;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        for (int i = 0; i < len; i++) {
            if (c[off + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The message both this decoder and the connection's scanner fill. */
    BinanceMessage message() {
        return m;
    }

    /** The instrument with this venue symbol, or {@code null} (used to resync after a bad frame). */
    public Instrument instrumentOf(String venueSymbol) {
        return symbols.find(venueSymbol);
    }

    static String jsonError(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    }

    private String symbolText() {
        return m.instrument == null ? null : m.instrument.venueSymbol();
    }
}
