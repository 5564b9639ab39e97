package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Secret;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** OKX REST and WS-login signatures: the SELF-GENERATED vectors of the protocol reference (3.4). */
class OkxSignerTest {

    private static final String TS = "2020-12-08T09:08:57.715Z";
    private final OkxSigner signer = new OkxSigner(new Secret("key".toCharArray(), "test key"),
            new Secret("22582BD0CFF14C41EDBF1AB98506286D".toCharArray(), "test secret"),
            new Secret("pass".toCharArray(), "test passphrase"));

    @Test
    void getWithQueryString() {
        assertEquals("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=",
                signer.sign(TS, "GET", "/api/v5/account/balance?ccy=BTC", ""));
    }

    @Test
    void postWithBody() {
        assertEquals("dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=", signer.sign(TS, "POST", "/api/v5/trade/order",
                "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\",\"ordType\":\"limit\","
                        + "\"px\":\"2.15\",\"sz\":\"2\"}"));
    }

    @Test
    void webSocketLogin() {
        assertEquals("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=", signer.loginSign(1_538_054_050L));
    }

    @Test
    void timestampsAreIsoUtcWithMilliseconds() {
        long ms = Instant.parse(TS).toEpochMilli();
        assertEquals(TS, OkxSigner.timestamp(ms));
        assertEquals("2020-12-08T09:08:57.000Z", OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57Z").toEpochMilli()),
                "always three millisecond digits");
        OkxSigner.SignedHeaders h = signer.sign(ms, "GET", "/api/v5/account/balance?ccy=BTC", "");
        assertEquals(TS, h.timestamp());
        assertEquals("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=", h.sign());
    }

    @Test
    void headersAndSecretHygiene() {
        assertEquals("OK-ACCESS-KEY", OkxSigner.ACCESS_KEY_HEADER);
        assertEquals("OK-ACCESS-SIGN", OkxSigner.ACCESS_SIGN_HEADER);
        assertEquals("OK-ACCESS-TIMESTAMP", OkxSigner.ACCESS_TIMESTAMP_HEADER);
        assertEquals("OK-ACCESS-PASSPHRASE", OkxSigner.ACCESS_PASSPHRASE_HEADER);
        assertEquals("pass", new String(signer.passphrase().reveal()));
        assertFalse(signer.toString().contains("22582BD0"));
        assertTrue(signer.toString().contains("test secret"));
        assertThrows(IllegalArgumentException.class, () -> signer.sign(TS, "get", "/x", ""));
    }

    @Test
    void signingFromSeveralThreadsAgrees() throws Exception {
        Thread[] threads = new Thread[4];
        String[] out = new String[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int k = i;
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 200; n++) {
                    out[k] = signer.sign(TS, "GET", "/api/v5/account/balance?ccy=BTC", "");
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String s : out) {
            assertEquals("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=", s);
        }
    }
}
