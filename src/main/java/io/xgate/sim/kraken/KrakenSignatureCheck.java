package io.xgate.sim.kraken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Kraken's {@code API-Sign} as the venue documents it (protocol reference 2.4):
 * {@code base64(HMAC_SHA512(key = base64decode(secret), msg = URI path + SHA256(nonce + POST data)))}, where the URI
 * path starts at {@code /0/private} and the POST data is the whole encoded body (itself holding {@code nonce=}).
 * Written from the documentation with the JDK's {@link Mac} and {@link MessageDigest}; not thread-safe (one per
 * simulated venue, on the simulator's context).
 */
public final class KrakenSignatureCheck {

    private final Mac mac;
    private final MessageDigest sha256;

    /** @param secret the account's private key, base64 as Kraken issues it */
    public KrakenSignatureCheck(char[] secret) {
        try {
            mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(new String(secret).trim()), "HmacSHA512"));
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 or SHA-256 is not available in this JDK", e);
        }
    }

    /** The {@code API-Sign} a request should carry. */
    public String expected(String uriPath, String nonce, String postData) {
        byte[] digest = sha256.digest((nonce + postData).getBytes(StandardCharsets.UTF_8));
        mac.update(uriPath.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(digest));
    }

    /** Whether {@code apiSign} signs the request; compared in constant time. */
    public boolean verify(String uriPath, String nonce, String postData, String apiSign) {
        return MessageDigest.isEqual(expected(uriPath, nonce, postData).getBytes(StandardCharsets.US_ASCII),
                apiSign.getBytes(StandardCharsets.US_ASCII));
    }
}
