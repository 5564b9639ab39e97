package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.VenueTouch;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.RecordingSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BybitProtocol} through its two paths: the same generated session (snapshots, deltas, stale and restart
 * {@code u}, {@code orderbook.1} touches), compact as Bybit sends it (read by {@link BybitScanner}) and with one
 * space after the opening brace (deferred to {@link BybitDecoder}), publishes the same events and facts.
 */
class BybitProtocolScannerPathTest {

    private static final Instrument BTC = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 6, 1);
    private static final Instrument ETH = new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 5, 1);

    @Test
    void scannerAndDecoderPathsPublishTheSame() {
        List<String> frames = new ArrayList<>();
        Random r = new Random(11);
        long[] u = {0, 0};
        long seq = 1_000;
        for (int n = 0; n < 400; n++) {
            int k = r.nextInt(2);
            String sym = k == 0 ? "BTCUSDT" : "ETHUSDT";
            boolean snapshot = u[k] == 0 || r.nextInt(40) == 0;
            u[k] = r.nextInt(60) == 0 ? 1 : r.nextInt(30) == 0 ? u[k] : u[k] + 1;
            seq += 1 + r.nextInt(3);
            int depth = r.nextInt(4) == 0 ? 1 : 50;
            String type = depth == 1 || snapshot ? "snapshot" : "delta";
            frames.add("{\"topic\":\"orderbook." + depth + "." + sym + "\",\"ts\":1672304484978,\"type\":\"" + type
                    + "\",\"data\":{\"s\":\"" + sym + "\",\"b\":[" + level(r, 16_493_50 - r.nextInt(100), type)
                    + "],\"a\":[" + level(r, 16_611_00 + r.nextInt(100), type) + "],\"u\":" + (depth == 1 ? n + 1 : u[k])
                    + ",\"seq\":" + seq + "},\"cts\":1672304484976}");
        }
        Map<String, Instrument> group = new LinkedHashMap<>();
        group.put(BTC.symbol(), BTC);
        group.put(ETH.symbol(), ETH);
        BybitScanner probe = new BybitScanner(List.of(BTC, ETH));
        for (String f : frames) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            assertNotNull(probe.scan(b, 0, b.length), f);
            byte[] spaced = ("{ " + f.substring(1)).getBytes(StandardCharsets.UTF_8);
            assertNull(probe.scan(spaced, 0, spaced.length), f);
        }
        List<String> viaScanner = run(group, frames, false);
        assertTrue(viaScanner.size() > frames.size() / 2, viaScanner.toString());
        assertEquals(viaScanner, run(group, frames, true));
    }

    private static List<String> run(Map<String, Instrument> group, List<String> frames, boolean spaced) {
        BybitProtocol p = new BybitProtocol(BybitProtocolTest.venue(group),
                new InstrumentMetadata("bybit", Duration.ofHours(1)));
        RecordingSession s = new RecordingSession() {
            @Override
            public void later(long millis, Runnable action) {
                // no timers: the ping loop is not under test
            }
        };
        p.onOpen(s);
        for (String f : frames) {
            byte[] b = (spaced ? "{ " + f.substring(1) : f).getBytes(StandardCharsets.UTF_8);
            p.onMessage(b, b.length, 42, s);
        }
        List<String> out = new ArrayList<>(s.facts);
        for (Event e : s.published) {
            if (e instanceof BookUpdate x) {
                out.add("book " + x.symbol() + " " + x.kind() + " " + x.venueSeq() + " " + x.venueTsNanos() + " "
                        + Arrays.toString(x.bidPrices()) + Arrays.toString(x.bidSizes())
                        + Arrays.toString(x.askPrices()) + Arrays.toString(x.askSizes()));
            } else if (e instanceof VenueTouch t) {
                out.add("touch " + t.symbol() + " " + t.venueSeq() + " " + t.bidPrice() + "x" + t.bidSize() + " "
                        + t.askPrice() + "x" + t.askSize());
            } else {
                out.add(e.toString());
            }
        }
        return out;
    }

    private static String level(Random r, long cents, String type) {
        long size = type.equals("delta") && r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(1_000_000);
        return "[\"" + cents / 100 + "." + String.format("%02d", cents % 100) + "\",\"" + size / 100_000 + "."
                + String.format("%05d", size % 100_000) + "\"]";
    }
}
