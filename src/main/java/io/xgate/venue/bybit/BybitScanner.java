package io.xgate.venue.bybit;

import io.xgate.config.Instrument;
import io.xgate.venue.FrameCursor;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.SymbolBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A byte scanner for Bybit's hot frames, the {@code orderbook.{depth}.{symbol}} pushes, exactly as Bybit sends them
 * (protocol reference 4.1) and nothing else:
 * <pre>
 * {"topic":"orderbook.DEPTH.SYMBOL",("type":"snapshot"|"delta","ts":MILLIS | "ts":MILLIS,"type":"snapshot"|"delta"),
 *  "data":{"s":"SYMBOL","b":[LEVELS],"a":[LEVELS],"u":LONG,"seq":LONG},"cts":MILLIS}
 * LEVEL = ["price","size"]
 * </pre>
 * ({@code ts} before {@code type} for spot and futures level 1, after it for deeper futures books: both orders
 * are Bybit's), compact (no whitespace), keys in this order, each once, {@code data.s} spelled as in the topic,
 * strings without escapes, numbers as {@link FrameCursor} reads them. It fills a {@link BybitMessage} as
 * {@link BybitDecoder} does, in place from the frame's bytes, without allocating; anything else, including a frame
 * the decoder would refuse (an unknown symbol, an {@code orderbook.1} delta, a time beyond the range of epoch
 * nanoseconds), makes it defer ({@code null}) so the caller decodes the frame with {@link BybitDecoder}. It may
 * refuse a frame, never misread one ({@code BybitScannerDifferentialTest}).
 *
 * <p>The symbol is resolved once per frame through {@link SymbolBytes}, exact-case, among the instruments of this
 * connection's group (spot and linear are separate connections, each with its own scanner);
 * {@link BybitMessage#symbolIndex()} is its position in the list given here. Not thread-safe: one scanner per
 * venue connection.
 */
public final class BybitScanner {

    private static final byte[] TOPIC_BOOK = ascii("{\"topic\":\"orderbook.");
    private static final byte[] TYPE = ascii(",\"type\":\"");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] SNAPSHOT = ascii("snapshot\"");
    private static final byte[] DELTA = ascii("delta\"");
    private static final byte[] DATA_S = ascii(",\"data\":{\"s\":");
    private static final byte[] B = ascii(",\"b\":[");
    private static final byte[] A = ascii(",\"a\":[");
    private static final byte[] U = ascii(",\"u\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] CTS = ascii("},\"cts\":");
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    /** The decoder reads a topic's depth up to 100000; valid depths are 1, 50, 200 and 1000. */
    private static final int MAX_DEPTH_DIGITS = 5;

    private final Instrument[] instruments;
    private final SymbolBytes symbols;
    private final FrameCursor c = new FrameCursor();
    private final BybitMessage m = new BybitMessage();

    /** A scanner for one connection group's instruments (their order gives {@link BybitMessage#symbolIndex()}). */
    public BybitScanner(List<Instrument> instruments) {
        this.instruments = instruments.toArray(new Instrument[0]);
        this.symbols = new SymbolBytes(instruments, Instrument::venueSymbol);
    }

    /**
     * Reads an {@code orderbook} push of exactly the documented shape.
     *
     * @return the message (reused: valid until the next call), or {@code null} to defer to {@link BybitDecoder}
     */
    public BybitMessage scan(byte[] frame, int offset, int length) {
        FrameCursor c = this.c.on(frame, offset, length);
        if (!c.take(TOPIC_BOOK)) {
            return null;
        }
        int depth = 0;
        int digits = 0;
        int d;
        while ((d = c.peek() - '0') >= 0 && d <= 9) {
            if ((digits == 0 && d == 0) || ++digits > MAX_DEPTH_DIGITS) {
                return null; // a leading zero, or beyond what the decoder reads as a depth
            }
            depth = depth * 10 + d;
            c.take((char) ('0' + d));
        }
        if (digits == 0 || !c.take('.')) {
            return null;
        }
        int from = c.position();
        int to = closingQuote(frame, from, offset + length);
        if (to < 0) {
            return null;
        }
        int index = symbols.find(frame, from, to);
        if (index < 0) {
            return null;
        }
        c.on(frame, to + 1, offset + length - to - 1);
        BybitMessage m = this.m;
        m.reset();
        m.symbolIndex = index;
        Instrument i = instruments[index];
        m.instrument = i;
        m.depth = depth;
        int type;
        if (c.take(TYPE)) {
            if ((type = type()) < 0 || !c.take(TS) || (m.timestampNanos = millis()) < 0) {
                return null;
            }
        } else if (c.take(TS)) {
            if ((m.timestampNanos = millis()) < 0 || !c.take(TYPE) || (type = type()) < 0) {
                return null;
            }
        } else {
            return null;
        }
        if (type == 1) {
            m.kind = depth == 1 ? BybitMessage.Kind.TOUCH : BybitMessage.Kind.BOOK_SNAPSHOT;
        } else if (depth == 1) {
            return null; // orderbook.1 is snapshot-only: the decoder refuses a delta
        } else {
            m.kind = BybitMessage.Kind.BOOK_DELTA;
        }
        if (!c.take(DATA_S)) {
            return null;
        }
        int sFrom = c.position() + 1;
        int sTo = c.string();
        if (sTo < 0 || !Arrays.equals(frame, sFrom, sTo, frame, from, to)) {
            return null; // another spelling: the decoder decides (it refuses another symbol)
        }
        int ps = i.priceScale();
        int ss = i.sizeScale();
        if (!c.take(B) || !levels(m.bids, ps, ss) || !c.take(A) || !levels(m.asks, ps, ss) || !c.take(U)) {
            return null;
        }
        if ((m.updateId = c.integer()) == FrameCursor.NONE || !c.take(SEQ)
                || (m.seq = c.integer()) == FrameCursor.NONE || !c.take(CTS)
                || (m.matchingEngineNanos = millis()) < 0 || !c.take('}') || !c.atEnd()) {
            return null;
        }
        return m;
    }

    /** The index of the topic's closing quote, or -1 if the symbol holds an escape or a control character. */
    private static int closingQuote(byte[] b, int from, int end) {
        for (int k = from; k < end; k++) {
            byte x = b[k];
            if (x == '"') {
                return k;
            }
            if (x == '\\' || (x >= 0 && x < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    /** After {@code "type":"}: 1 for snapshot, 0 for delta, -1 for anything else. */
    private int type() {
        if (c.take(SNAPSHOT)) {
            return 1;
        }
        return c.take(DELTA) ? 0 : -1;
    }

    /** Epoch milliseconds as a JSON integer, as epoch nanoseconds, or -1. */
    private long millis() {
        long ms = c.integer();
        return ms == FrameCursor.NONE || ms > MAX_MILLIS ? -1 : ms * 1_000_000L;
    }

    /** After a list's {@code [}: {@code ["price","size"]} levels up to and including its {@code ]}. */
    private boolean levels(LevelBuffer out, int ps, int ss) {
        FrameCursor c = this.c;
        if (c.take(']')) {
            return true;
        }
        do {
            if (!c.take('[')) {
                return false;
            }
            long price = c.decimalString(ps);
            if (price == FrameCursor.NONE || !c.take(',')) {
                return false;
            }
            long size = c.decimalString(ss);
            if (size == FrameCursor.NONE || !c.take(']')) {
                return false;
            }
            out.add(price, size);
        } while (c.take(','));
        return c.take(']');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
