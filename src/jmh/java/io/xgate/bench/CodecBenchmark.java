package io.xgate.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode + decode of a {@link BookUpdate} with 10 levels per side: xgate's msgpack codec versus the Vert.x
 * {@code JsonObject} encoding of the same content (same fields, same numbers), each into a new buffer and
 * back to a {@code BookUpdate}. The encoded sizes are printed at setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {

    private final EventCodec codec = new EventCodec();
    private BookUpdate update;

    @Setup
    public void setUp() {
        update = CodecSamples.bookUpdate(10);
        int msgpack = codec.encode(update, Buffer.buffer());
        int json = CodecSamples.toJson(update).toBuffer().length();
        System.out.printf("%nencoded BookUpdate (10 levels/side): msgpack %d bytes, JsonObject %d bytes (%.2fx)%n",
                msgpack, json, json / (double) msgpack);
    }

    @Benchmark
    public Event msgpack() {
        Buffer buffer = Buffer.buffer(512); // as the event bus does: a new buffer per message
        int n = codec.encode(update, buffer);
        return codec.decode(buffer, 0, n);
    }

    @Benchmark
    public Event jsonObjectBaseline() {
        Buffer b = CodecSamples.toJson(update).toBuffer();
        return CodecSamples.fromJson(new JsonObject(b));
    }

    /** Kept apart so that the benchmark reads as the comparison. */
    static final class CodecSamples {
        private CodecSamples() {
        }

        static BookUpdate bookUpdate(int levels) {
            long[] bp = new long[levels];
            long[] bs = new long[levels];
            long[] ap = new long[levels];
            long[] as = new long[levels];
            for (int i = 0; i < levels; i++) {
                bp[i] = 6_543_210 - 10L * i;
                bs[i] = 150_000_000L + 1_234_567L * i;
                ap[i] = 6_543_220 + 10L * i;
                as[i] = 25_000_000L + 7_654_321L * i;
            }
            long t = 1_700_000_000_123_456_789L;
            return new BookUpdate("binance", "BTC-USDT", 1_027_024L, t, t + 1_000, t + 2_000, BookUpdate.Kind.DELTA,
                    1_027_020L, BookUpdate.NO_CHECKSUM, 2, 8, bp, bs, ap, as);
        }

        static JsonObject toJson(BookUpdate u) {
            return new JsonObject().put("type", u.type().code()).put("schema", Event.SCHEMA_VERSION)
                    .put("venue", u.venue()).put("symbol", u.symbol()).put("venueSeq", u.venueSeq())
                    .put("venueTs", u.venueTsNanos()).put("receiveTs", u.receiveTsNanos())
                    .put("publishTs", u.publishTsNanos()).put("kind", u.kind().code()).put("firstSeq", u.firstSeq())
                    .put("checksum", u.hasChecksum() ? u.checksum() : null).put("priceScale", u.priceScale())
                    .put("sizeScale", u.sizeScale()).put("bids", levels(u.bidPrices(), u.bidSizes()))
                    .put("asks", levels(u.askPrices(), u.askSizes()));
        }

        static BookUpdate fromJson(JsonObject j) {
            JsonArray bids = j.getJsonArray("bids");
            JsonArray asks = j.getJsonArray("asks");
            long[] bp = new long[bids.size() / 2];
            long[] bs = new long[bp.length];
            long[] ap = new long[asks.size() / 2];
            long[] as = new long[ap.length];
            for (int i = 0; i < bp.length; i++) {
                bp[i] = bids.getLong(2 * i);
                bs[i] = bids.getLong(2 * i + 1);
            }
            for (int i = 0; i < ap.length; i++) {
                ap[i] = asks.getLong(2 * i);
                as[i] = asks.getLong(2 * i + 1);
            }
            Long checksum = j.getLong("checksum");
            return new BookUpdate(j.getString("venue"), j.getString("symbol"), j.getLong("venueSeq"),
                    j.getLong("venueTs"), j.getLong("receiveTs"), j.getLong("publishTs"),
                    BookUpdate.Kind.ofCode(j.getInteger("kind")), j.getLong("firstSeq"),
                    checksum == null ? BookUpdate.NO_CHECKSUM : checksum, j.getInteger("priceScale"),
                    j.getInteger("sizeScale"), bp, bs, ap, as);
        }

        private static JsonArray levels(long[] prices, long[] sizes) {
            JsonArray a = new JsonArray();
            for (int i = 0; i < prices.length; i++) {
                a.add(prices[i]).add(sizes[i]);
            }
            return a;
        }
    }
}
