package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Secret;
import io.xgate.venue.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kraken's official signing vector (protocol reference V4), reuse, threads, nonces and secrecy. */
class KrakenSignerTest {

    private static Secret secret(String s) {
        return new Secret(s.toCharArray(), "env TEST_SECRET");
    }

    @Test
    void officialVectorV4() {
        KrakenSigner s = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertNotEquals(Vectors.KRAKEN_SIGNATURE,
                s.sign("/0/private/CancelOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
        assertNotEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376595L, Vectors.KRAKEN_PAYLOAD));
        assertEquals(Vectors.KRAKEN_SIGNATURE, s.sign("/0/private/AddOrder", 1616492376594L, Vectors.KRAKEN_PAYLOAD));
    }

    @Test
    void threadSafe() throws Exception {
        KrakenSigner k = new KrakenSigner(null, secret(Vectors.KRAKEN_SECRET));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!Vectors.KRAKEN_SIGNATURE.equals(
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
    void noncesStrictlyIncreaseAcrossThreads() throws Exception {
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
        long last = k.nextNonce();
        assertTrue(k.nextNonce(0) > last, "a clock that went back never makes a nonce go back");
    }

    @Test
    void badInputIsRefusedAndSecretsNeverShow() {
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> new KrakenSigner(null, secret("not base64 at all!")));
        assertTrue(notBase64.getMessage().contains("env TEST_SECRET"), notBase64.getMessage());
        assertFalse(notBase64.getMessage().contains("not base64 at all!"));
        KrakenSigner k = new KrakenSigner(secret("key-value-1"), secret(Vectors.KRAKEN_SECRET));
        for (String t : List.of(k.toString(), String.valueOf(k.apiKey()))) {
            assertFalse(t.contains(Vectors.KRAKEN_SECRET) || t.contains("key-value-1"), t);
        }
    }
}
