package io.xgate.venue.okx;

import io.xgate.book.OrderBook;
import io.xgate.num.Decimals;
import java.util.zip.CRC32;

/**
 * OKX's book checksum (protocol reference 3.3), with the 2026 rule of 3.2a. Over the best {@value #LEVELS} bids
 * and the best {@value #LEVELS} asks, alternating {@code bid1px:bid1sz:ask1px:ask1sz:bid2px:...} joined by
 * {@code :}; when one side runs out, the other side's remaining levels follow on their own. The value is the
 * CRC32 (IEEE) of that text read as a <em>signed</em> 32-bit integer.
 *
 * <p>The document asks for the original strings as received. The book keeps mantissas, so each is written the
 * way OKX writes its numbers: plain decimal, trailing fractional zeros and a bare point removed ({@code 8477},
 * {@code 3366.1}, {@code 0.12060306}), which reproduces every example in the reference. The book must hold the
 * sizes as the venue sent them: a book held in base units for a SWAP (as xgate's books are) is checksummed with
 * {@link #compute(OrderBook, OkxContractSize)}, which writes its sizes back in contracts.
 *
 * <p><b>Checksum 0 means none</b> (3.2a: since June 2026 OKX sends {@code checksum: 0} in every book message): a 0
 * is never compared and never a reason to resync, see {@link #present(long)} and {@link #matches}. A non-zero
 * checksum (older deployments, recordings) is verified. Allocation-free; not thread-safe (one per book owner).
 */
public final class OkxChecksum {

    /** Levels per side that the checksum covers. */
    public static final int LEVELS = 25;

    private final CRC32 crc = new CRC32();
    private final long[] bidPrices = new long[LEVELS];
    private final long[] bidSizes = new long[LEVELS];
    private final long[] askPrices = new long[LEVELS];
    private final long[] askSizes = new long[LEVELS];
    /** 100 numbers and their separators. */
    private final byte[] text = new byte[4 * LEVELS * (Decimals.MAX_FORMATTED_LENGTH + 1)];

    /**
     * Whether a book message's checksum is to be checked: {@code false} for 0, which OKX sends since 2026 to mean
     * "no checksum". A 0 is accepted as it is and is never a resync.
     */
    public static boolean present(long checksum) {
        return checksum != 0;
    }

    /**
     * Whether the book agrees with the venue's checksum: always {@code true} when the checksum is absent (0), else
     * whether {@link #compute} equals it.
     */
    public boolean matches(OrderBook book, long venueChecksum) {
        return !present(venueChecksum) || compute(book) == venueChecksum;
    }

    /** The signed CRC32 of the book's top {@value #LEVELS} levels per side as it stands. */
    public int compute(OrderBook book) {
        return compute(book, null);
    }

    /**
     * The signed CRC32 of a book held in base units whose venue quotes it in contracts ({@code SWAP}): each size is
     * converted back to contracts at the book's size scale, exactly, before it is written, so that the text is the
     * one the venue checksummed. {@code contracts == null} writes the sizes as held (spot).
     *
     * @throws ArithmeticException if a size is not an exact number of contracts at the book's size scale (the book
     *                             then cannot be the venue's)
     */
    public int compute(OrderBook book, OkxContractSize contracts) {
        final int ps = book.priceScale();
        final int ss = book.sizeScale();
        int nb = book.topBids(bidPrices, bidSizes, LEVELS);
        int na = book.topAsks(askPrices, askSizes, LEVELS);
        if (contracts != null) {
            for (int i = 0; i < nb; i++) {
                bidSizes[i] = contracts.toContracts(bidSizes[i], ss, ss);
            }
            for (int i = 0; i < na; i++) {
                askSizes[i] = contracts.toContracts(askSizes[i], ss, ss);
            }
        }
        int len = 0;
        for (int i = 0; i < Math.max(nb, na); i++) {
            if (i < nb) {
                len = level(bidPrices[i], ps, bidSizes[i], ss, len);
            }
            if (i < na) {
                len = level(askPrices[i], ps, askSizes[i], ss, len);
            }
        }
        crc.reset();
        crc.update(text, 0, len);
        return (int) crc.getValue();
    }

    private int level(long price, int ps, long size, int ss, int at) {
        if (at > 0) {
            text[at++] = ':';
        }
        at = Decimals.formatStripped(price, ps, text, at);
        text[at++] = ':';
        return Decimals.formatStripped(size, ss, text, at);
    }
}
