package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Secret;
import io.xgate.venue.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Binance's official signing vector (protocol reference V1), reuse, threads and secrecy. */
class BinanceSignerTest {

    private static Secret secret(String s) {
        return new Secret(s.toCharArray(), "env TEST_SECRET");
    }

    @Test
    void officialVectorV1() {
        BinanceSigner s = new BinanceSigner(null, secret(Vectors.BINANCE_SECRET));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(new StringBuilder(Vectors.BINANCE_PAYLOAD)),
                "the Mac resets after each use");
        assertNotEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD.replace("0.1", "0.2")));
        assertEquals(Vectors.BINANCE_SIGNATURE, s.sign(Vectors.BINANCE_PAYLOAD),
                "a different payload in between changes nothing");
        assertEquals(Vectors.BINANCE_SIGNATURE, new BinanceSigner(null, secret(" " + Vectors.BINANCE_SECRET + "\n"))
                .sign(Vectors.BINANCE_PAYLOAD), "a secret file's trailing newline is not part of the key");
    }

    @Test
    void threadSafe() throws Exception {
        BinanceSigner b = new BinanceSigner(null, secret(Vectors.BINANCE_SECRET));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!Vectors.BINANCE_SIGNATURE.equals(b.sign(Vectors.BINANCE_PAYLOAD))) {
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
    void badInputIsRefusedAndSecretsNeverShow() {
        BinanceSigner b = new BinanceSigner(secret("key-value-1"), secret(Vectors.BINANCE_SECRET));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.sign("symbol=BTCÜSDT"));
        assertTrue(e.getMessage().contains("percent-encode"), e.getMessage());
        for (String t : List.of(b.toString(), String.valueOf(b.apiKey()))) {
            assertFalse(t.contains(Vectors.BINANCE_SECRET) || t.contains("key-value-1"), t);
        }
    }
}
