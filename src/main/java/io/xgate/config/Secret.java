package io.xgate.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * A credential read from an environment variable or a mounted file. Its value is never part of
 * {@link #toString()}, logs or admin output: only where it came from is.
 */
public final class Secret {

    private final char[] value;
    private final String source;

    /** A secret and a description of where it came from ({@code env BINANCE_API_KEY}, {@code file /run/...}). */
    public Secret(char[] value, String source) {
        this.value = value.clone();
        this.source = Objects.requireNonNull(source);
    }

    /** The secret itself. Use it to sign, never to print. Returns a copy. */
    public char[] reveal() {
        return value.clone();
    }

    /** Where the secret came from, safe to log. */
    public String source() {
        return source;
    }

    /** Whether the secret is empty. */
    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value) && source.equals(s.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[" + source + ", ***]";
    }
}
