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
    private byte[] text = new byte[4 * LEVELS * 19];
    /*
     * The previous call's text and, per rank (asks 0-9, bids 10-19), its level and where its digits lie: a level
     * found again at the same rank or one off (a level inserted or removed above it) has its digits copied rather
     * than formatted. The digits depend on the two numbers only, so a match is right whatever book it came from.
     */
    private byte[] previousText = new byte[4 * LEVELS * 19];
    private long[] levelPrice = new long[2 * LEVELS];
    private long[] levelSize = new long[2 * LEVELS];
    private int[] levelFrom = new int[2 * LEVELS];
    private int[] levelTo = new int[2 * LEVELS];
    private long[] previousPrice = new long[2 * LEVELS];
    private long[] previousSize = new long[2 * LEVELS];
    private int[] previousFrom = new int[2 * LEVELS];
    private int[] previousTo = new int[2 * LEVELS];
    private final int[] count = new int[2];
    private final int[] previousCount = new int[2];

    /** The checksum of the book as it stands, as an unsigned 32-bit value. */
    public long compute(OrderBook book) {
        int n = book.topAsks(prices, sizes, LEVELS);
        int len = side(0, n, 0);
        n = book.topBids(prices, sizes, LEVELS);
        len = side(1, n, len);
        crc.reset();
        crc.update(text, 0, len);
        swap();
        return crc.getValue();
    }

    /** Appends one side's {@code n} levels (in {@link #prices}, {@link #sizes}) from {@code len}. */
    private int side(int side, int n, int len) {
        final int base = side * LEVELS;
        final int before = previousCount[side];
        final byte[] out = text;
        for (int i = 0; i < n; i++) {
            final long p = prices[i];
            final long z = sizes[i];
            final int from = len;
            int j = -1;
            if (i < before && previousPrice[base + i] == p && previousSize[base + i] == z) {
                j = i;
            } else if (i + 1 < before && previousPrice[base + i + 1] == p && previousSize[base + i + 1] == z) {
                j = i + 1;
            } else if (i > 0 && i - 1 < before && previousPrice[base + i - 1] == p
                    && previousSize[base + i - 1] == z) {
                j = i - 1;
            }
            if (j >= 0) {
                int f = previousFrom[base + j];
                int l = previousTo[base + j] - f;
                System.arraycopy(previousText, f, out, len, l);
                len += l;
            } else {
                len = digits(p, len);
                len = digits(z, len);
            }
            levelPrice[base + i] = p;
            levelSize[base + i] = z;
            levelFrom[base + i] = from;
            levelTo[base + i] = len;
        }
        count[side] = n;
        return len;
    }

    /** This call's text and levels become the previous ones. */
    private void swap() {
        byte[] t = text;
        text = previousText;
        previousText = t;
        long[] a = levelPrice;
        levelPrice = previousPrice;
        previousPrice = a;
        a = levelSize;
        levelSize = previousSize;
        previousSize = a;
        int[] x = levelFrom;
        levelFrom = previousFrom;
        previousFrom = x;
        x = levelTo;
        levelTo = previousTo;
        previousTo = x;
        previousCount[0] = count[0];
        previousCount[1] = count[1];
    }

    /**
     * Appends the decimal digits of a non-negative mantissa. Kraken's rule (format at the instrument's precision,
     * remove the point, strip leading zeros) yields exactly these digits: {@code 0.10000000} at 8 decimals is
     * mantissa {@code 10000000}, written {@code "10000000"}. The number is split into 8-digit and then 4-digit
     * blocks with int arithmetic, so the divisions of different blocks do not wait on each other (one long chain of
     * divisions by 100 cost about twice as much).
     */
    private int digits(long v, int at) {
        final byte[] t = text;
        if (v < 100_000_000L) {
            return upTo8(t, (int) v, at);
        }
        long top = v / 100_000_000L;
        int rest = (int) (v - top * 100_000_000L);
        int i;
        if (top < 100_000_000L) {
            i = upTo8(t, (int) top, at);
        } else {
            long top2 = top / 100_000_000L; // below 1000: a long is below 10^19
            i = upTo8(t, (int) top2, at);
            i = fixed8(t, (int) (top - top2 * 100_000_000L), i);
        }
        return fixed8(t, rest, i);
    }

    /** {@code w < 10^8} without leading zeros. */
    private static int upTo8(byte[] t, int w, int at) {
        if (w < 10_000) {
            return upTo4(t, w, at);
        }
        int hi = w / 10_000;
        int i = upTo4(t, hi, at);
        fixed4(t, w - hi * 10_000, i);
        return i + 4;
    }

    /** {@code w < 10^8} as exactly 8 digits. */
    private static int fixed8(byte[] t, int w, int at) {
        int hi = w / 10_000;
        fixed4(t, hi, at);
        fixed4(t, w - hi * 10_000, at + 4);
        return at + 8;
    }

    /** {@code x < 10^4} as exactly 4 digits. */
    private static void fixed4(byte[] t, int x, int at) {
        int q = x / 100;
        int r = x - q * 100;
        t[at] = DIGIT_TENS[q];
        t[at + 1] = DIGIT_ONES[q];
        t[at + 2] = DIGIT_TENS[r];
        t[at + 3] = DIGIT_ONES[r];
    }

    /** {@code x < 10^4} without leading zeros ({@code 0} is {@code "0"}). */
    private static int upTo4(byte[] t, int x, int at) {
        if (x < 100) {
            if (x < 10) {
                t[at] = DIGIT_ONES[x];
                return at + 1;
            }
            t[at] = DIGIT_TENS[x];
            t[at + 1] = DIGIT_ONES[x];
            return at + 2;
        }
        int q = x / 100;
        int r = x - q * 100;
        if (q < 10) {
            t[at] = DIGIT_ONES[q];
            t[at + 1] = DIGIT_TENS[r];
            t[at + 2] = DIGIT_ONES[r];
            return at + 3;
        }
        t[at] = DIGIT_TENS[q];
        t[at + 1] = DIGIT_ONES[q];
        t[at + 2] = DIGIT_TENS[r];
        t[at + 3] = DIGIT_ONES[r];
        return at + 4;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }
}
