package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xgate.config.Secret;
import org.junit.jupiter.api.Test;

/**
 * Bybit v5 signatures: the SELF-GENERATED vectors of the protocol reference (4.3), made with pybit's test secret
 * on the doc's strings (the doc's own signatures are NOT VERIFIABLE: it never gives the secret).
 */
class BybitSignerTest {

    private final BybitSigner signer = new BybitSigner(new Secret("XXXXXXXXXX".toCharArray(), "test key"),
            new Secret("VDFZSSPUTKRJMXAVMJXBHEXIPZNZJIZUBVRQ".toCharArray(), "test secret"),
            BybitSigner.DEFAULT_RECV_WINDOW_MILLIS);

    @Test
    void getSignsTheQueryString() {
        assertEquals("efa02766068b9b28c70b29d2738c5e9fea0cd47e2419f63f9e0246eaeb1f3897",
                signer.sign("1658384314791", "category=option&symbol=BTC-29JUL22-25000-C"));
        BybitSigner.SignedHeaders h = signer.sign(1_658_384_314_791L, "category=option&symbol=BTC-29JUL22-25000-C");
        assertEquals("1658384314791", h.timestamp());
        assertEquals("5000", h.recvWindow());
        assertEquals("efa02766068b9b28c70b29d2738c5e9fea0cd47e2419f63f9e0246eaeb1f3897", h.sign());
    }

    @Test
    void postSignsTheBody() {
        assertEquals("0823d1c0375493de2390d9aaba3a4562ae50892a4f227f736885dbfd2132d2e2",
                signer.sign("1658385579423", "{\"category\": \"option\"}"));
    }

    @Test
    void webSocketAuth() {
        assertEquals("06f9ae2e99920f9b2838bea70215b2b1f1e30ae7665078e97d0a8b76b47d1094",
                signer.webSocketAuthSign(1_662_350_400_000L));
    }

    @Test
    void headersAndHygiene() {
        assertEquals("X-BAPI-API-KEY", BybitSigner.API_KEY_HEADER);
        assertEquals("X-BAPI-SIGN", BybitSigner.SIGN_HEADER);
        assertEquals("X-BAPI-TIMESTAMP", BybitSigner.TIMESTAMP_HEADER);
        assertEquals("X-BAPI-RECV-WINDOW", BybitSigner.RECV_WINDOW_HEADER);
        assertFalse(signer.toString().contains("VDFZ"));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("1658385579423", "symbol=\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("12:00", ""));
    }
}
