package io.xgate.sign;

import io.xgate.config.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a secret into key bytes without ever making a {@code String} of it: the dialect-free part of signing, used
 * by every dialect's signer ({@code io.xgate.venue.<dialect>}).
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret's UTF-8 bytes, trimmed of surrounding whitespace; the caller wipes them after use. */
    public static byte[] utf8(Secret secret) {
        char[] chars = secret.reveal();
        try {
            int from = 0;
            int to = chars.length;
            while (from < to && Character.isWhitespace(chars[from])) {
                from++;
            }
            while (to > from && Character.isWhitespace(chars[to - 1])) {
                to--;
            }
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars, from, to - from));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            return out;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
