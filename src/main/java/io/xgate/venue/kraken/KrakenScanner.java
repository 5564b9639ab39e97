package io.xgate.venue.kraken;

import io.xgate.config.Instrument;
import io.xgate.venue.FrameCursor;
import io.xgate.venue.SymbolBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the hot Kraken v2 frames (protocol reference 2.1) in place from their bytes into a reused
 * {@link KrakenMessage}, as {@link KrakenDecoder} would, without Jackson and without allocating. It accepts
 * exactly the shapes the venue documents and sends, compact, keys in the documented order:
 * <pre>
 * {"channel":"book","type":"update"|"snapshot","data":[{"symbol":S,"bids":[L,...],"asks":[L,...],
 *     "checksum":N,"timestamp":T}, ...]}              L = {"price":D,"qty":D}
 * {"channel":"trade","type":"update"|"snapshot","data":[{"symbol":S,"side":"buy"|"sell","price":D,"qty":D,
 *     "ord_type":"limit"|"market","trade_id":N,"timestamp":T}, ...]}
 * </pre>
 * where {@code S} is a configured symbol spelled exactly ({@code "BTC/USD"}), {@code D} a JSON number as
 * {@link FrameCursor#decimalNumber} reads it at the instrument's scale, {@code N} a JSON integer (a checksum
 * fits 32 unsigned bits) and {@code T} an RFC 3339 UTC time {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}. Anything else
 * (whitespace, another key order, a missing or extra field, escapes, exponents, quoted numbers, trailing bytes,
 * another channel) makes {@link #scan} answer {@code null}: the caller then decodes the frame with
 * {@link KrakenDecoder}, the reference. The scanner may refuse a frame, never misread one
 * ({@code KrakenScannerDifferentialTest} holds the two together).
 *
 * <p>Not thread-safe: one scanner per venue connection.
 */
public final class KrakenScanner {

    private static final byte[] CHANNEL = ascii("{\"channel\":\"");
    private static final byte[] BOOK = ascii("book\",\"type\":\"");
    private static final byte[] TRADE = ascii("trade\",\"type\":\"");
    private static final byte[] UPDATE = ascii("update\",\"data\":[");
    private static final byte[] SNAPSHOT = ascii("snapshot\",\"data\":[");
    private static final byte[] SYMBOL = ascii("{\"symbol\":");
    private static final byte[] BIDS = ascii(",\"bids\":[");
    private static final byte[] ASKS = ascii(",\"asks\":[");
    private static final byte[] PRICE = ascii("{\"price\":");
    private static final byte[] QTY = ascii(",\"qty\":");
    private static final byte[] CHECKSUM = ascii(",\"checksum\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
    private static final byte[] SIDE = ascii(",\"side\":\"");
    private static final byte[] BUY = ascii("buy\"");
    private static final byte[] SELL = ascii("sell\"");
    private static final byte[] TRADE_PRICE = ascii(",\"price\":");
    private static final byte[] ORD_TYPE = ascii(",\"ord_type\":\"");
    private static final byte[] LIMIT = ascii("limit\"");
    private static final byte[] MARKET = ascii("market\"");
    private static final byte[] TRADE_ID = ascii(",\"trade_id\":");

    private final FrameCursor c = new FrameCursor();
    private final SymbolBytes symbols;
    private final Instrument[] instruments;
    private final KrakenMessage m = new KrakenMessage();

    /**
     * A scanner for a venue's instruments, spelled as Kraken v2 spells them ({@link Instrument#venueSymbol()},
     * {@code BTC/USD}).
     */
    public KrakenScanner(List<Instrument> instruments) {
        this.instruments = instruments.toArray(new Instrument[0]);
        this.symbols = new SymbolBytes(instruments, Instrument::venueSymbol);
    }

    /**
     * Reads {@code frame[offset, offset + length)} if it is one of the hot shapes exactly.
     *
     * @return the message (reused: valid until the next call), or {@code null} to defer to the decoder
     */
    public KrakenMessage scan(byte[] frame, int offset, int length) {
        final FrameCursor c = this.c.on(frame, offset, length);
        m.reset();
        if (!c.take(CHANNEL)) {
            return null;
        }
        boolean ok;
        if (c.take(BOOK)) {
            boolean snapshot;
            if (c.take(UPDATE)) {
                snapshot = false;
            } else if (c.take(SNAPSHOT)) {
                snapshot = true;
            } else {
                return null;
            }
            m.kind = snapshot ? KrakenMessage.Kind.BOOK_SNAPSHOT : KrakenMessage.Kind.BOOK_UPDATE;
            ok = books(c);
        } else if (c.take(TRADE)) {
            if (!c.take(UPDATE) && !c.take(SNAPSHOT)) {
                return null;
            }
            m.kind = KrakenMessage.Kind.TRADE;
            ok = trades(c);
        } else {
            return null;
        }
        if (!ok || !c.take('}') || !c.atEnd()) {
            m.reset();
            return null;
        }
        return m;
    }

    /** The book entries and the data list's closing bracket. */
    private boolean books(FrameCursor c) {
        do {
            if (!c.take(SYMBOL)) {
                return false;
            }
            int index = symbol(c);
            if (index < 0) {
                return false;
            }
            Instrument i = instruments[index];
            KrakenMessage.Book b = m.nextBook();
            b.instrument = i;
            final int ps = i.priceScale();
            final int ss = i.sizeScale();
            if (!c.take(BIDS) || !levels(c, b.bids, ps, ss) || !c.take(ASKS) || !levels(c, b.asks, ps, ss)
                    || !c.take(CHECKSUM)) {
                return false;
            }
            long sum = c.integer();
            if (sum < 0 || sum > 0xFFFF_FFFFL || !c.take(TIMESTAMP)) {
                return false;
            }
            b.checksum = sum;
            long ts = timestamp(c);
            if (ts == FrameCursor.NONE || !c.take('}')) {
                return false;
            }
            b.timestampNanos = ts;
        } while (c.take(','));
        return c.take(']');
    }

    /** After the list's opening bracket: {@code {"price":D,"qty":D}} levels and the closing bracket. */
    private static boolean levels(FrameCursor c, io.xgate.venue.LevelBuffer out, int ps, int ss) {
        if (c.take(']')) {
            return true;
        }
        do {
            if (!c.take(PRICE)) {
                return false;
            }
            long price = c.decimalNumber(ps);
            if (price == FrameCursor.NONE || !c.take(QTY)) {
                return false;
            }
            long qty = c.decimalNumber(ss);
            if (qty == FrameCursor.NONE || !c.take('}')) {
                return false;
            }
            out.add(price, qty);
        } while (c.take(','));
        return c.take(']');
    }

    /** The trade entries and the data list's closing bracket. */
    private boolean trades(FrameCursor c) {
        do {
            if (!c.take(SYMBOL)) {
                return false;
            }
            int index = symbol(c);
            if (index < 0 || !c.take(SIDE)) {
                return false;
            }
            Instrument i = instruments[index];
            boolean buy;
            if (c.take(BUY)) {
                buy = true;
            } else if (c.take(SELL)) {
                buy = false;
            } else {
                return false;
            }
            if (!c.take(TRADE_PRICE)) {
                return false;
            }
            long price = c.decimalNumber(i.priceScale());
            if (price == FrameCursor.NONE || !c.take(QTY)) {
                return false;
            }
            long qty = c.decimalNumber(i.sizeScale());
            if (qty == FrameCursor.NONE || !c.take(ORD_TYPE) || !(c.take(LIMIT) || c.take(MARKET))
                    || !c.take(TRADE_ID)) {
                return false;
            }
            long id = c.integer();
            if (id == FrameCursor.NONE || !c.take(TIMESTAMP)) {
                return false;
            }
            long ts = timestamp(c);
            if (ts == FrameCursor.NONE || !c.take('}')) {
                return false;
            }
            KrakenMessage.TradeEntry e = m.nextTrade();
            e.instrument = i;
            e.buy = buy;
            e.price = price;
            e.quantity = qty;
            e.tradeId = id;
            e.timestampNanos = ts;
        } while (c.take(','));
        return c.take(']');
    }

    /** At a symbol's opening quote: the index of the configured instrument it spells exactly, or -1. */
    private int symbol(FrameCursor c) {
        int start = c.position();
        int close = c.string();
        return close < 0 ? -1 : symbols.find(c.bytes(), start + 1, close);
    }

    /**
     * After a timestamp's opening quote: {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z"} as epoch nanoseconds, with the
     * range checks and arithmetic of {@link io.xgate.venue.Rfc3339}; {@link FrameCursor#NONE} for anything else
     * (another offset, lower-case letters, more than 9 fraction digits: the decoder decides).
     */
    private static long timestamp(FrameCursor c) {
        int year = digits(c, 4);
        if (year < 0 || !c.take('-')) {
            return FrameCursor.NONE;
        }
        int month = digits(c, 2);
        if (month < 1 || month > 12 || !c.take('-')) {
            return FrameCursor.NONE;
        }
        int day = digits(c, 2);
        if (day < 1 || day > 31 || !c.take('T')) {
            return FrameCursor.NONE;
        }
        int hour = digits(c, 2);
        if (hour < 0 || hour > 23 || !c.take(':')) {
            return FrameCursor.NONE;
        }
        int minute = digits(c, 2);
        if (minute < 0 || minute > 59 || !c.take(':')) {
            return FrameCursor.NONE;
        }
        int second = digits(c, 2);
        if (second < 0 || second > 60) {
            return FrameCursor.NONE;
        }
        long nanos = 0;
        if (c.take('.')) {
            int n = 0;
            int d;
            while ((d = c.peek() - '0') >= 0 && d <= 9) {
                if (++n > 9) {
                    return FrameCursor.NONE;
                }
                c.take((char) ('0' + d));
                nanos = nanos * 10 + d;
            }
            if (n == 0) {
                return FrameCursor.NONE;
            }
            for (; n < 9; n++) {
                nanos *= 10;
            }
        }
        if (!c.take('Z') || !c.take('"')) {
            return FrameCursor.NONE;
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000_000_000L) + nanos;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (as {@link io.xgate.venue.Rfc3339} computes them). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** {@code n} ASCII digits as a number, or -1 (having read some of them) if they are not all there. */
    private static int digits(FrameCursor c, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = c.peek() - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            c.take((char) ('0' + d));
            v = v * 10 + d;
        }
        return v;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
