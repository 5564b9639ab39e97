package io.xgate.venue.bybit;

import io.xgate.config.Secret;
import io.xgate.sign.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bybit v5 REST and WebSocket-auth signatures (protocol reference 4.3):
 * {@code X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))}, lowercase, where the
 * payload is the query string for a GET and the exact JSON body for a POST; the WebSocket {@code auth} op signs
 * {@code "GET/realtime" + expires}. Timestamps are epoch milliseconds; the venue accepts
 * {@code server_time - recv_window <= timestamp < server_time + 1000}.
 *
 * <p>The keyed {@code Mac} is prepared once per thread and reused; the message is encoded into a per-thread
 * buffer and the hex written into a per-thread {@code char[]}. The API key takes part in the signed text: it is
 * held as bytes, and no {@code String} of it or of the secret is made here. Thread-safe; {@link #toString()} shows
 * where the key came from, never the key.
 */
public final class BybitSigner {

    public static final String API_KEY_HEADER = "X-BAPI-API-KEY";
    public static final String SIGN_HEADER = "X-BAPI-SIGN";
    public static final String TIMESTAMP_HEADER = "X-BAPI-TIMESTAMP";
    public static final String RECV_WINDOW_HEADER = "X-BAPI-RECV-WINDOW";
    /** Bybit's default receive window, milliseconds. */
    public static final long DEFAULT_RECV_WINDOW_MILLIS = 5000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] REALTIME = "GET/realtime".getBytes(StandardCharsets.US_ASCII);

    /**
     * The values that change per request; the key header comes from {@link #apiKey()}.
     *
     * @param timestamp  for {@code X-BAPI-TIMESTAMP}
     * @param sign       for {@code X-BAPI-SIGN}
     * @param recvWindow for {@code X-BAPI-RECV-WINDOW}
     */
    public record SignedHeaders(String timestamp, String sign, String recvWindow) {
    }

    private final Secret apiKey;
    private final Secret secret;
    private final byte[] apiKeyBytes;
    private final long recvWindowMillis;
    private final String recvWindow;
    private final ThreadLocal<State> state;

    /** Per thread: the keyed Mac and reused buffers. */
    private static final class State {
        final Mac mac;
        byte[] bytes = new byte[1024];
        final byte[] digest = new byte[32];
        final char[] hex = new char[64];

        State(Mac mac) {
            this.mac = mac;
        }
    }

    /**
     * @param apiKey           sent as {@code X-BAPI-API-KEY} and part of every signed text
     * @param secret           the HMAC key
     * @param recvWindowMillis sent as {@code X-BAPI-RECV-WINDOW} and signed (e.g. {@link #DEFAULT_RECV_WINDOW_MILLIS})
     */
    public BybitSigner(Secret apiKey, Secret secret, long recvWindowMillis) {
        if (recvWindowMillis <= 0) {
            throw new IllegalArgumentException("the receive window must be positive, got " + recvWindowMillis);
        }
        this.apiKey = apiKey;
        this.secret = secret;
        this.apiKeyBytes = Secrets.utf8(apiKey);
        this.recvWindowMillis = recvWindowMillis;
        this.recvWindow = Long.toString(recvWindowMillis);
        byte[] key = Secrets.utf8(secret);
        if (key.length == 0) {
            throw new IllegalArgumentException("the Bybit API secret from " + secret.source() + " is empty");
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

    /**
     * The headers of a request sent at {@code timestampMillis}.
     *
     * @param payload the query string of a GET ({@code category=spot&symbol=BTCUSDT}, no {@code ?}), or the exact
     *                JSON body of a POST
     */
    public SignedHeaders sign(long timestampMillis, CharSequence payload) {
        String ts = Long.toString(timestampMillis);
        return new SignedHeaders(ts, sign(ts, payload), recvWindow);
    }

    /**
     * {@code hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))}.
     *
     * @throws IllegalArgumentException if the timestamp is not digits or the payload is not ASCII (percent-encode
     *                                  a query string, escape a JSON body)
     */
    public String sign(CharSequence timestampMillis, CharSequence payload) {
        for (int i = 0; i < timestampMillis.length(); i++) {
            char c = timestampMillis.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the timestamp must be epoch milliseconds, got '" + timestampMillis
                        + "'");
            }
        }
        State s = state.get();
        int n = ascii(s, 0, timestampMillis);
        n = bytes(s, n, apiKeyBytes);
        n = ascii(s, n, recvWindow);
        n = ascii(s, n, payload);
        return finish(s, n);
    }

    /**
     * {@code hex(HMAC-SHA256(secret, text))} of a whole text to sign, {@code timestamp + apiKey + recvWindow +
     * payload} written out ({@code xgate sign}); no {@code String} of the secret is made.
     */
    public static String signWhole(Secret secret, CharSequence text) {
        byte[] key = Secrets.utf8(secret);
        try {
            if (key.length == 0) {
                throw new IllegalArgumentException("the Bybit API secret from " + secret.source() + " is empty");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            State s = new State(mac);
            return finish(s, ascii(s, 0, text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The {@code signature} of a WebSocket {@code auth} op: over {@code "GET/realtime" + expires}. */
    public String webSocketAuthSign(long expiresMillis) {
        State s = state.get();
        int n = bytes(s, 0, REALTIME);
        n = ascii(s, n, Long.toString(expiresMillis));
        return finish(s, n);
    }

    /** The API key for {@code X-BAPI-API-KEY}. */
    public Secret apiKey() {
        return apiKey;
    }

    public long recvWindowMillis() {
        return recvWindowMillis;
    }

    private static String finish(State s, int n) {
        s.mac.update(s.bytes, 0, n);
        try {
            s.mac.doFinal(s.digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        char[] hex = s.hex;
        for (int i = 0; i < 32; i++) {
            hex[2 * i] = HEX[(s.digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[s.digest[i] & 0xf];
        }
        return new String(hex);
    }

    private static int ascii(State s, int at, CharSequence text) {
        int n = text.length();
        ensure(s, at + n);
        byte[] b = s.bytes;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("the text to sign must be ASCII (percent-encode or escape it); "
                        + "found '" + c + "' at " + i);
            }
            b[at++] = (byte) c;
        }
        return at;
    }

    private static int bytes(State s, int at, byte[] src) {
        ensure(s, at + src.length);
        System.arraycopy(src, 0, s.bytes, at, src.length);
        return at + src.length;
    }

    private static void ensure(State s, int size) {
        if (s.bytes.length < size) {
            s.bytes = Arrays.copyOf(s.bytes, Math.max(size, s.bytes.length * 2));
        }
    }


    @Override
    public String toString() {
        return "BybitSigner[" + secret + "]";
    }
}
