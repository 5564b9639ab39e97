package io.xgate.venue.okx;

import io.xgate.config.Secret;
import io.xgate.sign.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * OKX v5 REST and WebSocket-login signatures (protocol reference 3.4):
 * {@code OK-ACCESS-SIGN = base64(HMAC-SHA256(secretKey, timestamp + METHOD + requestPath + body))}, where the key
 * is the secret's text as-is (not decoded), the timestamp is ISO-8601 UTC with milliseconds
 * ({@code 2020-12-08T09:08:57.715Z}), a GET's query string is part of {@code requestPath} and its body is empty,
 * and a POST's body is the exact JSON text sent. The WebSocket login signs
 * {@code unixSeconds + "GET" + "/users/self/verify"}.
 *
 * <p>The keyed {@code Mac} is prepared once per thread and reused; the message is encoded (UTF-8) into a per-thread
 * buffer. No {@code String} of the secret or the passphrase is ever made here. Thread-safe; {@link #toString()}
 * shows where the key came from, never the key.
 */
public final class OkxSigner {

    /** The headers of a signed request; {@code Content-Type: application/json} goes with them. */
    public static final String ACCESS_KEY_HEADER = "OK-ACCESS-KEY";
    public static final String ACCESS_SIGN_HEADER = "OK-ACCESS-SIGN";
    public static final String ACCESS_TIMESTAMP_HEADER = "OK-ACCESS-TIMESTAMP";
    public static final String ACCESS_PASSPHRASE_HEADER = "OK-ACCESS-PASSPHRASE";
    /** Demo trading adds this header with the value {@code 1}. */
    public static final String SIMULATED_TRADING_HEADER = "x-simulated-trading";
    /** The request path the WebSocket login signs. */
    public static final String LOGIN_PATH = "/users/self/verify";

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * The values that change per request; the key and passphrase headers come from {@link #apiKey()} and
     * {@link #passphrase()}.
     *
     * @param timestamp for {@code OK-ACCESS-TIMESTAMP}
     * @param sign      for {@code OK-ACCESS-SIGN}
     */
    public record SignedHeaders(String timestamp, String sign) {
    }

    private final Secret apiKey;
    private final Secret secret;
    private final Secret passphrase;
    private final ThreadLocal<State> state;

    /** Per thread: the keyed Mac and reused buffers. */
    private static final class State {
        final Mac mac;
        byte[] bytes = new byte[1024];
        final byte[] digest = new byte[32];
        final byte[] base64 = new byte[44];

        State(Mac mac) {
            this.mac = mac;
        }
    }

    /**
     * @param apiKey     sent as {@code OK-ACCESS-KEY} (may be {@code null} when only signing)
     * @param secret     the HMAC key, used as the text OKX issues
     * @param passphrase sent as {@code OK-ACCESS-PASSPHRASE} (may be {@code null} when only signing)
     */
    public OkxSigner(Secret apiKey, Secret secret, Secret passphrase) {
        this.apiKey = apiKey;
        this.secret = secret;
        this.passphrase = passphrase;
        byte[] key = Secrets.utf8(secret);
        if (key.length == 0) {
            throw new IllegalArgumentException("the OKX API secret from " + secret.source() + " is empty");
        }
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

    /** {@code OK-ACCESS-TIMESTAMP} for an instant: ISO-8601 UTC, always with three millisecond digits. */
    public static String timestamp(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The timestamp and signature of a REST request.
     *
     * @param method      {@code GET}, {@code POST}, ... (upper case)
     * @param requestPath the path with its query string ({@code /api/v5/account/balance?ccy=BTC})
     * @param body        the exact JSON text sent, or {@code ""} (GET)
     */
    public SignedHeaders sign(long epochMillis, String method, CharSequence requestPath, CharSequence body) {
        String ts = timestamp(epochMillis);
        return new SignedHeaders(ts, sign(ts, method, requestPath, body));
    }

    /**
     * {@code base64(HMAC-SHA256(secret, timestamp + method + requestPath + body))}.
     *
     * @throws IllegalArgumentException if the method is not upper-case letters
     */
    public String sign(CharSequence timestamp, CharSequence method, CharSequence requestPath, CharSequence body) {
        if (method.length() == 0) {
            throw new IllegalArgumentException("the HTTP method is empty");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                throw new IllegalArgumentException("OKX signs the HTTP method in upper case, got '" + method + "'");
            }
        }
        State s = state.get();
        int n = append(s, 0, timestamp);
        n = append(s, n, method);
        n = append(s, n, requestPath);
        n = append(s, n, body);
        return finish(s, n);
    }

    /** The {@code sign} of a WebSocket {@code login} op: over {@code unixSeconds + "GET" + "/users/self/verify"}. */
    public String loginSign(long epochSeconds) {
        return sign(Long.toString(epochSeconds), "GET", LOGIN_PATH, "");
    }

    /** The API key for {@code OK-ACCESS-KEY}, or {@code null} if none was given. */
    public Secret apiKey() {
        return apiKey;
    }

    /** The passphrase for {@code OK-ACCESS-PASSPHRASE}, or {@code null} if none was given. */
    public Secret passphrase() {
        return passphrase;
    }

    private static String finish(State s, int n) {
        s.mac.update(s.bytes, 0, n);
        try {
            s.mac.doFinal(s.digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        int len = Base64.getEncoder().encode(s.digest, s.base64);
        return new String(s.base64, 0, len, StandardCharsets.US_ASCII);
    }

    /** Appends the UTF-8 bytes of {@code text} (ASCII in practice) to the thread's buffer. */
    private static int append(State s, int at, CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (s.bytes.length - at < 4) {
                s.bytes = Arrays.copyOf(s.bytes, s.bytes.length * 2);
            }
            char c = text.charAt(i);
            byte[] b = s.bytes;
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[at++] = (byte) (0xf0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at " + i + " of the text to sign");
            } else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return at;
    }


    @Override
    public String toString() {
        return "OkxSigner[" + secret + "]";
    }
}
