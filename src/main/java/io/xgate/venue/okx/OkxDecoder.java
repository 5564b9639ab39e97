package io.xgate.venue.okx;

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
 * Decodes OKX v5 public WebSocket frames (protocol reference 3.1, with 3.2a) from their bytes with Jackson's
 * streaming parser into a reused {@link OkxMessage}: the book channels ({@code books}, {@code books-l2-tbt},
 * {@code books50-l2-tbt}, {@code books5}), {@code bbo-tbt}, {@code trades}, the {@code event} replies
 * (subscribe, unsubscribe, login, error, notice) and the literal text {@code pong}.
 *
 * <p>Levels are {@code [price, size, "0", numOrders]} string arrays; price and size go from the parser's buffer
 * straight into mantissas at the instrument's scales, the deprecated third field and the order count are
 * skipped. Instruments ({@code BTC-USDT}, {@code BTC-USDT-SWAP}) are looked up in the {@link SymbolTable}
 * without building strings. Sizes are decoded as sent: base units for SPOT, contracts for SWAP.
 *
 * <p>Field order is not relied on: if {@code data} comes before {@code arg}, the frame is parsed a second time.
 * Not thread-safe: one decoder per venue connection.
 */
public final class OkxDecoder {

    private static final byte[] PONG = {'p', 'o', 'n', 'g'};

    private final SymbolTable symbols;
    private final OkxMessage m = new OkxMessage();
    private final FrameParser frames = new FrameParser();
    private String action;
    private boolean sawData;

    /** A decoder for a venue's instruments, keyed by OKX's {@code instId}. */
    public OkxDecoder(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * Decodes one frame.
     *
     * @throws FrameException if the frame is malformed, of the wrong types, or about an unknown instrument
     */
    public OkxMessage decode(byte[] frame, int offset, int length) {
        if (isPong(frame, offset, length)) {
            m.reset();
            m.kind = OkxMessage.Kind.PONG;
            return m;
        }
        String knownChannel = null;
        Instrument knownInstrument = null;
        for (int pass = 0; pass < 2; pass++) {
            m.reset();
            m.channel = knownChannel;
            m.instrument = knownInstrument;
            action = null;
            sawData = false;
            boolean deferred = false;
            try {
                JsonParser p = frames.begin(frame, offset, length);
                if (FrameParser.next(p) != JsonToken.START_OBJECT) {
                    throw new FrameException(null, "expected a JSON object (or the text pong)");
                }
                while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = FrameParser.next(p);
                    switch (name) {
                        case "arg":
                            arg(p, t);
                            break;
                        case "action":
                            action = text(p, t, name);
                            break;
                        case "data":
                            sawData = true;
                            if (m.channel == null || m.instrument == null) {
                                deferred = true;
                                p.skipChildren();
                            } else {
                                data(p, t);
                            }
                            break;
                        case "event":
                            m.event = text(p, t, name);
                            break;
                        case "code":
                            m.code = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT ? p.getText() : null;
                            break;
                        case "msg":
                            m.errorMessage = t == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        case "connId":
                            m.connectionId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        case "id":
                            m.requestId = t == JsonToken.VALUE_STRING ? p.getText() : null;
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
                // a cut-short frame is reported by the shared parser, which does not know the instrument
                throw e.symbol() == null && m.instrument != null ? new FrameException(symbol(), e.getMessage()) : e;
            } catch (RuntimeException e) {
                frames.reset();
                throw e;
            }
            if (!deferred || m.channel == null || !decodes(m.channel)) {
                return finish();
            }
            if (m.instrument == null) {
                throw new FrameException(null, m.channel + ": data without arg.instId");
            }
            knownChannel = m.channel;
            knownInstrument = m.instrument;
        }
        throw new IllegalStateException("unreachable: the second pass knows the channel and instrument");
    }

    private OkxMessage finish() {
        if (m.event != null) {
            switch (m.event) {
                case "subscribe":
                    m.kind = OkxMessage.Kind.SUBSCRIBED;
                    break;
                case "unsubscribe":
                    m.kind = OkxMessage.Kind.UNSUBSCRIBED;
                    break;
                case "login":
                    m.kind = OkxMessage.Kind.LOGIN;
                    break;
                case "error":
                    m.kind = OkxMessage.Kind.ERROR;
                    break;
                case "notice":
                    m.kind = OkxMessage.Kind.NOTICE;
                    break;
                default:
                    m.kind = OkxMessage.Kind.IGNORED;
            }
            return m;
        }
        if (m.channel == null) {
            throw new FrameException(null, "neither a channel push (arg) nor an event");
        }
        if (!decodes(m.channel)) {
            m.kind = OkxMessage.Kind.IGNORED;
            return m;
        }
        if (!sawData) {
            throw new FrameException(symbol(), m.channel + ": push without data");
        }
        switch (m.channel) {
            case "trades":
                m.kind = OkxMessage.Kind.TRADE;
                break;
            case "bbo-tbt":
                m.kind = OkxMessage.Kind.BBO;
                break;
            case "books5":
                m.kind = OkxMessage.Kind.BOOK_SNAPSHOT;
                break;
            default:
                if ("snapshot".equals(action)) {
                    m.kind = OkxMessage.Kind.BOOK_SNAPSHOT;
                } else if ("update".equals(action)) {
                    m.kind = OkxMessage.Kind.BOOK_UPDATE;
                } else {
                    throw new FrameException(symbol(), m.channel + ": action must be snapshot or update, got "
                            + (action == null ? "none" : "'" + action + "'"));
                }
                if (m.seqId < 0) {
                    throw new FrameException(symbol(), m.channel + " " + action + " without seqId");
                }
        }
        return m;
    }

    /** Channels whose data this decoder reads. */
    private static boolean decodes(String channel) {
        switch (channel) {
            case "books":
            case "books-l2-tbt":
            case "books50-l2-tbt":
            case "books5":
            case "bbo-tbt":
            case "trades":
                return true;
            default:
                return false;
        }
    }

    /** {@code {"channel":"books","instId":"BTC-USDT"}} */
    private void arg(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new FrameException(null, "arg: expected an object");
        }
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = FrameParser.next(p);
            if ("channel".equals(name)) {
                m.channel = text(p, v, "arg.channel");
            } else if ("instId".equals(name)) {
                Instrument i = instrument(p, v, "arg.instId");
                if (m.instrument != null && m.instrument != i) {
                    throw new FrameException(p.getText(), "arg.instId changed between passes");
                }
                m.instrument = i;
            } else {
                p.skipChildren();
            }
        }
    }

    private void data(JsonParser p, JsonToken t) throws IOException {
        if (!decodes(m.channel)) {
            p.skipChildren();
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new FrameException(symbol(), m.channel + ": data must be a list");
        }
        boolean trades = "trades".equals(m.channel);
        int entries = 0;
        while ((t = FrameParser.next(p)) == JsonToken.START_OBJECT) {
            if (trades) {
                tradeEntry(p);
            } else if (entries == 0) {
                bookEntry(p);
            } else {
                throw new FrameException(symbol(), m.channel + ": data must hold exactly one book entry");
            }
            entries++;
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(symbol(), m.channel + ": data must be a list of objects");
        }
        if (!trades && entries == 0) {
            throw new FrameException(symbol(), m.channel + ": data must hold exactly one book entry");
        }
    }

    private void bookEntry(JsonParser p) throws IOException {
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "bids":
                    levels(p, t, m.bids, true);
                    break;
                case "asks":
                    levels(p, t, m.asks, false);
                    break;
                case "ts":
                    m.timestampNanos = millisText(p, t, name);
                    break;
                case "checksum":
                    m.checksum = integer(p, t, name);
                    if (m.checksum < Integer.MIN_VALUE || m.checksum > Integer.MAX_VALUE) {
                        throw new FrameException(symbol(), "checksum " + m.checksum + " is not a signed 32-bit value");
                    }
                    break;
                case "seqId":
                    m.seqId = integer(p, t, name);
                    break;
                case "prevSeqId":
                    m.prevSeqId = integer(p, t, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /** {@code [["8476.98","415","0","13"], ...]}: price, size, deprecated "0", number of orders. */
    private void levels(JsonParser p, JsonToken t, LevelBuffer out, boolean bids) throws IOException {
        // constant labels: building them per level would allocate on the hot path
        final String field = bids ? "bids" : "asks";
        if (t != JsonToken.START_ARRAY) {
            throw new FrameException(symbol(), field + ": expected a list of levels");
        }
        final int ps = m.instrument.priceScale();
        final int ss = m.instrument.sizeScale();
        while ((t = FrameParser.next(p)) == JsonToken.START_ARRAY) {
            FrameParser.next(p);
            long price = level(p, ps, bids ? "bids price" : "asks price");
            FrameParser.next(p);
            long size = level(p, ss, bids ? "bids size" : "asks size");
            if (FrameParser.next(p) != JsonToken.VALUE_STRING || FrameParser.next(p) != JsonToken.VALUE_STRING
                    || FrameParser.next(p) != JsonToken.END_ARRAY) {
                throw new FrameException(symbol(), field + ": a level must be [price, size, \"0\", numOrders]");
            }
            out.add(price, size);
        }
        if (t != JsonToken.END_ARRAY) {
            throw new FrameException(symbol(), field + ": expected a list of [price, size, \"0\", numOrders]");
        }
    }

    private long level(JsonParser p, int scale, String what) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), what + ": expected a decimal string");
        }
        try {
            long v = Decimals.parse(p, scale);
            if (v < 0) {
                throw new FrameException(symbol(), what + ": negative");
            }
            return v;
        } catch (DecimalParseException e) {
            throw new FrameException(symbol(), what + ": " + e.getMessage());
        }
    }

    /** {@code {"instId":"BTC-USDT","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy",...}} */
    private void tradeEntry(JsonParser p) throws IOException {
        OkxMessage.TradeEntry e = m.nextTrade();
        boolean sawPrice = false;
        boolean sawSize = false;
        String side = null;
        while (FrameParser.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = FrameParser.next(p);
            switch (name) {
                case "instId":
                    if (instrument(p, t, "trades instId") != m.instrument) {
                        throw new FrameException(symbol(), "trade instId '" + p.getText() + "' differs from arg.instId");
                    }
                    break;
                case "px":
                    e.price = tradeDecimal(p, t, m.instrument.priceScale(), "trade px");
                    sawPrice = true;
                    break;
                case "sz":
                    e.size = tradeDecimal(p, t, m.instrument.sizeScale(), "trade sz");
                    sawSize = true;
                    break;
                case "side":
                    side = text(p, t, "trade side");
                    break;
                case "tradeId":
                    e.tradeId = wholeText(p, t, "trade tradeId");
                    break;
                case "count":
                    long c = wholeText(p, t, "trade count");
                    if (c < 1 || c > Integer.MAX_VALUE) {
                        throw new FrameException(symbol(), "trade count " + c + " out of range");
                    }
                    e.count = (int) c;
                    break;
                case "ts":
                    e.timestampNanos = millisText(p, t, "trade ts");
                    break;
                case "seqId":
                    e.seqId = integer(p, t, "trade seqId");
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (!sawPrice || !sawSize || side == null) {
            throw new FrameException(symbol(), "trade without px, sz or side");
        }
        if ("buy".equals(side)) {
            e.buy = true;
        } else if (!"sell".equals(side)) {
            throw new FrameException(symbol(), "trade side must be buy or sell, got '" + side + "'");
        }
    }

    private long tradeDecimal(JsonParser p, JsonToken t, int scale, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), what + ": expected a decimal string");
        }
        try {
            long v = Decimals.parse(p, scale);
            if (v <= 0) {
                throw new FrameException(symbol(), what + ": must be positive");
            }
            return v;
        } catch (DecimalParseException e) {
            throw new FrameException(symbol(), what + ": " + e.getMessage());
        }
    }

    /** A whole number sent as a string ({@code ts}, {@code tradeId}, {@code count}). */
    private long wholeText(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), what + ": expected a string of digits");
        }
        try {
            long v = Decimals.parse(p, 0);
            if (v < 0) {
                throw new FrameException(symbol(), what + ": negative");
            }
            return v;
        } catch (DecimalParseException e) {
            throw new FrameException(symbol(), what + ": " + e.getMessage());
        }
    }

    /** {@code "1597026383085"}: epoch milliseconds as a string, returned as epoch nanoseconds. */
    private long millisText(JsonParser p, JsonToken t, String what) throws IOException {
        long ms = wholeText(p, t, what);
        if (ms > Long.MAX_VALUE / 1_000_000L) {
            throw new FrameException(symbol(), what + ": " + ms + " ms is out of range");
        }
        return ms * 1_000_000L;
    }

    /** {@code checksum}, {@code seqId} and {@code prevSeqId} are JSON integers. */
    private long integer(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new FrameException(symbol(), what + ": expected an integer");
        }
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw new FrameException(symbol(), what + ": out of range");
        }
    }

    private Instrument instrument(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(null, what + ": expected a string");
        }
        Instrument i = symbols.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (i == null) {
            throw new FrameException(p.getText(), "unknown instrument '" + p.getText() + "'");
        }
        return i;
    }

    /** The literal {@code pong}, allowing surrounding whitespace. */
    private static boolean isPong(byte[] b, int offset, int length) {
        int from = offset;
        int to = offset + length;
        while (from < to && b[from] <= ' ') {
            from++;
        }
        while (to > from && b[to - 1] <= ' ') {
            to--;
        }
        return Arrays.equals(b, from, to, PONG, 0, PONG.length);
    }

    /** Names OKX uses for channels, actions, events and sides: matched without allocating. */
    private static final KnownWords KNOWN = new KnownWords(
            "books", "books-l2-tbt", "books50-l2-tbt", "books5", "bbo-tbt", "trades", "tickers", "snapshot",
            "update", "subscribe", "unsubscribe", "login", "error", "notice", "buy", "sell");

    /** The string value, as one of the {@link #KNOWN} words when it is one (no allocation then). */
    private String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameException(symbol(), field + ": expected a string");
        }
        return KNOWN.of(p);
    }

    /** The instrument with this {@code instId}, or {@code null} (used to resync after a bad frame). */
    public Instrument instrumentOf(String instId) {
        return symbols.find(instId);
    }

    private String symbol() {
        return m.instrument == null ? null : m.instrument.venueSymbol();
    }
}
