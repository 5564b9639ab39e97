package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.VenueTouch;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.RecordingSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link OkxProtocol} through its two paths: the same generated session (spot and SWAP, sequence resets and
 * keepalives included), compact as OKX sends it (read by {@link OkxScanner}) and with one space after the opening
 * brace (deferred to {@link OkxDecoder}), publishes the same events and facts.
 */
class OkxProtocolScannerPathTest {

    @Test
    void scannerAndDecoderPathsPublishTheSame() {
        List<String> frames = new ArrayList<>();
        Random r = new Random(7);
        for (String inst : List.of("BTC-USDT", "BTC-USDT-SWAP")) {
            frames.add(books("snapshot", inst, -1, 100, level(r, 100_00, true), level(r, 101_00, true)));
        }
        long[] seq = {100, 100};
        for (int n = 0; n < 300; n++) {
            int k = r.nextInt(2);
            String inst = k == 0 ? "BTC-USDT" : "BTC-USDT-SWAP";
            long prev = seq[k];
            long next = r.nextInt(30) == 0 ? prev : r.nextInt(50) == 0 ? 1 + r.nextInt(50) : prev + 1 + r.nextInt(5);
            seq[k] = next;
            boolean empty = next == prev;
            frames.add(books("update", inst, prev, next, empty ? "" : level(r, 100_00 - r.nextInt(50), false),
                    empty ? "" : level(r, 101_00 + r.nextInt(50), false)));
            if (r.nextBoolean()) {
                frames.add("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"" + inst + "\"},\"data\":[{\"asks\":["
                        + level(r, 101_00, true) + "],\"bids\":[" + level(r, 100_00, true) + "],\"ts\":\"1670324386802\","
                        + "\"seqId\":" + next + "}]}");
            }
        }
        OkxScanner probe = new OkxScanner(new ArrayList<>(OkxProtocolTest.venue(null).instruments().values()));
        for (String f : frames) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            assertNotNull(probe.scan(b, 0, b.length), f);
            byte[] spaced = ("{ " + f.substring(1)).getBytes(StandardCharsets.UTF_8);
            assertNull(probe.scan(spaced, 0, spaced.length), f);
        }
        List<String> viaScanner = run(frames, false);
        assertTrue(viaScanner.size() > frames.size() / 2, viaScanner.toString());
        assertEquals(viaScanner, run(frames, true));
    }

    private static List<String> run(List<String> frames, boolean spaced) {
        OkxProtocol p = new OkxProtocol(OkxProtocolTest.venue(null), new InstrumentMetadata("okx", Duration.ofHours(1)));
        RecordingSession s = new RecordingSession() {
            @Override
            public void later(long millis, Runnable action) {
                // no timers: the keep-alive and the REST bootstrap are not under test
            }
        };
        p.onOpen(s);
        for (String f : frames) {
            byte[] b = (spaced ? "{ " + f.substring(1) : f).getBytes(StandardCharsets.UTF_8);
            p.onMessage(b, b.length, 42, s);
        }
        List<String> out = new ArrayList<>(s.facts);
        for (Event e : s.published) {
            out.add(describe(e));
        }
        out.add("keepalives " + p.keepalives() + " resets " + p.resets());
        return out;
    }

    private static String describe(Event e) {
        if (e instanceof BookUpdate u) {
            return "book " + u.symbol() + " " + u.kind() + " " + u.venueSeq() + " " + u.firstSeq() + " " + u.checksum()
                    + " " + u.venueTsNanos() + " " + Arrays.toString(u.bidPrices()) + Arrays.toString(u.bidSizes())
                    + Arrays.toString(u.askPrices()) + Arrays.toString(u.askSizes());
        }
        if (e instanceof VenueTouch t) {
            return "touch " + t.symbol() + " " + t.venueSeq() + " " + t.bidPrice() + "x" + t.bidSize() + " "
                    + t.askPrice() + "x" + t.askSize();
        }
        return e.toString();
    }

    private static String books(String action, String inst, long prev, long seq, String bids, String asks) {
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + inst + "\"},\"action\":\"" + action + "\",\"data\":[{"
                + "\"asks\":[" + asks + "],\"bids\":[" + bids + "],\"ts\":\"1597026383085\",\"checksum\":0"
                + ",\"prevSeqId\":" + prev + ",\"seqId\":" + seq + "}]}";
    }

    /** One level at {@code cents} (two decimals), size in whole contracts or BTC with up to 2 decimals. */
    private static String level(Random r, long cents, boolean nonZero) {
        long size = !nonZero && r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(100_000);
        return "[\"" + cents / 100 + "." + (cents % 100) / 10 + "\",\"" + size / 100 + "." + size % 100
                + "\",\"0\",\"" + (1 + r.nextInt(9)) + "\"]";
    }
}
