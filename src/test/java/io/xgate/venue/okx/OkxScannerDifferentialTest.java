package io.xgate.venue.okx;

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
 * {@link OkxScanner} held to {@link OkxDecoder}: the protocol reference's {@code books} and {@code bbo-tbt}
 * fixtures, frames generated as {@code OkxSimServer} writes them (spot and SWAP instruments, 0-40 levels a side,
 * snapshots, updates, keepalives, zero and signed checksums, resets), and a million mutants of them.
 */
class OkxScannerDifferentialTest {

    private static final Instrument BTC = Fixtures.instrument("BTC-USDT", "BTC-USDT", 2, 8);
    private static final Instrument ETH = Fixtures.instrument("ETH-USDT", "ETH-USDT", 2, 6);
    private static final Instrument BCH_SWAP = new Instrument("BCH-USDT-PERP", "BCH-USDT-SWAP", 2, 1, 2, 1,
            Instrument.Kind.PERPETUAL, 100);
    private static final Instrument BTC_SWAP = new Instrument("BTC-USDT-PERP", "BTC-USDT-SWAP", 1, 1, 4, 1,
            Instrument.Kind.PERPETUAL, 100);
    private static final List<Instrument> ALL = List.of(BTC, ETH, BCH_SWAP, BTC_SWAP);

    private final OkxScanner scanner = new OkxScanner(ALL);
    private final OkxDecoder decoder = new OkxDecoder(new SymbolTable(ALL, false));

    @Test
    void scannerAndDecoderAgreeOnAMillionMutants() {
        List<byte[]> seeds = new ArrayList<>();
        // the reference prints the snapshot over several lines: on the wire it is one compact line
        seeds.add(compact(Fixtures.bytes("okx/booksSnapshot.json")));
        seeds.add(trim(Fixtures.bytes("okx/bboTbt.json")));
        Random r = new Random(20_261_201L);
        for (int n = 0; n < 400; n++) {
            seeds.add(generated(r));
        }
        ScannerDifferential.Result result = ScannerDifferential.run("OKX", seeds, 1_000_000, 42L,
                f -> describe(scanner.scan(f, 0, f.length)), f -> describe(decoder.decode(f, 0, f.length)));
        assertTrue(result.scanned() > 100_000, "the scanner read " + result.scanned() + " frames only");
    }

    @Test
    void framesOutsideTheHotShapeAreDeferredAndDecoded() {
        for (String f : List.of("okx/booksSnapshot.json", "okx/trades.json", "okx/subscribeAck.json",
                "okx/notice.json", "okx/tickers.json")) {
            byte[] b = Fixtures.bytes(f);
            assertNull(scanner.scan(b, 0, b.length), f);
            assertNotNull(decoder.decode(b, 0, b.length).kind(), f);
        }
        byte[] snap = compact(Fixtures.bytes("okx/booksSnapshot.json"));
        OkxMessage m = scanner.scan(snap, 0, snap.length);
        assertEquals(OkxMessage.Kind.BOOK_SNAPSHOT, m.kind());
        assertEquals(0, m.symbolIndex());
        assertEquals(-855_196_043L, m.checksum());
        assertEquals(-1, m.prevSeqId());
        assertEquals(41_500_000_000L, m.asks().size(0));
        assertEquals(describe(decoder.decode(snap, 0, snap.length)), describe(m));
    }

    /** A {@code books} push or a {@code bbo-tbt} push as the simulator writes them. */
    static byte[] generated(Random r) {
        Instrument i = ALL.get(r.nextInt(ALL.size()));
        long mid = (1 + r.nextInt(100_000)) * Decimals.pow10(i.priceScale()) + r.nextInt(100);
        String ts = Long.toString(1_600_000_000_000L + r.nextInt(Integer.MAX_VALUE));
        long seq = r.nextInt(4) == 0 ? r.nextInt(100) : 1_000_000L + r.nextInt(Integer.MAX_VALUE);
        if (r.nextInt(5) == 0) {
            return ("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"" + i.venueSymbol() + "\"},\"data\":[{\"asks\":["
                    + levels(r, i, mid + 1, 1, 1, false) + "],\"bids\":[" + levels(r, i, mid, -1, 1, false)
                    + "],\"ts\":\"" + ts + "\",\"seqId\":" + seq + "}]}").getBytes(StandardCharsets.UTF_8);
        }
        boolean snapshot = r.nextInt(6) == 0;
        boolean keepalive = !snapshot && r.nextInt(10) == 0;
        int na = keepalive ? 0 : r.nextInt(r.nextBoolean() ? 4 : 41);
        int nb = keepalive ? 0 : r.nextInt(r.nextBoolean() ? 4 : 41);
        long prev = snapshot ? -1 : keepalive ? seq : r.nextInt(20) == 0 ? seq + r.nextInt(1000) : seq - r.nextInt(50);
        int checksum = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> r.nextInt();
            default -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        };
        return ("{\"arg\":{\"channel\":\"books\",\"instId\":\"" + i.venueSymbol() + "\"},\"action\":\""
                + (snapshot ? "snapshot" : "update") + "\",\"data\":[{\"asks\":[" + levels(r, i, mid + 1, 1, na, !snapshot)
                + "],\"bids\":[" + levels(r, i, mid, -1, nb, !snapshot) + "],\"ts\":\"" + ts + "\",\"checksum\":"
                + checksum + ",\"prevSeqId\":" + prev + ",\"seqId\":" + seq + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ["price","size","0","orders"]} levels, prices and sizes stripped of trailing zeros as OKX sends them. */
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
            out.append(k == 0 ? "" : ",").append("[\"").append(Decimals.toStrippedString(p, i.priceScale()))
                    .append("\",\"").append(Decimals.toStrippedString(size, i.sizeScale())).append("\",\"0\",\"")
                    .append(size == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 9 : 5000)).append("\"]");
        }
        return out.toString();
    }

    /** Everything the protocol reads from a message, in order. */
    static String describe(OkxMessage m) {
        if (m == null) {
            return null;
        }
        StringBuilder s = new StringBuilder().append(m.kind()).append(' ').append(m.channel()).append(' ')
                .append(m.instrument() == null ? null : m.instrument().venueSymbol()).append(" ts=")
                .append(m.timestampNanos()).append(" checksum=").append(m.checksum()).append(" prev=")
                .append(m.prevSeqId()).append(" seq=").append(m.seqId()).append(" bids=");
        side(s, m.bids());
        s.append(" asks=");
        side(s, m.asks());
        s.append(" trades=").append(m.tradeCount()).append(" event=").append(m.event()).append(" code=")
                .append(m.code()).append(" msg=").append(m.errorMessage()).append(" conn=").append(m.connectionId())
                .append(" id=").append(m.requestId());
        return s.toString();
    }

    private static void side(StringBuilder s, LevelBuffer b) {
        s.append('[');
        for (int k = 0; k < b.count(); k++) {
            s.append(b.price(k)).append('x').append(b.size(k)).append(',');
        }
        s.append(']');
    }

    /** Removes the reference's line breaks and the indentation after them (none is inside a string). */
    static byte[] compact(byte[] pretty) {
        return new String(pretty, StandardCharsets.UTF_8).replaceAll("\\n\\s*", "").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] trim(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    }
}
