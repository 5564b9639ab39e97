package io.xgate.venue.kraken;

import io.xgate.config.Secret;
import io.xgate.sign.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's private REST endpoints (protocol reference 2.4):
 * {@code API-Sign = base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + postData)))}. The keyed
 * {@code Mac} and the SHA-256 digest are prepared once per thread and reused; the URI path's bytes are encoded
 * once per distinct path; the inner digest is written into a per-thread buffer. {@link #nextNonce()} gives
 * strictly increasing nonces, as Kraken requires, even when called from several threads.
 *
 * <p>Thread-safe. {@link #toString()} shows where the key came from, never the key.
 */
public final class KrakenSigner {

    /** The headers that carry the key and the signature. */
    public static final String API_KEY_HEADER = "API-Key";
    public static final String API_SIGN_HEADER = "API-Sign";

    private final Secret apiKey;
    private final Secret secret;
    private final ThreadLocal<State> state;
    private final AtomicLong lastNonce = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> paths = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class State {
        final Mac mac;
        final MessageDigest sha256;
        byte[] bytes = new byte[512];
        final byte[] inner = new byte[32];
        final byte[] signature = new byte[64];

        State(Mac mac, MessageDigest sha256) {
            this.mac = mac;
            this.sha256 = sha256;
        }
    }

    /**
     * @param apiKey sent as {@code API-Key} (may be {@code null} when only signing)
     * @param secret the base64 private key, as Kraken issues it
     * @throws IllegalArgumentException if the secret is not base64
     */
    public KrakenSigner(Secret apiKey, Secret secret) {
        this.apiKey = apiKey;
        this.secret = secret;
        byte[] text = Secrets.utf8(secret);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Kraken API secret from " + secret.source() + " is not base64; "
                    + "paste the private key exactly as Kraken shows it");
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA512");
        Arrays.fill(key, (byte) 0);
        this.state = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA512");
                mac.init(spec);
                return new State(mac, MessageDigest.getInstance("SHA-256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA512 or SHA-256 is not available in this JVM", e);
            }
        });
    }

    /**
     * The {@code API-Sign} value for a request.
     *
     * @param uriPath  the path from {@code /0/private}, e.g. {@code /0/private/AddOrder}
     * @param nonce    the request's nonce, as it appears in {@code postData}
     * @param postData the encoded body, {@code nonce=...&...}
     */
    public String sign(String uriPath, long nonce, CharSequence postData) {
        State s = state.get();
        String n = Long.toString(nonce);
        int len = n.length() + postData.length();
        if (s.bytes.length < len) {
            s.bytes = new byte[Math.max(len, s.bytes.length * 2)];
        }
        byte[] b = s.bytes;
        int at = 0;
        for (int i = 0; i < n.length(); i++) {
            b[at++] = (byte) n.charAt(i);
        }
        for (int i = 0; i < postData.length(); i++) {
            char c = postData.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("the POST data must be URL-encoded ASCII; found '" + c + "' at "
                        + i);
            }
            b[at++] = (byte) c;
        }
        s.sha256.update(b, 0, at);
        try {
            s.sha256.digest(s.inner, 0, 32);
            s.mac.update(paths.computeIfAbsent(uriPath, p -> p.getBytes(StandardCharsets.US_ASCII)));
            s.mac.update(s.inner);
            s.mac.doFinal(s.signature, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(s.signature);
    }

    /**
     * A nonce greater than every one given before: the current time in microseconds, or the last nonce + 1 if
     * the clock has not moved on (or went back).
     */
    public long nextNonce() {
        return nextNonce(System.currentTimeMillis());
    }

    /**
     * A nonce greater than every one given before, from a given clock ({@code nowMillis}, e.g. the venue's time):
     * that time in microseconds, or the last nonce + 1 if it is not later.
     */
    public long nextNonce(long nowMillis) {
        long now = nowMillis * 1_000;
        return lastNonce.accumulateAndGet(now, (last, t) -> Math.max(last + 1, t));
    }

    /** The API key for the {@code API-Key} header, or {@code null} if none was given. */
    public Secret apiKey() {
        return apiKey;
    }

    @Override
    public String toString() {
        return "KrakenSigner[" + secret + "]";
    }
}
