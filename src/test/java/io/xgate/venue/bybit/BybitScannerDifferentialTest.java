package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.Fixtures;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.ScannerDifferential;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BybitScanner} held to {@link BybitDecoder}: the protocol reference's {@code orderbook} fixtures, frames
 * generated as {@code BybitSimServer} writes them (depths 1, 50, 200, 1000; snapshots and deltas; {@code ts} before
 * {@code type} for spot and linear level 1, after it for deeper linear books), and a million mutants, split over the
 * two connection groups (spot and linear have separate scanners, as separate connections do).
 */
class BybitScannerDifferentialTest {

    private static final List<Instrument> SPOT = List.of(Fixtures.instrument("BTC-USDT", "BTCUSDT", 2, 6),
            Fixtures.instrument("ETH-USDT", "ETHUSDT", 2, 5), Fixtures.instrument("XRP-USDT", "XRPUSDT", 4, 2));
    private static final List<Instrument> LINEAR = List.of(
            new Instrument("BTC-USDT-PERP", "BTCUSDT", 1, 1, 3, 1, Instrument.Kind.PERPETUAL, 1_000),
            new Instrument("SOL-USDT-PERP", "SOLUSDT", 3, 1, 1, 1, Instrument.Kind.PERPETUAL, 10));
    private static final int[] DEPTHS = {1, 50, 200, 1000};

    @Test
    void spotScannerAndDecoderAgreeOnMutants() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(trim(Fixtures.bytes("bybit/orderbookSnapshot.json")));
        seeds.add(trim(Fixtures.bytes("bybit/orderbookDelta.json")));
        Random r = new Random(20_261_201L);
        for (int n = 0; n < 300; n++) {
            seeds.add(generated(r, SPOT, false));
        }
        run("Bybit spot", SPOT, seeds, 600_000, 42L);
    }

    @Test
    void linearScannerAndDecoderAgreeOnMutants() {
        List<byte[]> seeds = new ArrayList<>();
        Random r = new Random(20_261_202L);
        for (int n = 0; n < 300; n++) {
            seeds.add(generated(r, LINEAR, true));
        }
        run("Bybit linear", LINEAR, seeds, 400_000, 43L);
    }

    private static void run(String name, List<Instrument> group, List<byte[]> seeds, long mutants, long seed) {
        BybitScanner scanner = new BybitScanner(group);
        BybitDecoder decoder = new BybitDecoder(new SymbolTable(group, false));
        ScannerDifferential.Result result = ScannerDifferential.run(name, seeds, mutants, seed,
                f -> describe(scanner.scan(f, 0, f.length)), f -> describe(decoder.decode(f, 0, f.length)));
        assertTrue(result.scanned() > mutants / 10, "the scanner read " + result.scanned() + " frames only");
    }

    @Test
    void framesOutsideTheHotShapeAreDeferredAndDecoded() {
        BybitScanner scanner = new BybitScanner(SPOT);
        BybitDecoder decoder = new BybitDecoder(new SymbolTable(SPOT, false));
        for (String f : List.of("publicTrade", "pongSpot", "pongLinear", "pongOption", "pongPrivate",
                "subscribeAckSpot", "subscribeAckLinear")) {
            byte[] b = Fixtures.bytes("bybit/" + f + ".json");
            assertNull(scanner.scan(b, 0, b.length), f);
            assertNotNull(decoder.decode(b, 0, b.length).kind(), f);
        }
        byte[] delta = trim(Fixtures.bytes("bybit/orderbookDelta.json"));
        BybitMessage m = scanner.scan(delta, 0, delta.length);
        assertEquals(BybitMessage.Kind.BOOK_DELTA, m.kind());
        assertEquals(0, m.symbolIndex());
        assertEquals(50, m.depth());
        assertEquals(66_544_703_342L, m.seq());
        assertEquals(describe(decoder.decode(delta, 0, delta.length)), describe(m));
    }

    /** An {@code orderbook} push as the simulator writes it. */
    static byte[] generated(Random r, List<Instrument> group, boolean linear) {
        Instrument i = group.get(r.nextInt(group.size()));
        int depth = DEPTHS[r.nextInt(DEPTHS.length)];
        boolean snapshot = depth == 1 || r.nextInt(5) == 0;
        String type = snapshot ? "snapshot" : "delta";
        long now = 1_672_000_000_000L + r.nextInt(Integer.MAX_VALUE);
        long mid = (1 + r.nextInt(100_000)) * Decimals.pow10(i.priceScale()) + r.nextInt(100);
        int max = depth == 1 ? 1 : r.nextBoolean() ? 4 : Math.min(depth, 60);
        String data = "{\"s\":\"" + i.venueSymbol() + "\",\"b\":[" + levels(r, i, mid, -1, r.nextInt(max + 1), !snapshot)
                + "],\"a\":[" + levels(r, i, mid + 1, 1, r.nextInt(max + 1), !snapshot) + "],\"u\":"
                + (r.nextInt(10) == 0 ? 1 : 1 + r.nextInt(Integer.MAX_VALUE)) + ",\"seq\":"
                + (1_000_000_000L + r.nextLong(100_000_000_000L)) + "}";
        boolean tsFirst = !linear || depth == 1;
        return ("{\"topic\":\"orderbook." + depth + "." + i.venueSymbol() + "\"," + (tsFirst ? "\"ts\":" + now
                + ",\"type\":\"" + type + "\"" : "\"type\":\"" + type + "\",\"ts\":" + now) + ",\"data\":" + data
                + ",\"cts\":" + (now - 2) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ["price","size"]} at the instrument's scales with trailing zeros, as the simulator sends; deletes also {@code "0"} as the reference prints them. */
    private static String levels(Random r, Instrument i, long from, int step, int n, boolean deletes) {
        StringBuilder out = new StringBuilder();
        long p = from;
        for (int k = 0; k < n; k++) {
            p += step * (1 + r.nextInt(r.nextBoolean() ? 3 : 300));
            if (p <= 0) {
                break;
            }
            long size = deletes && r.nextInt(4) == 0 ? 0 : 1 + (r.nextBoolean() ? r.nextInt(1000)
                    : r.nextLong(Decimals.pow10(i.sizeScale() + 4)));
            out.append(k == 0 ? "" : ",").append("[\"").append(Decimals.toString(p, i.priceScale())).append("\",\"")
                    .append(size == 0 && r.nextBoolean() ? "0" : Decimals.toString(size, i.sizeScale())).append("\"]");
        }
        return out.toString();
    }

    /** Everything the protocol reads from a message, in order. */
    static String describe(BybitMessage m) {
        if (m == null) {
            return null;
        }
        StringBuilder s = new StringBuilder().append(m.kind()).append(' ')
                .append(m.instrument() == null ? null : m.instrument().venueSymbol()).append(" depth=")
                .append(m.depth()).append(" u=").append(m.updateId()).append(" seq=").append(m.seq()).append(" ts=")
                .append(m.timestampNanos()).append(" cts=").append(m.matchingEngineNanos()).append(" bids=");
        side(s, m.bids());
        s.append(" asks=");
        side(s, m.asks());
        s.append(" trades=").append(m.tradeCount()).append(" op=").append(m.op()).append(" success=")
                .append(m.success()).append(" ret=").append(m.returnMessage()).append(" req=").append(m.requestId())
                .append(" conn=").append(m.connectionId());
        return s.toString();
    }

    private static void side(StringBuilder s, LevelBuffer b) {
        s.append('[');
        for (int k = 0; k < b.count(); k++) {
            s.append(b.price(k)).append('x').append(b.size(k)).append(',');
        }
        s.append(']');
    }

    static byte[] trim(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    }
}
