package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.book.OrderBook;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * {@link KrakenChecksum} writes each mantissa's digits as {@link Long#toString} does, at every digit count, and
 * its reuse of the previous call's digits never changes the result: one instance follows long random sequences of
 * changes to two books in turn, against the checksum computed from strings.
 */
class KrakenChecksumDigitsTest {

    @Test
    void digitsAtEveryLengthAndPowerOfTenBoundary() {
        Random r = new Random(7);
        KrakenChecksum sum = new KrakenChecksum();
        for (int round = 0; round < 2_000; round++) {
            OrderBook book = new OrderBook("kraken", "X-Y", 8, 8, 64);
            // prices from 0 (written "0") to 18 digits
            long mid = round % 3 == 0 ? 10 : io.xgate.num.Decimals.pow10(r.nextInt(2, 19)) + r.nextInt(1_000_000);
            for (int k = 1; k <= 10; k++) {
                book.setBid(mid - k, size(r));
                book.setAsk(mid + k, size(r));
            }
            assertEquals(reference(book), sum.compute(book));
        }
    }

    @Test
    void reusedDigitsAlwaysGiveTheChecksumOfTheBookAsItStands() {
        Random r = new Random(11);
        KrakenChecksum sum = new KrakenChecksum();
        OrderBook[] books = {new OrderBook("kraken", "A", 1, 8, 64), new OrderBook("kraken", "B", 1, 8, 64)};
        for (OrderBook b : books) {
            for (int k = 1; k <= 15; k++) {
                b.setBid(1000 - k, 1 + r.nextInt(5));
                b.setAsk(1000 + k, 1 + r.nextInt(5));
            }
        }
        for (int step = 0; step < 100_000; step++) {
            OrderBook b = books[r.nextInt(8) == 0 ? 1 : 0];
            int changes = r.nextInt(4) == 0 ? 1 + r.nextInt(20) : 1;
            for (int c = 0; c < changes; c++) {
                // prices near the touch, sizes from few values: moves, inserts, deletes and repeats of levels
                long size = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(5);
                if (r.nextBoolean()) {
                    b.setBid(1000 - 1 - r.nextInt(14), size);
                } else {
                    b.setAsk(1000 + 1 + r.nextInt(14), size);
                }
            }
            b.truncate(10 + r.nextInt(3));
            assertEquals(reference(b), sum.compute(b), "step " + step + ": " + b);
        }
    }

    private static long reference(OrderBook book) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(10, book.askCount()); k++) {
            s.append(book.askPrice(k)).append(book.askSize(k));
        }
        for (int k = 0; k < Math.min(10, book.bidCount()); k++) {
            s.append(book.bidPrice(k)).append(book.bidSize(k));
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** 1 to 10^18-ish, often exactly a power of ten or one below. */
    private static long size(Random r) {
        long p = io.xgate.num.Decimals.pow10(r.nextInt(19));
        return switch (r.nextInt(4)) {
            case 0 -> p;
            case 3 -> Long.MAX_VALUE - r.nextInt(1000);
            case 1 -> Math.max(1, p - 1);
            default -> Math.max(1, (long) (r.nextDouble() * p));
        };
    }
}
