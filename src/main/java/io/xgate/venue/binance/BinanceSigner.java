package io.xgate.venue.binance;

import io.xgate.config.Secret;
import io.xgate.sign.Secrets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's SIGNED endpoints (protocol reference 1.3): {@code signature = hex(HMAC-SHA256(secretKey, payload))},
 * where the payload is the query string followed, with no separator, by the form body. The keyed {@code Mac} is
 * prepared once per thread and reused ({@code doFinal} resets it); the payload's ASCII is encoded into a
 * per-thread buffer and the hex written into a per-thread {@code char[]}, so a signature costs one {@code String}.
 *
 * <p>Thread-safe. {@link #toString()} shows where the key came from, never the key.
 */
public final class BinanceSigner {

    /** The header that carries the API key. */
    public static final String API_KEY_HEADER = "X-MBX-APIKEY";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Secret apiKey;
    private final Secret secret;
    private final ThreadLocal<State> state;

    /** Per thread: the keyed Mac and reused buffers. */
    private static final class State {
        final Mac mac;
        byte[] bytes = new byte[512];
        final byte[] digest = new byte[32];
        final char[] hex = new char[64];

        State(Mac mac) {
            this.mac = mac;
        }
    }

    /**
     * @param apiKey sent as {@code X-MBX-APIKEY} (may be {@code null} when only signing, e.g. {@code xgate sign})
     * @param secret the HMAC key
     */
    public BinanceSigner(Secret apiKey, Secret secret) {
        this.apiKey = apiKey;
        this.secret = secret;
        byte[] key = Secrets.utf8(secret); // no String of the key is ever made
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
        this.state = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return new State(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /**
     * The hex signature of {@code payload} (query string, then body). The payload must be ASCII, as Binance
     * requires: percent-encode anything else before signing.
     *
     * @throws IllegalArgumentException if the payload holds a non-ASCII character
     */
    public String sign(CharSequence payload) {
        State s = state.get();
        int n = payload.length();
        if (s.bytes.length < n) {
            s.bytes = new byte[Math.max(n, s.bytes.length * 2)];
        }
        byte[] b = s.bytes;
        for (int i = 0; i < n; i++) {
            char c = payload.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("the payload must be ASCII (percent-encode it before signing); "
                        + "found '" + c + "' at " + i);
            }
            b[i] = (byte) c;
        }
        s.mac.update(b, 0, n);
        try {
            s.mac.doFinal(s.digest, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        char[] hex = s.hex;
        for (int i = 0; i < 32; i++) {
            hex[2 * i] = HEX[(s.digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[s.digest[i] & 0xf];
        }
        return new String(hex);
    }

    /** The API key for the {@code X-MBX-APIKEY} header, or {@code null} if none was given. */
    public Secret apiKey() {
        return apiKey;
    }

    @Override
    public String toString() {
        return "BinanceSigner[" + secret + "]";
    }
}
