package io.xgate.venue.kraken;

import io.xgate.book.OrderBook;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum (protocol reference 2.3, the same for WebSocket v1 and v2): CRC32 of the 10 best asks
 * (low to high) then the 10 best bids (high to low), each level written as price then quantity, each formatted
 * at the instrument's full precision with the point removed and leading zeros stripped. Read as unsigned.
 *
 * <p>The book's price and size scales must be the instrument's {@code price_precision} and
 * {@code qty_precision}. Allocation-free; not thread-safe (one per book owner).
 */
public final class KrakenChecksum {

    /** Levels per side that the checksum covers, whatever the subscribed depth. */
    public static final int LEVELS = 10;

    private final CRC32 crc = new CRC32();
    private final long[] prices = new long[LEVELS];
    private final long[] sizes = new long[LEVELS];
    /** Digits of all 40 numbers (at most 19 each), hashed in one call. */
    private final byte[] text = new byte[4 * LEVELS * 19];

    /** The checksum of the book as it stands, as an unsigned 32-bit value. */
    public long compute(OrderBook book) {
        int len = 0;
        int n = book.topAsks(prices, sizes, LEVELS);
        for (int i = 0; i < n; i++) {
            len = digits(prices[i], len);
            len = digits(sizes[i], len);
        }
        n = book.topBids(prices, sizes, LEVELS);
        for (int i = 0; i < n; i++) {
            len = digits(prices[i], len);
            len = digits(sizes[i], len);
        }
        crc.reset();
        crc.update(text, 0, len);
        return crc.getValue();
    }

    /**
     * Appends the decimal digits of a non-negative mantissa. Kraken's rule (format at the instrument's precision,
     * remove the point, strip leading zeros) yields exactly these digits: {@code 0.10000000} at 8 decimals is
     * mantissa {@code 10000000}, written {@code "10000000"}.
     */
    private int digits(long v, int at) {
        final byte[] t = text;
        // digit count from the bit length: log10(2) ~ 1233 / 4096, corrected by one comparison
        int guess = ((64 - Long.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
        int n = guess + (v >= POW10[guess] ? 1 : 0);
        int i = at + n;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            v = q;
            t[--i] = DIGIT_ONES[r];
            t[--i] = DIGIT_TENS[r];
        }
        int r = (int) v;
        t[--i] = DIGIT_ONES[r];
        if (r >= 10) {
            t[--i] = DIGIT_TENS[r];
        }
        return at + n;
    }

    private static final long[] POW10 = new long[19];
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }
}
