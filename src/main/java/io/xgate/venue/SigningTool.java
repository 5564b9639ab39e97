package io.xgate.venue;

import io.xgate.config.Secret;
import java.util.Set;

/**
 * Part of the {@link Dialect} SPI: what {@code xgate sign --dialect <name>} does for this dialect. It signs a payload
 * exactly as the dialect's order protocol does, and refuses, with a message saying why, what commonly breaks a
 * signature (a payload that already holds its signature, non-ASCII text, a nonce that differs from the payload's).
 *
 * <p>Threading: immutable and stateless; used on the command line's thread.
 */
public interface SigningTool {

    /** Options of {@code xgate sign} beyond {@code --payload} and the secret. */
    enum Option {
        /** {@code --path}: the request's URI path (Kraken signs it). */
        PATH,
        /** {@code --nonce}: the request's nonce (Kraken), checked against the payload's. */
        NONCE
    }

    /**
     * What to sign.
     *
     * @param payload what the venue signs over (Binance: query string then body; Kraken: the URL-encoded POST data)
     * @param path    {@code --path}, or {@code null}
     * @param nonce   {@code --nonce}, or {@code null}
     */
    record Input(String payload, String path, Long nonce) {
    }

    /**
     * A signature.
     *
     * @param value       the signature, as the venue expects it (printed on standard output)
     * @param explanation exactly what was signed, for {@code -v}; never the secret
     */
    record Signature(String value, String explanation) {
    }

    /** The options this dialect uses. */
    Set<Option> options();

    /** One line for {@code xgate sign --help}: the dialect's recipe. */
    String recipe();

    /**
     * Signs {@code in} with {@code secret}.
     *
     * @throws IllegalArgumentException with a message for the user when the input would not make a valid signature
     *                                  (or the secret is unusable); the message never holds the secret
     */
    Signature sign(Input in, Secret secret);
}
