package io.xgate.sim.binance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a SIGNED Binance request as the venue documents it (protocol reference 1.3): the signature is
 * {@code hex(HMAC_SHA256(key = secretKey, msg = query string + request body))}, case-insensitive, with the
 * {@code signature} parameter itself left out of the signed payload. Written from the documentation with the
 * JDK's {@link Mac}; not thread-safe (one per simulated venue, on the simulator's context).
 */
public final class BinanceSignatureCheck {

    private final Mac mac;

    /** @param secret the account's secret key, as text */
    public BinanceSignatureCheck(char[] secret) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The lower-case hex HMAC-SHA256 of a payload. */
    public String expected(String payload) {
        byte[] d = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(d.length * 2);
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    /** Whether {@code signatureHex} (either case) signs {@code payload}; compared in constant time. */
    public boolean verify(String payload, String signatureHex) {
        byte[] want = expected(payload).getBytes(StandardCharsets.US_ASCII);
        byte[] got = signatureHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(want, got);
    }

    /**
     * The payload a request signed: its query string and body, each without its {@code signature} parameter,
     * concatenated with no separator.
     */
    public static String signedPayload(String query, String body) {
        return withoutSignature(query) + withoutSignature(body);
    }

    private static String withoutSignature(String params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(params.length());
        for (String kv : params.split("&", -1)) {
            if (kv.startsWith("signature=")) {
                continue;
            }
            out.append(out.length() == 0 ? "" : "&").append(kv);
        }
        return out.toString();
    }
}
