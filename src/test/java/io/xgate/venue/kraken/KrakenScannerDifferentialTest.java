package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.Fixtures;
import io.xgate.venue.ScannerDifferential;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link KrakenScanner} to {@link KrakenDecoder} (the reference): the protocol reference's book and trade
 * fixtures, frames generated as the simulator formats them ({@code KrakenSimServer}: full precision or now and
 * then shortened, deletes as {@code qty} 0, {@code Instant.toString} timestamps), and a million mutants of them.
 */
class KrakenScannerDifferentialTest {

    /** Scales as Kraken's instrument channel gives them: price_precision, qty_precision. */
    private static final List<Instrument> INSTRUMENTS = List.of(
            Fixtures.instrument("BTC-USD", "BTC/USD", 1, 8),
            Fixtures.instrument("ETH-USD", "ETH/USD", 2, 8),
            Fixtures.instrument("MATIC-USD", "MATIC/USD", 4, 8),
            Fixtures.instrument("ALGO-USD", "ALGO/USD", 5, 8),
            Fixtures.instrument("SHIB-USD", "SHIB/USD", 8, 0),
            Fixtures.instrument("DOGE-USD", "DOGE/USD", 7, 2));

    private final KrakenScanner scanner = new KrakenScanner(INSTRUMENTS);
    private final KrakenDecoder decoder = new KrakenDecoder(new SymbolTable(INSTRUMENTS, false));

    @Test
    void scannerAndDecoderAgreeOnFixturesGeneratedFramesAndAMillionMutants() {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : List.of("bookSnapshot.json", "bookUpdate.json", "tradeSnapshot.json", "tradeUpdate.json")) {
            seeds.add(compact(Fixtures.bytes("kraken/" + f)));
        }
        seeds.addAll(generated(new Random(20261201), 3_000));
        ScannerDifferential.Result r = ScannerDifferential.run("kraken", seeds, 1_000_000, 12, this::viaScanner,
                this::viaDecoder);
        assertTrue(r.scanned() > seeds.size() + 50_000, "the mutants exercise the scanner too: " + r);
        assertTrue(r.deferred() > 100_000, "and its refusals: " + r);
    }

    @Test
    void theDocumentedSnapshotAsPrintedDefersAndTheOtherChannelsToo() {
        // the reference prints the snapshot wrapped over lines; the venue sends it compact
        assertNull(scan((Fixtures.bytes("kraken/bookSnapshot.json"))));
        for (String f : List.of("ticker.json", "subscribeAck.json")) {
            assertNull(scan((Fixtures.bytes("kraken/" + f))), f);
        }
        assertNull(scan(("{\"channel\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8))));
        KrakenMessage m = scan((compact(Fixtures.bytes("kraken/bookSnapshot.json"))));
        assertNotNull(m);
        assertEquals(2_439_117_997L, m.book(0).checksum());
        assertEquals(5660, m.book(0).bids().price(6), "0.566 is 0.5660 at the pair's precision");
    }

    @Test
    void readsOnlyTheFramesBytesNotTheBufferBeyond() {
        byte[] f = compact(Fixtures.bytes("kraken/bookUpdate.json"));
        byte[] buffer = new byte[f.length + 16];
        System.arraycopy(f, 0, buffer, 0, f.length);
        assertNotNull(scanner.scan(buffer, 0, f.length));
        assertNull(scanner.scan(buffer, 0, f.length - 1), "truncated inside the closing brace");
        assertNull(scanner.scan(buffer, 0, f.length - 4), "truncated inside the timestamp");
    }

    private KrakenMessage scan(byte[] f) {
        return scanner.scan(f, 0, f.length);
    }

    private String viaScanner(byte[] f) {
        KrakenMessage m = scanner.scan(f, 0, f.length);
        return m == null ? null : describe(m);
    }

    private String viaDecoder(byte[] f) {
        return describe(decoder.decode(f, 0, f.length));
    }

    /** Every field the protocol uses, in order. */
    static String describe(KrakenMessage m) {
        StringBuilder s = new StringBuilder().append(m.kind()).append(" method=").append(m.method())
                .append(" success=").append(m.success()).append(" error=").append(m.error()).append(" req=")
                .append(m.requestId());
        for (int k = 0; k < m.bookCount(); k++) {
            KrakenMessage.Book b = m.book(k);
            s.append(" | ").append(b.instrument() == null ? null : b.instrument().venueSymbol()).append(" bids");
            levels(s, b.bids());
            s.append(" asks");
            levels(s, b.asks());
            s.append(" checksum=").append(b.checksum()).append(" ts=").append(b.timestampNanos());
        }
        for (int k = 0; k < m.tradeCount(); k++) {
            KrakenMessage.TradeEntry t = m.trade(k);
            s.append(" | trade ").append(t.instrument().venueSymbol()).append(t.buy() ? " buy " : " sell ")
                    .append(t.price()).append(" x ").append(t.quantity()).append(" id=").append(t.tradeId())
                    .append(" ts=").append(t.timestampNanos());
        }
        return s.toString();
    }

    private static void levels(StringBuilder s, io.xgate.venue.LevelBuffer l) {
        s.append('[');
        for (int i = 0; i < l.count(); i++) {
            s.append(i == 0 ? "" : ",").append(l.price(i)).append(':').append(l.size(i));
        }
        s.append(']');
    }

    /** The reference's wrapped example as the venue sends it: one line, no whitespace between tokens. */
    private static byte[] compact(byte[] f) {
        return new String(f, StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", "").trim()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Frames formatted as {@code KrakenSimServer} formats its book snapshots and updates and its trades. */
    static List<byte[]> generated(Random r, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Instrument i = INSTRUMENTS.get(r.nextInt(INSTRUMENTS.size()));
            Instant now = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(200_000_000),
                    r.nextInt(4) == 0 ? r.nextInt(1000) * 1_000_000 : r.nextInt(1_000_000_000));
            String ts = r.nextInt(10) == 0 ? now.toString().replaceFirst("\\.\\d+Z", "Z") : now.toString();
            int kind = r.nextInt(10);
            if (kind == 0) {
                out.add(("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + i.venueSymbol()
                        + "\",\"side\":\"" + (r.nextBoolean() ? "buy" : "sell") + "\",\"price\":"
                        + Decimals.toString(price(r, i), i.priceScale()) + ",\"qty\":"
                        + Decimals.toString(qty(r, i), i.sizeScale()) + ",\"ord_type\":\""
                        + (r.nextBoolean() ? "market" : "limit") + "\",\"trade_id\":" + r.nextInt(Integer.MAX_VALUE)
                        + ",\"timestamp\":\"" + ts + "\"}]}").getBytes(StandardCharsets.UTF_8));
                continue;
            }
            boolean snapshot = kind == 1;
            int depth = snapshot ? 10 + r.nextInt(16) : 0;
            StringBuilder bids = new StringBuilder();
            StringBuilder asks = new StringBuilder();
            int nb = snapshot ? depth : r.nextInt(4) == 0 ? r.nextInt(11) : r.nextInt(3);
            int na = snapshot ? depth : r.nextInt(4) == 0 ? r.nextInt(11) : r.nextInt(3);
            if (!snapshot && nb + na == 0) {
                nb = 1;
            }
            for (int j = 0; j < nb; j++) {
                level(r, bids, price(r, i), snapshot || r.nextInt(5) > 0 ? qty(r, i) : 0, i);
            }
            for (int j = 0; j < na; j++) {
                level(r, asks, price(r, i), snapshot || r.nextInt(5) > 0 ? qty(r, i) : 0, i);
            }
            long checksum = r.nextLong() & 0xFFFF_FFFFL;
            out.add(("{\"channel\":\"book\",\"type\":\"" + (snapshot ? "snapshot" : "update")
                    + "\",\"data\":[{\"symbol\":\"" + i.venueSymbol() + "\",\"bids\":[" + bids + "],\"asks\":["
                    + asks + "],\"checksum\":" + checksum + ",\"timestamp\":\"" + ts + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static long price(Random r, Instrument i) {
        // from sub-unit prices to six-figure ones, at the instrument's precision
        long units = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(10);
            case 2 -> r.nextInt(10_000);
            default -> 10_000 + r.nextInt(200_000);
        };
        return units * Decimals.pow10(i.priceScale()) + (long) (r.nextDouble() * Decimals.pow10(i.priceScale()));
    }

    private static long qty(Random r, Instrument i) {
        long v = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(1000);
            case 1 -> Decimals.pow10(i.sizeScale()) * (1 + r.nextInt(100));
            case 2 -> (long) (r.nextDouble() * 50 * Decimals.pow10(i.sizeScale()));
            default -> (long) (r.nextDouble() * 100_000 * Decimals.pow10(i.sizeScale()));
        };
        return Math.max(1, v);
    }

    /** As the simulator: at full precision, or one time in four shortened (trailing zeros stripped). */
    private static void level(Random r, StringBuilder out, long price, long qty, Instrument i) {
        boolean shortened = r.nextInt(4) == 0;
        out.append(out.length() == 0 ? "" : ",").append("{\"price\":")
                .append(shortened ? Decimals.toStrippedString(price, i.priceScale())
                        : Decimals.toString(price, i.priceScale()))
                .append(",\"qty\":")
                .append(shortened ? Decimals.toStrippedString(qty, i.sizeScale()) : Decimals.toString(qty, i.sizeScale()))
                .append('}');
    }
}
