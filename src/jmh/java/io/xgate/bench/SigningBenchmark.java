package io.xgate.bench;

import io.xgate.config.Instrument;
import io.xgate.config.Secret;
import io.xgate.config.VenueConfig;
import io.xgate.rest.RateLimiter;
import io.xgate.venue.binance.BinanceSigner;
import io.xgate.venue.kraken.KrakenSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing a Binance order query (the official V1 payload) and a Kraken AddOrder (V4) with xgate's signers, whose
 * keyed {@code Mac} is prepared once per thread, against {@code Mac.getInstance} + {@code init} per call, the
 * way many clients do it; and one token-bucket acquire of the order limiter.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SigningBenchmark {

    private static final String BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String BINANCE_PAYLOAD = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1"
            + "&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private static final String KRAKEN_SECRET =
            "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private static final String KRAKEN_PAYLOAD =
            "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";

    private final BinanceSigner binance = new BinanceSigner(null, new Secret(BINANCE_SECRET.toCharArray(), "bench"));
    private final KrakenSigner kraken = new KrakenSigner(null, new Secret(KRAKEN_SECRET.toCharArray(), "bench"));
    private final byte[] binanceKey = BINANCE_SECRET.getBytes(StandardCharsets.UTF_8);
    private final byte[] krakenKey = Base64.getDecoder().decode(KRAKEN_SECRET);
    private final RateLimiter limiter = new RateLimiter(venue());

    @Benchmark
    public String binanceSign() {
        return binance.sign(BINANCE_PAYLOAD);
    }

    /** The baseline: a new keyed Mac per request. */
    @Benchmark
    public String binanceMacPerCall() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(binanceKey, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(BINANCE_PAYLOAD.getBytes(StandardCharsets.US_ASCII)));
    }

    @Benchmark
    public String krakenSign() {
        return kraken.sign("/0/private/AddOrder", 1616492376594L, KRAKEN_PAYLOAD);
    }

    /** The baseline: a new digest and keyed Mac per request. */
    @Benchmark
    public String krakenMacPerCall() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] inner = sha.digest(("1616492376594" + KRAKEN_PAYLOAD).getBytes(StandardCharsets.US_ASCII));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(krakenKey, "HmacSHA512"));
        mac.update("/0/private/AddOrder".getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(mac.doFinal(inner));
    }

    /** One order-limit token taken from a bucket that never runs dry here. */
    @Benchmark
    public long tokenBucketAcquire() {
        return limiter.tryAcquire("ORDERS", 1);
    }

    private static VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("bench.yaml"), "bench", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100,
                Map.of("BTC-USDT", new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1)), new VenueConfig.Fees(10, 10),
                List.of(new VenueConfig.RateLimit("ORDERS", 1_000_000_000_000L, Duration.ofDays(1))), Map.of(),
                null);
    }
}
