package io.xgate.sim.okx;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulated venue's check of {@code OK-ACCESS-SIGN}, from protocol reference 3.4 with the JDK's {@link Mac}:
 * {@code base64(HMAC-SHA256(secret as its text, timestamp + METHOD + requestPath + body))}.
 */
final class OkxSimSignatureCheck {

    private final Mac mac;

    OkxSimSignatureCheck(char[] secret) {
        byte[] key = new String(secret).getBytes(StandardCharsets.US_ASCII);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The signature the venue expects. */
    String expected(String timestamp, String method, String requestPath, String body) {
        byte[] d = mac.doFinal((timestamp + method + requestPath + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(d);
    }

    /** Whether {@code sign} is the right one (constant time). */
    boolean verify(String timestamp, String method, String requestPath, String body, String sign) {
        return sign != null && MessageDigest.isEqual(expected(timestamp, method, requestPath, body)
                .getBytes(StandardCharsets.US_ASCII), sign.getBytes(StandardCharsets.US_ASCII));
    }
}
