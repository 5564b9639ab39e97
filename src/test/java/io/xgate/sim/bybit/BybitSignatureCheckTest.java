package io.xgate.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The simulator's own check of {@code X-BAPI-SIGN}, written from protocol reference 4.3 with the JDK's Mac, on the
 * self-generated vectors there (pybit's test secret): GET over the query string, POST over the exact body.
 */
class BybitSignatureCheckTest {

    private final BybitSignatureCheck check = new BybitSignatureCheck("VDFZSSPUTKRJMXAVMJXBHEXIPZNZJIZUBVRQ".toCharArray());

    @Test
    void theSelfGeneratedVectorsOfTheReference() {
        assertEquals("efa02766068b9b28c70b29d2738c5e9fea0cd47e2419f63f9e0246eaeb1f3897",
                check.expected("1658384314791", "XXXXXXXXXX", "5000", "category=option&symbol=BTC-29JUL22-25000-C"));
        assertEquals("0823d1c0375493de2390d9aaba3a4562ae50892a4f227f736885dbfd2132d2e2",
                check.expected("1658385579423", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}"));
    }

    @Test
    void anyChangeToTheSignedTextFailsAndCaseDoesNot() {
        String sign = "0823d1c0375493de2390d9aaba3a4562ae50892a4f227f736885dbfd2132d2e2";
        assertTrue(check.verify("1658385579423", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}", sign));
        assertTrue(check.verify("1658385579423", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}",
                sign.toUpperCase()));
        assertFalse(check.verify("1658385579423", "XXXXXXXXXX", "5000", "{\"category\":\"option\"}", sign),
                "the body's exact bytes are signed");
        assertFalse(check.verify("1658385579424", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}", sign));
        assertFalse(check.verify("1658385579423", "XXXXXXXXXX", "5000", "{\"category\": \"option\"}", null));
    }
}
