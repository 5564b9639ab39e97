package io.xgate.venue;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * A dialect's fixed vocabulary (channel names, message types, methods, sides), matched in the parser's own text
 * buffer: a string token that is one of the words comes back as that word's {@code String} instance, so decoding
 * the words a venue repeats in every frame allocates nothing and can be compared by identity or {@code equals}.
 * Immutable; safe to share.
 */
public final class KnownWords {

    private final String[] words;
    private final char[][] chars;

    /** The vocabulary. */
    public KnownWords(String... words) {
        this.words = words.clone();
        this.chars = new char[words.length][];
        for (int i = 0; i < words.length; i++) {
            chars[i] = words[i].toCharArray();
        }
    }

    /** The parser's current string token: one of the words (no allocation), or a new {@code String} if it is none. */
    public String of(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        for (int i = 0; i < words.length; i++) {
            if (Arrays.equals(chars[i], 0, chars[i].length, c, off, off + len)) {
                return words[i];
            }
        }
        return p.getText();
    }
}
