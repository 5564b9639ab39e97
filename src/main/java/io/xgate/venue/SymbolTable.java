package io.xgate.venue;

import io.xgate.config.Instrument;
import java.util.Arrays;
import java.util.Collection;

/**
 * Looks up an instrument by the venue's symbol straight from a parser's character buffer, so a frame's
 * symbol never becomes a {@code String}. Built once per venue from its configuration; read-only afterwards,
 * hence safe to share.
 *
 * <p>Lookups may be case-insensitive (Binance stream names use lower case, payloads upper case).
 */
public final class SymbolTable {

    private final char[][] keys;
    private final Instrument[] values;
    private final int mask;
    private final boolean ignoreCase;

    /** A table of the instruments keyed by {@link Instrument#venueSymbol()}. */
    public SymbolTable(Collection<Instrument> instruments, boolean ignoreCase) {
        int size = Integer.highestOneBit(Math.max(4, instruments.size() * 4) - 1) << 1;
        this.keys = new char[size][];
        this.values = new Instrument[size];
        this.mask = size - 1;
        this.ignoreCase = ignoreCase;
        for (Instrument i : instruments) {
            char[] k = i.venueSymbol().toCharArray();
            int slot = hash(k, 0, k.length) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            values[slot] = i;
        }
    }

    /** The instrument whose venue symbol is {@code chars[offset, offset + length)}, or {@code null}. */
    public Instrument find(char[] chars, int offset, int length) {
        int slot = hash(chars, offset, length) & mask;
        for (char[] k = keys[slot]; k != null; k = keys[slot]) {
            if (equal(k, chars, offset, length)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /** Convenience lookup by string (edges, tests). */
    public Instrument find(String venueSymbol) {
        char[] c = venueSymbol.toCharArray();
        return find(c, 0, c.length);
    }

    private int hash(char[] c, int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + (ignoreCase ? Character.toUpperCase(c[i]) : c[i]);
        }
        return h ^ (h >>> 16);
    }

    private boolean equal(char[] key, char[] c, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        if (!ignoreCase) {
            return Arrays.equals(key, 0, length, c, offset, offset + length);
        }
        for (int i = 0; i < length; i++) {
            if (Character.toUpperCase(key[i]) != Character.toUpperCase(c[offset + i])) {
                return false;
            }
        }
        return true;
    }
}
