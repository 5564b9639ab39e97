package io.xgate.venue.bybit;

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
import io.xgate.venue.SymbolTable;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes Bybit v5 public WebSocket frames (protocol reference 4.1, 4.2) from their bytes with Jackson's streaming
 * parser into a reused {@link BybitMessage}: {@code orderbook.{depth}.{symbol}} snapshots and deltas
 * ({@code data.s/b/a/u/seq}, {@code ts}, {@code cts}), {@code orderbook.1.{symbol}} as the venue's touch,
 * {@code publicTrade.{symbol}}, the replies to {@code subscribe}/{@code unsubscribe}/{@code auth}, and the four
 * pong shapes (spot and linear answer {@code op: ping} with {@code ret_msg: pong}; option and private answer
 * {@code op: pong}).
 *
 * <p>Levels are {@code [price, size]} strings, read from the parser's buffer straight into mantissas at the
 * instrument's scales; the symbol is taken from the topic without building a string and checked against
 * {@code data.s}. Field order is not relied on (Bybit itself varies where {@code ts} and {@code type} go): if
 * {@code data} precedes {@code topic}, the frame is parsed a second time. Not thread-safe: one decoder per
 * venue connection.
 */
public final class BybitDecoder {

    private static final char[] ORDERBOOK = "orderbook.".toCharArray();
    private static final char[] PUBLIC_TRADE = "publicTrade.".toCharArray();

    /** What a topic names. */
    private enum Topic { BOOK, TRADE, OTHER }

    private final SymbolTable symbols;
    private final BybitMessage m = new BybitMessage();
    private final FrameParser frames = new FrameParser();
    private Topic topic;
    private String type;
    private boolean sawData;
    private boolean sawSuccess;

    /** A decoder for a venue's instruments, keyed by Bybit's {@code BTCUSDT} symbols. */
    public BybitDecoder(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * Decodes one frame.
     *
     * @throws FrameException if the frame is malformed, of the wrong types, or about an unknown symbol
     */
    public BybitMessage decode(byte[] frame, int offset, int length) {
        Topic knownTopic = null;
        Instrument knownInstrument = null;
        int knownDepth = 0;
        for (int pass = 0; pass < 2; pass++) {
            m.reset();
            m.instrument = knownInstrument;
            m.depth = knownDepth;
            topic = knownTopic;
            type = null;
            sawData = false;
            sawSuccess = false;
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
                        case "topic":
                            topic(p, t);
                            break;
                        case "type":
                            type = text(p, t, name);
                            break;
                        case "ts":
                            m.timestampNanos = millis(p, t, name);
                            break;
                        case "cts":
                            m.matchingEngineNanos = millis(p, t, name);
                            break;
                        case "data":
                            sawData = true;
                            if (topic == null) {
                                deferred = true;
                                p.skipChildren();
                            } else {
                                data(p, t);
                            }
                            break;
                        case "op":
                            m.op = text(p, t, name);
                            break;
                        case "success":
                            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                                throw new FrameException(null, "success: expected a boolean");
                            }
                            sawSuccess = true;
                            m.success = t == JsonToken.VALUE_TRUE;
                            break;
                        case "ret_msg":
                            m.returnMessage = text(p, t, name);
                            break;
                        case "req_id":
                            m.requestId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        case "conn_id":
                            m.connectionId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                if (!frames.end()) {
                    throw new FrameException(symbol(), "trailing data after the JSON object");
                }
            } catch (JsonProcessingException e) {
                frames.reset();
                throw new FrameException(symbol(), "malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                frames.reset();
                throw new FrameException(symbol(), "unreadable frame: " + e);
            } catch (FrameException e) {
                frames.reset();
                // a cut-short frame is reported by the shared parser, which does not know the symbol
                throw e.symbol() == null && m.instrument != null ? new FrameException(symbol(), e.getMessage()) : e;
            } catch (RuntimeException e) {
                frames.reset();
                throw e;
            }
            if (!deferred || topic == null || topic == Topic.OTHER) {
                return finish();
            }
            knownTopic = topic;
            knownInstrument = m.instrument;
            knownDepth = m.depth;
        }
        throw new IllegalStateException("unreachable: the second pass knows the topic");
    }

    private BybitMessage finish() {
        if (topic == null) {
            if (m.op == null) {
                throw new FrameException(null, "neither a topic push nor a reply (no topic, no op)");
            }
            if ("pong".equals(m.op) || ("ping".equals(m.op) && "pong".equals(m.returnMessage))) {
                m.kind = BybitMessage.Kind.PONG;
                if (!sawSuccess) {
                    m.success = true; // option and private pongs carry no success field
                }
            } else {
                m.kind = BybitMessage.Kind.RESPONSE;
            }
            return m;
        }
        if (topic == Topic.OTHER) {
            m.kind = BybitMessage.Kind.IGNORED;
            return m;
        }
        if (!sawData) {
            throw new FrameException(symbol(), "push without data");
        }
        if (topic == Topic.TRADE) {
            m.kind = BybitMessage.Kind.TRADE;
            return m;
        }
        if (m.updateId < 0) {
            throw new FrameException(symbol(), "orderbook." + m.depth + " without data.u");
        }
        if ("snapshot".equals(type)) {
            m.kind = m.depth == 1 ? BybitMessage.Kind.TOUCH : BybitMessage.Kind.BOOK_SNAPSHOT;
        } else if ("delta".equals(type)) {
            if (m.depth == 1) {
                throw new FrameException(symbol(), "orderbook.1 is snapshot-only, got a delta");
            }
            m.kind = BybitMessage.Kind.BOOK_DELTA;
        } else {
            throw new FrameException(symbol(), "orderbook type must be snapshot or delta, got "
                    + (type == null ? "none" : "'" + type + "'"));
        }
        return m;
    }

    /** {@code orderbook.50.BTCUSDT}, {@code publicTrade.BTCUSDT}, or another topic (ignored). */
    private void topic(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(null, "topic: expected a string");
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        int at;
        Topic kind;
        int depth = 0;
        if (startsWith(c, off, len, ORDERBOOK)) {
            kind = Topic.BOOK;
            at = ORDERBOOK.length;
            while (at < len && c[off + at] >= '0' && c[off + at] <= '9' && depth < 100_000) {
                depth = depth * 10 + (c[off + at++] - '0');
            }
            if (depth == 0 || at >= len || c[off + at] != '.') {
                throw new FrameException(null, "topic '" + p.getText() + "': expected orderbook.{depth}.{symbol}");
            }
            at++;
        } else if (startsWith(c, off, len, PUBLIC_TRADE)) {
            kind = Topic.TRADE;
            at = PUBLIC_TRADE.length;
        } else {
            topic = Topic.OTHER;
            return;
        }
        Instrument i = symbols.find(c, off + at, len - at);
        if (i == null) {
            String s = new String(c, off + at, len - at);
            throw new FrameException(s, "unknown symbol '" + s + "' in topic '" + p.getText() + "'");
        }
        if (m.instrument != null && m.instrument != i) {
            throw new FrameException(i.venueSymbol(), "topic changed between passes");
        }
        topic = kind;
        m.instrument = i;
        m.depth = depth;
    }

    private void data(JsonParser p, JsonToken t) throws IOException {
        if (topic == Topic.OTHER) {
            p.skipChildren();
        } else if (topic == Topic.BOOK) {
            if (t != JsonToken.START_OBJECT) {
                throw new FrameException(symbol(), "orderbook data must be an object");
            }
            bookData(p);
        } else {
            if (t != JsonToken.START_ARRAY) {
                throw new FrameException(symbol(), "publicTrade data must be a list");
            }
            while ((t = FrameParser.next(p)) == JsonToken.START_OBJECT) {
                tradeEntry(p);
            }
            if (t != JsonToken.END_ARRAY) {
                throw new FrameException(symbol(), "publicTrade data must be a list of objects");
            }
        }
    }

    /** {@code {"s":"BTCUSDT","b":[["16493.50","0.006"]],"a":[...],"u":18521288,"seq":7961638724}} */
    private void bookData(JsonParser p) throws IOException {
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "s":
                    checkSymbol(p, t, "data.s");
                    break;
                case "b":
                    levels(p, t, m.bids, true);
                    break;
                case "a":
                    levels(p, t, m.asks, false);
                    break;
                case "u":
                    m.updateId = integer(p, t, "data.u");
                    break;
                case "seq":
                    m.seq = integer(p, t, "data.seq");
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void levels(JsonParser p, JsonToken t, LevelBuffer out, boolean bids) throws IOException {
        // constant labels: building them per level would allocate on the hot path
        final String field = bids ? "data.b" : "data.a";
        if (t != JsonToken.START_ARRAY) {
            throw new FrameException(symbol(), field + ": expected a list of [price, size]");
        }
        final int ps = m.instrument.priceScale();
        final int ss = m.instrument.sizeScale();
        while ((t = FrameParser.next(p)) == JsonToken.START_ARRAY) {
            FrameParser.next(p);
            long price = decimal(p, ps, bids ? "data.b price" : "data.a price", false);
            FrameParser.next(p);
            long size = decimal(p, ss, bids ? "data.b size" : "data.a size", false);
            if (FrameParser.next(p) != JsonToken.END_ARRAY) {
                throw new FrameException(symbol(), field + ": a level must be [price, size]");
            }
            out.add(price, size);
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(symbol(), field + ": expected a list of [price, size]");
        }
    }

    /** {@code {"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","i":"20f4...","BT":false,...}} */
    private void tradeEntry(JsonParser p) throws IOException {
        BybitMessage.TradeEntry e = m.nextTrade();
        boolean sawPrice = false;
        boolean sawSize = false;
        String side = null;
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "s":
                    checkSymbol(p, t, "trade s");
                    break;
                case "p":
                    e.price = decimal(p, m.instrument.priceScale(), "trade p", true);
                    sawPrice = true;
                    break;
                case "v":
                    e.size = decimal(p, m.instrument.sizeScale(), "trade v", true);
                    sawSize = true;
                    break;
                case "S":
                    side = text(p, t, "trade S");
                    break;
                case "i":
                    e.tradeId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    break;
                case "T":
                    e.timestampNanos = millis(p, t, "trade T");
                    break;
                case "seq":
                    e.seq = integer(p, t, "trade seq");
                    break;
                case "BT":
                    e.blockTrade = t == JsonToken.VALUE_TRUE;
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (!sawPrice || !sawSize || side == null) {
            throw new FrameException(symbol(), "trade without p, v or S");
        }
        if ("Buy".equals(side)) {
            e.buy = true;
        } else if (!"Sell".equals(side)) {
            throw new FrameException(symbol(), "trade S must be Buy or Sell, got '" + side + "'");
        }
    }

    private void checkSymbol(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), field + ": expected a string");
        }
        Instrument i = symbols.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (i != m.instrument) {
            throw new FrameException(symbol(), field + " '" + p.getText() + "' differs from the topic's symbol");
        }
    }

    private long decimal(JsonParser p, int scale, String what, boolean positive) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), what + ": expected a decimal string");
        }
        try {
            long v = Decimals.parse(p, scale);
            if (v < 0 || (positive && v == 0)) {
                throw new FrameException(symbol(), what + ": must be " + (positive ? "positive" : "non-negative"));
            }
            return v;
        } catch (DecimalParseException e) {
            throw new FrameException(symbol(), what + ": " + e.getMessage());
        }
    }

    private long integer(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new FrameException(symbol(), what + ": expected an integer");
        }
        try {
            long v = p.getLongValue();
            if (v < 0) {
                throw new FrameException(symbol(), what + ": negative");
            }
            return v;
        } catch (JsonProcessingException e) {
            throw new FrameException(symbol(), what + ": out of range");
        }
    }

    /** Epoch milliseconds as a JSON integer, returned as epoch nanoseconds. */
    private long millis(JsonParser p, JsonToken t, String what) throws IOException {
        long ms = integer(p, t, what);
        if (ms > Long.MAX_VALUE / 1_000_000L) {
            throw new FrameException(symbol(), what + ": " + ms + " ms is out of range");
        }
        return ms * 1_000_000L;
    }

    private static boolean startsWith(char[] c, int off, int len, char[] prefix) {
        return len > prefix.length && Arrays.equals(c, off, off + prefix.length, prefix, 0, prefix.length);
    }

    /** Words Bybit uses for types, ops, messages and sides: matched without allocating. */
    private static final KnownWords KNOWN = new KnownWords(
            "snapshot", "delta", "subscribe", "unsubscribe", "ping", "pong", "auth", "", "Buy", "Sell");

    /** The string value, as one of the {@link #KNOWN} words when it is one (no allocation then). */
    private String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), field + ": expected a string");
        }
        return KNOWN.of(p);
    }

    /** The instrument with this symbol, or {@code null} (used to resync after a bad frame). */
    public Instrument instrumentOf(String venueSymbol) {
        return symbols.find(venueSymbol);
    }

    private String symbol() {
        return m.instrument == null ? null : m.instrument.venueSymbol();
    }
}
