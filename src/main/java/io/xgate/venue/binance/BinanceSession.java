package io.xgate.venue.binance;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reproducible Binance diff-depth session: the REST depth snapshot (1,000 levels a side) and {@code frames}
 * combined-stream {@code depthUpdate} frames (1-10 level changes each, mostly near the touch), as UTF-8 JSON.
 *
 * <p>A port of the shared generator {@code ../shared/bench/gen-binance-frames.js} with the same algorithm: its
 * LCG runs in IEEE doubles exactly as JavaScript's numbers do (the product exceeds 2<sup>53</sup> and loses
 * precision the same way), and {@link #fixed8} is JavaScript's {@code toFixed(8)}. For the same frame count and
 * seed, the lines of {@link #writeTo} are byte for byte the generator's output file (checked by
 * {@code BinanceSessionTest}).
 *
 * @param snapshot the REST {@code GET /api/v3/depth} answer ({@code {"lastUpdateId":…,"bids":…,"asks":…}})
 * @param frames   the combined-stream frames, in order
 */
public record BinanceSession(byte[] snapshot, List<byte[]> frames) {

    /** The generator's default seed. */
    public static final int DEFAULT_SEED = 11;
    /** The generator's default frame count. */
    public static final int DEFAULT_FRAMES = 200_000;

    /** The default session: 200,000 frames, seed 11. */
    public static BinanceSession generate() {
        return generate(DEFAULT_FRAMES, DEFAULT_SEED);
    }

    /** The session of {@code frames} frames from {@code seed}, as {@code node gen-binance-frames.js N OUT SEED}. */
    public static BinanceSession generate(int frames, double seed) {
        Lcg rnd = new Lcg(seed);
        Map<Integer, Integer> bids = new HashMap<>();
        Map<Integer, Integer> asks = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            bids.put(6_000_000 - i, 1_000_000 + (int) ((i * 7919L) % 90_000_000));
            asks.put(6_000_001 + i, 2_000_000 + (int) ((i * 104729L) % 90_000_000));
        }
        final int bestBid = 6_000_000;
        final int bestAsk = 6_000_001;
        long lastId = 1_027_024;
        StringBuilder s = new StringBuilder(80_000);
        s.append("{\"lastUpdateId\":").append(lastId).append(",\"bids\":");
        levels(s, new TreeMap<>(bids).descendingMap());
        s.append(",\"asks\":");
        levels(s, new TreeMap<>(asks));
        byte[] snapshot = utf8(s.append('}'));

        List<byte[]> out = new ArrayList<>(frames);
        StringBuilder b = new StringBuilder();
        StringBuilder a = new StringBuilder();
        for (int f = 0; f < frames; f++) {
            int n = 1 + (int) Math.floor(rnd.next() * 10);
            long firstId = lastId + 1;
            b.setLength(0);
            a.setLength(0);
            for (int i = 0; i < n; i++) {
                boolean isBid = rnd.next() < 0.5;
                Map<Integer, Integer> m = isBid ? bids : asks;
                boolean deep = rnd.next() < 0.1;
                int off = deep ? (int) Math.floor(rnd.next() * 500) : (int) Math.floor(rnd.next() * 10);
                int t = isBid ? bestBid - off : bestAsk + off;
                // JavaScript's && short-circuits: rnd() is drawn whatever the map holds, and first
                boolean del = rnd.next() < 0.25 && m.size() > 200 && m.containsKey(t);
                int l = del ? 0 : 1000 + (int) Math.floor(rnd.next() * 5e8);
                if (del) {
                    m.remove(t);
                } else {
                    m.put(t, l);
                }
                StringBuilder side = isBid ? b : a;
                side.append(side.length() == 0 ? "[\"" : ",[\"").append(fixed8(t / 100.0)).append("\",\"")
                        .append(fixed8(l / 1e8)).append("\"]");
            }
            lastId += n;
            s.setLength(0);
            s.append("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":")
                    .append(1_700_000_000_000L + f).append(",\"s\":\"BTCUSDT\",\"U\":").append(firstId)
                    .append(",\"u\":").append(lastId).append(",\"b\":[").append(b).append("],\"a\":[").append(a)
                    .append("]}}");
            out.add(utf8(s));
        }
        return new BinanceSession(snapshot, List.copyOf(out));
    }

    /** The session as the generator writes it: the snapshot line, then one line per frame, each ending in '\n'. */
    public byte[] writeTo() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(snapshot);
        o.write('\n');
        for (byte[] f : frames) {
            o.writeBytes(f);
            o.write('\n');
        }
        return o.toByteArray();
    }

    /**
     * JavaScript's {@code x.toFixed(8)} for a non-negative {@code x} below 10<sup>21</sup>: the exact value of the
     * double, rounded to 8 decimals with a tie going to the larger (ECMA-262 Number.prototype.toFixed).
     */
    static String fixed8(double x) {
        return new BigDecimal(x).setScale(8, RoundingMode.HALF_UP).toPlainString();
    }

    private static void levels(StringBuilder s, Map<Integer, Integer> side) {
        s.append('[');
        boolean first = true;
        for (Map.Entry<Integer, Integer> e : side.entrySet()) {
            s.append(first ? "[\"" : ",[\"").append(fixed8(e.getKey() / 100.0)).append("\",\"")
                    .append(fixed8(e.getValue() / 1e8)).append("\"]");
            first = false;
        }
        s.append(']');
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The generator's {@code rnd()}: {@code seed = (seed * 1103515245 + 12345) % 2147483648} in doubles. */
    private static final class Lcg {
        private double seed;

        Lcg(double seed) {
            this.seed = seed;
        }

        double next() {
            seed = (seed * 1103515245.0 + 12345.0) % 2147483648.0;
            return seed / 2147483648.0;
        }
    }
}
