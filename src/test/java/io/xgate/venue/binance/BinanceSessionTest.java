package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.book.OrderBook;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The Java port of {@code ../shared/bench/gen-binance-frames.js} against the generator's own output, and the
 * replay of the default session through the production classes.
 *
 * <p>The check is the recorded-hash variant, so it always runs and needs neither node nor {@code ../shared}: the
 * SHA-256 below is that of the whole file written by {@code node gen-binance-frames.js 200000 frames.jsonl}
 * (node 20, default seed 11; 200,001 lines). Equal hashes mean the port writes the same bytes.
 */
class BinanceSessionTest {

    /** {@code sha256sum} of node's {@code gen-binance-frames.js 200000 /tmp/frames.jsonl}. */
    private static final String NODE_SHA256 = "c20aa6225708febd25053b0f214a8898d21fb7aa081b959945f2c597c4977b49";

    private static final BinanceSession SESSION = BinanceSession.generate();

    @Test
    void thePortWritesTheGeneratorsBytes() throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(SESSION.writeTo());
        assertEquals(NODE_SHA256, HexFormat.of().formatHex(sha));
    }

    @Test
    void toFixedRoundsTheDoublesExactValue() {
        assertEquals("60000.00000000", BinanceSession.fixed8(6_000_000 / 100.0));
        assertEquals("0.00000000", BinanceSession.fixed8(0 / 1e8));
        assertEquals("1.00000000", BinanceSession.fixed8(0.999999995)); // 0.99999999500000003...: up
        assertEquals("0.00000001", BinanceSession.fixed8(0.000000005)); // 5.0000000000000001e-9: up
    }

    @Test
    void theReplayEndsWithTheJacksonPathsBook() {
        OrderBook book = new BinanceReplay().replay(SESSION);
        assertEquals(5_999_999, book.bestBid(), "best bid 59999.99");
        assertEquals(390_335_129, book.bidSize(0), "best bid size 3.90335129");
        assertEquals(6_000_001, book.bestAsk(), "best ask 60000.01");
        assertEquals(163_631_843, book.askSize(0), "best ask size 1.63631843");
        assertEquals(944, book.bidCount());
        assertEquals(958, book.askCount());
    }
}
