package io.xgate.venue.kraken;

import io.xgate.book.OrderBook;
import io.xgate.num.Decimals;
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
    private final byte[] text = new byte[Decimals.MAX_FORMATTED_LENGTH];
    private final byte[] digits = new byte[Decimals.MAX_FORMATTED_LENGTH];

    /** The checksum of the book as it stands, as an unsigned 32-bit value. */
    public long compute(OrderBook book) {
        crc.reset();
        int n = book.topAsks(prices, sizes, LEVELS);
        for (int i = 0; i < n; i++) {
            add(prices[i], book.priceScale());
            add(sizes[i], book.sizeScale());
        }
        n = book.topBids(prices, sizes, LEVELS);
        for (int i = 0; i < n; i++) {
            add(prices[i], book.priceScale());
            add(sizes[i], book.sizeScale());
        }
        return crc.getValue();
    }

    private void add(long mantissa, int scale) {
        int len = Decimals.formatFixed(mantissa, scale, text, 0);
        int k = 0;
        for (int i = 0; i < len; i++) {
            byte c = text[i];
            if (c == '.' || (k == 0 && c == '0')) {
                continue;
            }
            digits[k++] = c;
        }
        crc.update(digits, 0, k);
    }
}
