package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.Fixtures;
import io.xgate.venue.ScannerDifferential;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Binance byte scanner against its reference, the Jackson {@link BinanceDecoder}: the shared session's
 * frames, generated {@code depthUpdate} and {@code trade} frames of several instruments (raw and combined), the
 * protocol reference's fixtures, and a million mutants of them (see {@link ScannerDifferential}).
 */
class BinanceScannerDifferentialTest {

    private static final List<Instrument> INSTRUMENTS = List.of(
            new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 8, 1),
            new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 4, 1),
            new Instrument("BNB-BTC", "BNBBTC", 6, 1, 3, 1),
            new Instrument("SHIB-USDT", "SHIBUSDT", 8, 1, 0, 1));

    private final BinanceScanner scanner = new BinanceScanner(INSTRUMENTS);
    private final BinanceMessage scanned = new BinanceMessage();
    private final BinanceDecoder decoder = new BinanceDecoder(new SymbolTable(INSTRUMENTS, true));

    @Test
    void scannerAndDecoderAgreeOnAMillionMutants() {
        List<byte[]> seeds = new ArrayList<>();
        List<byte[]> session = BinanceSession.generate().frames();
        for (int i = 0; i < session.size(); i += 100) {
            seeds.add(session.get(i));
        }
        SplittableRandom r = new SplittableRandom(20261201);
        for (int i = 0; i < 2_000; i++) {
            seeds.add(generated(r));
        }
        List<byte[]> extras = new ArrayList<>();
        for (String f : List.of("depthUpdate.json", "trade.json", "aggTrade.json", "bookTicker.json",
                "partialDepth.json", "subscribeResult.json")) {
            extras.add(Fixtures.bytes("binance/" + f));
        }
        extras.add(ascii("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"));
        ScannerDifferential.Result result = ScannerDifferential.run("binance", seeds, extras, 1_000_000, 11,
                this::viaScanner, this::viaDecoder);
        assertTrue(result.scanned() > 100_000, "the scanner read too few mutants to mean much: " + result);
        assertTrue(result.deferred() > 100_000, "the mutants should mostly be refused: " + result);
    }

    @Test
    void theTradeFixtureIsReadExactly() {
        BinanceMessage m = new BinanceMessage();
        byte[] f = new String(Fixtures.bytes("binance/trade.json"), StandardCharsets.UTF_8).strip()
                .getBytes(StandardCharsets.UTF_8); // the file ends in a newline, a frame does not
        assertTrue(scanner.scan(f, 0, f.length, m));
        assertEquals(BinanceMessage.Kind.TRADE, m.kind());
        assertEquals("BNBBTC", m.instrument().venueSymbol());
        assertEquals(12345, m.tradeId());
        assertEquals(1_000, m.price()); // 0.001 at 6 decimals
        assertEquals(100_000, m.quantity()); // 100 at 3 decimals
        assertTrue(m.buyerIsMaker());
        assertEquals(1672515782136L * 1_000_000, m.tradeTimeNanos());
    }

    @Test
    void aCombinedDepthFrameIsReadIntoOneExactArray() {
        byte[] f = ascii("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":5,\"s\":\"BTCUSDT\","
                + "\"U\":7,\"u\":9,\"b\":[[\"60000.01000000\",\"0.50000000\"],[\"59999.00\",\"0\"]],\"a\":[[\"60001.5\",\"2\"]]}}");
        BinanceMessage m = new BinanceMessage();
        assertTrue(scanner.scan(f, 0, f.length, m));
        assertEquals(BinanceMessage.Kind.DEPTH_UPDATE, m.kind());
        assertEquals(7, m.firstUpdateId());
        assertEquals(9, m.lastUpdateId());
        assertEquals(5_000_000, m.eventTimeNanos());
        assertEquals(2, m.bidCount());
        assertArrayEquals(new long[] {6_000_001, 50_000_000, 5_999_900, 0, 6_000_150, 200_000_000}, m.levels());
    }

    @Test
    void whatTheScannerDoesNotKnowExactlyItDefers() {
        String ok = "{\"e\":\"depthUpdate\",\"E\":5,\"s\":\"BTCUSDT\",\"U\":7,\"u\":9,\"b\":[[\"1.00\",\"2\"]],\"a\":[]}";
        assertTrue(scans(ok));
        assertFalse(scans(ok.replace("\"E\":5,", "\"E\": 5,")), "whitespace");
        assertFalse(scans(ok.replace("BTCUSDT", "BTCUSDt")), "case: the decoder looks up case-insensitively");
        assertFalse(scans(ok.replace("\"1.00\"", "\"1.001\"")), "a digit beyond the price scale");
        assertFalse(scans(ok.replace("\"1.00\"", "\"1e0\"")), "exponent");
        assertFalse(scans(ok.replace("\"1.00\"", "1.00")), "a number where the venue sends a string");
        assertFalse(scans(ok.replace("\"U\":7", "\"U\":10")), "u < U: the decoder refuses it");
        assertFalse(scans(ok.replace("BTCUSDT", "BTC\\u0055SDT")), "escape");
        assertFalse(scans(ok.replace("\"U\":7,\"u\":9", "\"u\":9,\"U\":7")), "key order");
        assertFalse(scans("{\"stream\":\"ethusdt@depth@100ms\",\"data\":" + ok + "}"), "stream of another symbol");
        assertFalse(scans(ok + " "), "trailing bytes");
        assertFalse(scans(ok.replace("\"2\"", "\"99999999999999999999\"")), "too large");
    }

    private boolean scans(String frame) {
        byte[] f = ascii(frame);
        return scanner.scan(f, 0, f.length, new BinanceMessage());
    }

    /** A depthUpdate or trade of a random instrument, raw or combined, in the venue's exact shape. */
    private static byte[] generated(SplittableRandom r) {
        Instrument i = INSTRUMENTS.get(r.nextInt(INSTRUMENTS.size()));
        String lower = i.venueSymbol().toLowerCase(Locale.ROOT);
        long e = 1_700_000_000_000L + r.nextLong(1_000_000_000L);
        String data;
        String stream;
        if (r.nextInt(3) == 0) {
            stream = lower + "@trade";
            data = "{\"e\":\"trade\",\"E\":" + e + ",\"s\":\"" + i.venueSymbol() + "\",\"t\":" + r.nextLong(1L << 40)
                    + ",\"p\":\"" + decimal(r, i.priceScale()) + "\",\"q\":\"" + decimal(r, i.sizeScale())
                    + "\",\"T\":" + (e - r.nextInt(5)) + ",\"m\":" + r.nextBoolean() + ",\"M\":true}";
        } else {
            stream = lower + (r.nextBoolean() ? "@depth@100ms" : "@depth");
            long u0 = r.nextLong(1L << 40);
            long u1 = u0 + r.nextInt(50);
            data = "{\"e\":\"depthUpdate\",\"E\":" + e + ",\"s\":\"" + i.venueSymbol() + "\",\"U\":" + u0 + ",\"u\":"
                    + u1 + ",\"b\":" + levels(r, i) + ",\"a\":" + levels(r, i) + "}";
        }
        String frame = r.nextInt(4) == 0 ? data : "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";
        return ascii(frame);
    }

    private static String levels(SplittableRandom r, Instrument i) {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(12);
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : ",").append("[\"").append(decimal(r, i.priceScale())).append("\",\"")
                    .append(r.nextInt(5) == 0 ? "0.00000000" : decimal(r, i.sizeScale())).append("\"]");
        }
        return sb.append(']').toString();
    }

    /** A value at the scale, written with the scale's digits or padded to 8 as Binance pads. */
    private static String decimal(SplittableRandom r, int scale) {
        long m = r.nextInt(4) == 0 ? r.nextLong(100) : r.nextLong(1_000_000_000_000L);
        String s = Decimals.toString(m, scale);
        if (r.nextBoolean() && scale < 8) {
            s = (scale == 0 ? s + "." : s) + "0".repeat(8 - scale);
        }
        return s;
    }

    private String viaScanner(byte[] f) {
        return scanner.scan(f, 0, f.length, scanned) ? describe(scanned) : null;
    }

    private String viaDecoder(byte[] f) {
        return describe(decoder.decode(f, 0, f.length));
    }

    /** Everything the protocol uses of a message, for the hot kinds; other kinds by their kind alone. */
    private static String describe(BinanceMessage m) {
        switch (m.kind()) {
            case DEPTH_UPDATE:
                return "depth " + m.instrument().symbol() + " E=" + m.eventTimeNanos() + " U=" + m.firstUpdateId()
                        + " u=" + m.lastUpdateId() + " bids=" + m.bidCount() + " " + Arrays.toString(m.levels());
            case TRADE:
                return "trade " + m.instrument().symbol() + " E=" + m.eventTimeNanos() + " t=" + m.tradeId() + " p="
                        + m.price() + " q=" + m.quantity() + " T=" + m.tradeTimeNanos() + " m=" + m.buyerIsMaker();
            default:
                return m.kind().name();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
