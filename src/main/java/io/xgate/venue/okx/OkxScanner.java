package io.xgate.venue.okx;

import io.xgate.config.Instrument;
import io.xgate.venue.FrameCursor;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.SymbolBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A byte scanner for OKX's hot frames, the {@code books} pushes and the {@code bbo-tbt} pushes, exactly as OKX
 * sends them (protocol reference 3.1) and nothing else:
 * <pre>
 * {"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot"|"update","data":[{"asks":[LEVELS],
 *  "bids":[LEVELS],"ts":"MILLIS","checksum":INT32,"prevSeqId":LONG,"seqId":LONG}]}
 * {"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[LEVELS],"bids":[LEVELS],"ts":"MILLIS",
 *  "seqId":LONG}]}
 * LEVEL = ["price","size","string","string"]
 * </pre>
 * compact (no whitespace), keys in this order, each once, strings without escapes (the two ignored level strings
 * printable ASCII), decimals as {@link FrameCursor} reads them. It fills an {@link OkxMessage} as
 * {@link OkxDecoder} does, in place from the frame's bytes, without allocating; anything else, including a frame
 * the decoder would refuse (an unknown {@code instId}, a checksum beyond 32 bits, a book push without a
 * non-negative {@code seqId}), makes it defer ({@code null}) so the caller decodes the frame with
 * {@link OkxDecoder}. It may refuse a frame, never misread one ({@code OkxScannerDifferentialTest}).
 *
 * <p>Sizes stay as sent (contracts for SWAP), as the decoder leaves them. The instrument is resolved once per
 * frame through {@link SymbolBytes}, exact-case; {@link OkxMessage#symbolIndex()} is its position in the list
 * given here. Not thread-safe: one scanner per venue connection.
 */
public final class OkxScanner {

    private static final byte[] ARG_CHANNEL = ascii("{\"arg\":{\"channel\":\"");
    private static final byte[] BOOKS_INST = ascii("books\",\"instId\":");
    private static final byte[] BBO_INST = ascii("bbo-tbt\",\"instId\":");
    private static final byte[] ACTION = ascii("},\"action\":\"");
    private static final byte[] SNAPSHOT = ascii("snapshot\"");
    private static final byte[] UPDATE = ascii("update\"");
    private static final byte[] BOOK_DATA = ascii(",\"data\":[{\"asks\":[");
    private static final byte[] BBO_DATA = ascii("},\"data\":[{\"asks\":[");
    private static final byte[] BIDS = ascii(",\"bids\":[");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] CHECKSUM = ascii(",\"checksum\":");
    private static final byte[] PREV_SEQ_ID = ascii(",\"prevSeqId\":");
    private static final byte[] SEQ_ID = ascii(",\"seqId\":");
    private static final byte[] END = ascii("}]}");
    private static final long BAD = Long.MIN_VALUE;
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

    private final Instrument[] instruments;
    private final SymbolBytes symbols;
    private final FrameCursor c = new FrameCursor();
    private final OkxMessage m = new OkxMessage();

    /** A scanner for these instruments (their order gives {@link OkxMessage#symbolIndex()}), spelled by {@code instId}. */
    public OkxScanner(List<Instrument> instruments) {
        this.instruments = instruments.toArray(new Instrument[0]);
        this.symbols = new SymbolBytes(instruments, Instrument::venueSymbol);
    }

    /**
     * Reads a {@code books} or {@code bbo-tbt} push of exactly the documented shape.
     *
     * @return the message (reused: valid until the next call), or {@code null} to defer to {@link OkxDecoder}
     */
    public OkxMessage scan(byte[] frame, int offset, int length) {
        FrameCursor c = this.c.on(frame, offset, length);
        if (!c.take(ARG_CHANNEL)) {
            return null;
        }
        boolean books;
        if (c.take(BOOKS_INST)) {
            books = true;
        } else if (c.take(BBO_INST)) {
            books = false;
        } else {
            return null;
        }
        int from = c.position() + 1;
        int to = c.string();
        if (to < 0) {
            return null;
        }
        int index = symbols.find(frame, from, to);
        if (index < 0) {
            return null;
        }
        OkxMessage m = this.m;
        m.reset();
        m.symbolIndex = index;
        Instrument i = instruments[index];
        m.instrument = i;
        if (books) {
            m.channel = OkxProtocol.BOOKS;
            if (!c.take(ACTION)) {
                return null;
            }
            if (c.take(SNAPSHOT)) {
                m.kind = OkxMessage.Kind.BOOK_SNAPSHOT;
            } else if (c.take(UPDATE)) {
                m.kind = OkxMessage.Kind.BOOK_UPDATE;
            } else {
                return null;
            }
            if (!c.take(BOOK_DATA)) {
                return null;
            }
        } else {
            m.channel = OkxProtocol.BBO;
            m.kind = OkxMessage.Kind.BBO;
            if (!c.take(BBO_DATA)) {
                return null;
            }
        }
        int ps = i.priceScale();
        int ss = i.sizeScale();
        if (!levels(m.asks, ps, ss) || !c.take(BIDS) || !levels(m.bids, ps, ss) || !c.take(TS)) {
            return null;
        }
        long ms = c.decimalString(0);
        if (ms == FrameCursor.NONE || ms > MAX_MILLIS) {
            return null;
        }
        m.timestampNanos = ms * 1_000_000L;
        if (books) {
            if (!c.take(CHECKSUM)) {
                return null;
            }
            long checksum = signed();
            if (checksum < Integer.MIN_VALUE || checksum > Integer.MAX_VALUE) {
                return null; // BAD included
            }
            m.checksum = checksum;
            if (!c.take(PREV_SEQ_ID) || (m.prevSeqId = signed()) == BAD) {
                return null;
            }
        }
        if (!c.take(SEQ_ID) || (m.seqId = signed()) == BAD || (books && m.seqId < 0)) {
            return null;
        }
        if (!c.take(END) || !c.atEnd()) {
            return null;
        }
        return m;
    }

    /** After a list's {@code [}: levels up to and including its {@code ]}. */
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
            if (size == FrameCursor.NONE || !c.take(',') || !printable() || !c.take(',') || !printable()
                    || !c.take(']')) {
                return false;
            }
            out.add(price, size);
        } while (c.take(','));
        return c.take(']');
    }

    /** A string of printable ASCII without escapes (the deprecated "0" and the order count, not interpreted). */
    private boolean printable() {
        FrameCursor c = this.c;
        int start = c.position();
        int close = c.string();
        if (close < 0) {
            return false;
        }
        byte[] b = c.bytes();
        for (int k = start + 1; k < close; k++) {
            if (b[k] < 0x20 || b[k] > 0x7E) {
                return false; // not ASCII: the decoder's UTF-8 validation decides
            }
        }
        return true;
    }

    /** A JSON integer with an optional minus sign, or {@link #BAD}. */
    private long signed() {
        boolean negative = c.take('-');
        long v = c.integer();
        if (v == FrameCursor.NONE) {
            return BAD;
        }
        return negative ? -v : v;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
