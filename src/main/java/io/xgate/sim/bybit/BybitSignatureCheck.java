package io.xgate.sim.bybit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a signed Bybit v5 request as the venue documents it (protocol reference 4.3):
 * {@code X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))}, where the payload is the
 * query string of a GET and the exact body of a POST. Written from the documentation with the JDK's {@link Mac};
 * not thread-safe (one per simulated venue, on the simulator's context).
 */
public final class BybitSignatureCheck {

    private final Mac mac;

    /** @param secret the account's secret key, as text */
    public BybitSignatureCheck(char[] secret) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new String(secret).trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The lower-case hex HMAC-SHA256 of {@code timestamp + apiKey + recvWindow + payload}. */
    public String expected(String timestamp, String apiKey, String recvWindow, String payload) {
        byte[] d = mac.doFinal((timestamp + apiKey + recvWindow + payload).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(d.length * 2);
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    /** Whether {@code sign} signs the request; compared in constant time. */
    public boolean verify(String timestamp, String apiKey, String recvWindow, String payload, String sign) {
        if (sign == null) {
            return false;
        }
        byte[] want = expected(timestamp, apiKey, recvWindow, payload).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(want, sign.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
