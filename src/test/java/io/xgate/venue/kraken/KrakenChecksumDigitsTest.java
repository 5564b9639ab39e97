package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.book.OrderBook;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** {@link KrakenChecksum} writes each mantissa's digits as {@link Long#toString} does, at every digit count. */
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
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < book.askCount(); k++) {
                s.append(book.askPrice(k)).append(book.askSize(k));
            }
            for (int k = 0; k < book.bidCount(); k++) {
                s.append(book.bidPrice(k)).append(book.bidSize(k));
            }
            CRC32 crc = new CRC32();
            crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
            assertEquals(crc.getValue(), sum.compute(book), s.toString());
        }
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
