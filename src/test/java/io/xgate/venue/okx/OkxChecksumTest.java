package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.Fixtures;
import io.xgate.venue.SymbolTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** OKX's book checksum (protocol reference 3.3) and the 2026 "checksum 0 means none" rule (3.2a). */
class OkxChecksumTest {

    private final Instrument btc = Fixtures.instrument("BTC-USDT", "BTC-USDT", 2, 8);
    private final OkxDecoder decoder = new OkxDecoder(new SymbolTable(List.of(btc), false));
    private final OkxChecksum checksum = new OkxChecksum();

    /** C5 (OFFICIAL): the check string and value of the OKX docs, from the levels as the venue sends them. */
    @Test
    void officialVectorC5() {
        CRC32 crc = new CRC32();
        crc.update("3366.1:7:3366.8:9:3366:6:3368:8".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1_881_014_294, (int) crc.getValue(), "the document's string gives the document's value");

        byte[] frame = ("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[{"
                + "\"bids\":[[\"3366.1\",\"7\",\"0\",\"3\"],[\"3366\",\"6\",\"3\",\"4\"]],"
                + "\"asks\":[[\"3366.8\",\"9\",\"10\",\"3\"],[\"3368\",\"8\",\"3\",\"4\"]],"
                + "\"ts\":\"1\",\"checksum\":-1881014294,\"prevSeqId\":-1,\"seqId\":1}]}").getBytes(StandardCharsets.UTF_8);
        OkxMessage m = decoder.decode(frame, 0, frame.length);
        OrderBook book = new OrderBook("okx", "BTC-USDT", 2, 8);
        apply(book, m);
        assertEquals(-1_881_014_294, checksum.compute(book));
        assertTrue(checksum.matches(book, m.checksum()));
        book.setBid(336_600, 600_000_001L);
        assertFalse(checksum.matches(book, m.checksum()), "a changed level changes the checksum");
    }

    /**
     * C7 is INCONSISTENT in the reference: the snapshot example prints -855196043, but its own levels give
     * -2102840145 (asks first would give -718000915). Not a test vector of the venue: a check of our formatting
     * ({@code 8477}, {@code 8475.3}, {@code 8446}) against the document's own computation.
     */
    @Test
    void theDocumentsSnapshotGivesTheValueTheReferenceComputed() {
        OkxMessage m = decoder.decode(Fixtures.bytes("okx/booksSnapshot.json"), 0,
                Fixtures.bytes("okx/booksSnapshot.json").length);
        OrderBook book = new OrderBook("okx", "BTC-USDT", 2, 8);
        apply(book, m);
        assertEquals(-2_102_840_145, checksum.compute(book));
        assertNotEquals(m.checksum(), checksum.compute(book), "the printed example value is illustrative only");
    }

    /** 3.2a: since 2026 OKX sends checksum 0, meaning none; a 0 is accepted whatever the book, never a resync. */
    @Test
    void checksumZeroIsAcceptedNeverAResync() {
        assertFalse(OkxChecksum.present(0));
        assertTrue(OkxChecksum.present(-1_881_014_294));
        OrderBook book = new OrderBook("okx", "BTC-USDT", 2, 8);
        book.setBid(100, 1);
        book.setAsk(99, 1); // even a nonsensical book
        assertTrue(checksum.matches(book, 0));
        assertFalse(checksum.matches(book, 12345));
    }

    /** Differential: 25 levels per side at most, alternating, the longer side's rest on its own; BigDecimal text. */
    @Test
    void topTwentyFiveAlternatingAgainstAReferenceImplementation() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            OrderBook book = new OrderBook("okx", "BTC-USDT", 2, 8);
            int nb = r.nextInt(40);
            int na = r.nextInt(40);
            for (int i = 0; i < nb; i++) {
                book.setBid(5_000_000 - r.nextInt(100_000), 1 + r.nextInt(1_000_000_000));
            }
            for (int i = 0; i < na; i++) {
                book.setAsk(5_000_001 + r.nextInt(100_000), (1 + r.nextInt(1000)) * 100_000L);
            }
            assertEquals(reference(book), checksum.compute(book), "round " + round);
        }
    }

    private static int reference(OrderBook book) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            if (i < book.bidCount()) {
                s.append(s.length() == 0 ? "" : ":").append(text(book.bidPrice(i), 2)).append(':')
                        .append(text(book.bidSize(i), 8));
            }
            if (i < book.askCount()) {
                s.append(s.length() == 0 ? "" : ":").append(text(book.askPrice(i), 2)).append(':')
                        .append(text(book.askSize(i), 8));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    private static String text(long mantissa, int scale) {
        return BigDecimal.valueOf(mantissa, scale).stripTrailingZeros().toPlainString();
    }

    @Test
    void formatsAsTheVenueDoes() {
        assertEquals("8477", Decimals.toStrippedString(847_700, 2));
        assertEquals("0.12060306", Decimals.toStrippedString(12_060_306, 8));
    }

    static void apply(OrderBook book, OkxMessage m) {
        if (m.kind() == OkxMessage.Kind.BOOK_SNAPSHOT) {
            book.clear();
        }
        for (int i = 0; i < m.bids().count(); i++) {
            book.setBid(m.bids().price(i), m.bids().size(i));
        }
        for (int i = 0; i < m.asks().count(); i++) {
            book.setAsk(m.asks().price(i), m.asks().size(i));
        }
    }
}
