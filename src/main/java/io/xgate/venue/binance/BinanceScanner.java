package io.xgate.venue.binance;

import io.xgate.config.Instrument;
import io.xgate.venue.FrameCursor;
import io.xgate.venue.SymbolBytes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads Binance's two hot frames, {@code depthUpdate} and {@code trade}, straight from their bytes, raw or in a
 * combined-stream envelope, in exactly the shape the venue sends (protocol reference 1.1):
 *
 * <pre>
 * {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":2,"u":3,
 *   "b":[["60000.01","0.5"],...],"a":[...]}}
 * {"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":2,"p":"60000.01","q":"0.5","T":1,
 *   "m":true,"M":true}}
 * </pre>
 *
 * (the stream may also be {@code btcusdt@depth}; raw frames are the {@code data} object alone). Keys in that
 * order, no whitespace, no escapes, decimals as strings: anything else, and any other frame, is deferred to
 * {@link BinanceDecoder}, the reference. Levels are parsed once, into a reused scratch buffer that the message
 * points at (valid until the next frame), and the sync copies them into its {@code LevelSlab} for the
 * {@code BookUpdate} it publishes; the symbol is found from its bytes, exact-case (lower
 * case in the stream name, upper case in {@code s}). The differential test holds the two readers together.
 *
 * <p>Not thread-safe: one per connection, beside its decoder.
 */
public final class BinanceScanner {

    private static final FrameCursor.Literal STREAM = literal("{\"stream\":\"");
    /** What follows a combined stream's symbol, up to the event time: one comparison instead of six. */
    private static final FrameCursor.Literal DEPTH_100MS_HEAD =
            literal("@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":");
    private static final FrameCursor.Literal DEPTH_HEAD = literal("@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":");
    private static final FrameCursor.Literal TRADE_HEAD = literal("@trade\",\"data\":{\"e\":\"trade\",\"E\":");
    private static final FrameCursor.Literal EVENT = literal("{\"e\":\"");
    private static final FrameCursor.Literal DEPTH_UPDATE = literal("depthUpdate\",\"E\":");
    private static final FrameCursor.Literal TRADE = literal("trade\",\"E\":");
    private static final FrameCursor.Literal S = literal(",\"s\":");
    private static final FrameCursor.Literal FIRST_ID = literal(",\"U\":");
    private static final FrameCursor.Literal LAST_ID = literal(",\"u\":");
    private static final FrameCursor.Literal BIDS = literal(",\"b\":[");
    private static final FrameCursor.Literal ASKS = literal("],\"a\":[");
    private static final FrameCursor.Literal TRADE_ID = literal(",\"t\":");
    private static final FrameCursor.Literal PRICE = literal(",\"p\":");
    private static final FrameCursor.Literal QUANTITY = literal(",\"q\":");
    private static final FrameCursor.Literal TRADE_TIME = literal(",\"T\":");
    private static final FrameCursor.Literal MAKER = literal(",\"m\":");
    private static final FrameCursor.Literal BEST_MATCH = literal(",\"M\":");

    private final Instrument[] instruments;
    private final SymbolBytes streamSymbols;
    private final SymbolBytes payloadSymbols;
    private final FrameCursor c = new FrameCursor();
    /** Both sides' levels of the frame being read, (price, size) pairs: the bids, then the asks. */
    private long[] scratch = new long[128];

    /** A scanner for these instruments (their order gives their indexes). */
    public BinanceScanner(List<Instrument> instruments) {
        this.instruments = instruments.toArray(new Instrument[0]);
        this.streamSymbols = new SymbolBytes(instruments, i -> i.venueSymbol().toLowerCase(Locale.ROOT));
        this.payloadSymbols = new SymbolBytes(instruments, Instrument::venueSymbol);
        this.symbolFields = new FrameCursor.Literal[this.instruments.length];
        int longest = 0;
        for (int k = 0; k < this.instruments.length; k++) {
            symbolFields[k] = literal(",\"s\":\"" + this.instruments[k].venueSymbol() + "\"");
            longest = Math.max(longest, this.instruments[k].venueSymbol().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8).length);
        }
        this.maxSymbol = longest;
    }

    /** The index of the instrument the last frame read was about (its position in the constructor's list). */
    int index;
    /** The longest stream symbol, in bytes. */
    private final int maxSymbol;
    /** {@code ,"s":"<SYMBOL>"} per instrument, for a frame whose stream named it already. */
    private final FrameCursor.Literal[] symbolFields;
    /** The stream name's instrument, which {@code s} must spell, or -1 for a raw frame. */
    private int expected;

    /**
     * Reads {@code frame[offset, offset + length)} into {@code m} if it is a hot frame in the exact shape; returns
     * false (and {@code m} is to be refilled by the decoder) otherwise.
     */
    public boolean scan(byte[] frame, int offset, int length, BinanceMessage m) {
        c.on(frame, offset, length);
        int streamIndex = -1;
        boolean ok;
        if (c.take(STREAM)) {
            int start = c.position();
            int at = c.find('@', maxSymbol + 1);
            if (at < 0 || (streamIndex = streamSymbols.find(frame, start, at)) < 0) {
                return false;
            }
            c.skipTo(at);
            expected = streamIndex;
            if (c.take(DEPTH_100MS_HEAD) || c.take(DEPTH_HEAD)) {
                ok = depth(m);
            } else if (c.take(TRADE_HEAD)) {
                ok = trade(m);
            } else {
                return false;
            }
        } else if (c.take(EVENT)) {
            expected = -1;
            if (c.take(DEPTH_UPDATE)) {
                ok = depth(m);
            } else if (c.take(TRADE)) {
                ok = trade(m);
            } else {
                return false;
            }
        } else {
            return false;
        }
        if (!ok || !c.take('}') || (streamIndex >= 0 && !c.take('}')) || !c.atEnd()) {
            return false;
        }
        m.instrument = instruments[index];
        m.index = index;
        return true;
    }

    /** After {@code "E":}: the rest of a {@code depthUpdate} object but its closing brace. */
    private boolean depth(BinanceMessage m) {
        long eventTime = c.integer();
        if (eventTime == FrameCursor.NONE || !symbol()) {
            return false;
        }
        Instrument i = instruments[index];
        long first;
        long last;
        if (!c.take(FIRST_ID) || (first = c.integer()) == FrameCursor.NONE || !c.take(LAST_ID)
                || (last = c.integer()) == FrameCursor.NONE || last < first || !c.take(BIDS)) {
            return false;
        }
        int bidEnd = levels(0, i);
        if (bidEnd < 0 || !c.take(ASKS)) {
            return false;
        }
        int end = levels(bidEnd, i);
        if (end < 0 || !c.take(']')) {
            return false;
        }
        m.reset();
        m.kind = BinanceMessage.Kind.DEPTH_UPDATE;
        m.eventTimeNanos = eventTime * 1_000_000L;
        m.firstUpdateId = first;
        m.lastUpdateId = last;
        m.levels = scratch; // read in place: the sync copies what it publishes, nothing else is copied
        m.levelCount = end >>> 1;
        m.bidCount = bidEnd >>> 1;
        return true;
    }

    /**
     * {@code ["price","qty"],...} up to (not including) the closing bracket, into {@link #scratch} from
     * {@code at}; returns the index after the last pair written, or -1.
     */
    private int levels(int at, Instrument i) {
        if (c.peek() == ']') {
            return at;
        }
        final int ps = i.priceScale();
        final int ss = i.sizeScale();
        while (true) {
            if (at + 2 > scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            if (!c.quotedPair(ps, ss, scratch, at)) {
                return -1;
            }
            at += 2;
            if (!c.take(',')) {
                return at;
            }
        }
    }

    /** After {@code "E":}: the rest of a {@code trade} object but its closing brace. */
    private boolean trade(BinanceMessage m) {
        long eventTime = c.integer();
        if (eventTime == FrameCursor.NONE || !symbol()) {
            return false;
        }
        Instrument i = instruments[index];
        long id;
        long price;
        long quantity;
        long tradeTime;
        int maker;
        if (!c.take(TRADE_ID) || (id = c.integer()) == FrameCursor.NONE || !c.take(PRICE)
                || (price = c.decimalString(i.priceScale())) == FrameCursor.NONE || !c.take(QUANTITY)
                || (quantity = c.decimalString(i.sizeScale())) == FrameCursor.NONE || !c.take(TRADE_TIME)
                || (tradeTime = c.integer()) == FrameCursor.NONE || !c.take(MAKER) || (maker = c.bool()) < 0
                || !c.take(BEST_MATCH) || c.bool() < 0) {
            return false;
        }
        m.reset();
        m.kind = BinanceMessage.Kind.TRADE;
        m.eventTimeNanos = eventTime * 1_000_000L;
        m.tradeId = id;
        m.price = price;
        m.quantity = quantity;
        m.tradeTimeNanos = tradeTime * 1_000_000L;
        m.buyerIsMaker = maker == 1;
        return true;
    }

    /** {@code ,"s":"<SYMBOL>"}: compared whole when the stream named the instrument, else looked up. */
    private boolean symbol() {
        if (expected >= 0) {
            index = expected;
            return c.take(symbolFields[expected]);
        }
        if (!c.take(S)) {
            return false;
        }
        int start = c.position() + 1;
        int close = c.string();
        if (close < 0) {
            return false;
        }
        index = payloadSymbols.find(c.bytes(), start, close);
        return index >= 0;
    }

    private static FrameCursor.Literal literal(String s) {
        return new FrameCursor.Literal(s);
    }
}
