package io.xgate.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The venues' official signing vectors (protocol reference V1 and V4), reuse, threads and secrecy. */
class SignerTest {

    private static Secret secret(String s) {
        return new Secret(s.toCharArray(), "env TEST_SECRET");
    }

    @Test
    void binanceOfficialVectorV1() {
        BinanceSigner s = new BinanceSigner(null, secret(Vectors.BINANCE_SECRET));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(new StringBuilder(Vectors.BINANCE_PAYLOAD)), "the Mac resets after each use");
        assertNotEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD.replace("0.1", "0.2")));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD), "a different payload in between changes nothing");
        assertEquals(Vectors.BINANCE_SIGNATURE, new BinanceSigner(null, secret(" " + Vectors.BINANCE_SECRET + "\n")).sign(Vectors.BINANCE_PAYLOAD),
                "a secret file's trailing newline is not part of the key");
    }

    @Test
    void krakenOfficialVectorV4() {
        KrakenSigner s = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertNotEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/CancelOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertNotEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376595L, Vectors.KRAKEN_PAYLOAD));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
    }

    @Test
    void signersAreThreadSafe() throws Exception {
        BinanceSigner b = new BinanceSigner(null, secret(Vectors.BINANCE_SECRET));
        KrakenSigner k = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!Vectors.BINANCE_SIGNATURE.equals(b.sign(Vectors.BINANCE_PAYLOAD)) || !Vectors.KRAKEN_SIGNATURE.equals(
                                k.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void krakenNoncesStrictlyIncreaseAcrossThreads() throws Exception {
        KrakenSigner k = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 10_000; i++) {
                        long n = k.nextNonce();
                        if (n <= last || !seen.add(n)) {
                            return false;
                        }
                        last = n;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS), "a nonce repeated or went back");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40_000, seen.size());
        assertTrue(k.nextNonce() > System.currentTimeMillis() * 1_000 - 60_000_000L, "microseconds since the epoch");
    }

    @Test
    void badInputIsRefusedAndSecretsNeverShow() {
        BinanceSigner b = new BinanceSigner(secret("key-value-1"), secret(Vectors.BINANCE_SECRET));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.sign("symbol=BTCÜSDT"));
        assertTrue(e.getMessage().contains("percent-encode"), e.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> new KrakenSigner(null, secret("not base64 at all!")));
        assertTrue(notBase64.getMessage().contains("env TEST_SECRET"), notBase64.getMessage());
        assertFalse(notBase64.getMessage().contains("not base64 at all!"));
        KrakenSigner k = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        Set<String> texts = new HashSet<>(List.of(b.toString(), k.toString(), String.valueOf(b.apiKey())));
        for (String t : texts) {
            assertFalse(t.contains(Vectors.BINANCE_SECRET) || t.contains(Vectors.KRAKEN_SECRET) || t.contains("key-value-1"), t);
        }
    }
}
