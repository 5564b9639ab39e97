package io.xgate.event.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Caches the UTF-8 form of strings for encoding and the {@code String} for byte sequences when decoding, so
 * the few venue, symbol and state strings that recur on every event cost no allocation. Owned by one thread;
 * bounded (a full table is cleared, which is only slower, never wrong).
 */
public final class StringTable {

    private static final int MAX_ENTRIES = 4096;
    private static final int SLOTS = 1024; // power of two

    private final HashMap<String, byte[]> encoded = new HashMap<>();
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The UTF-8 bytes of {@code s}; the array must not be modified. */
    public byte[] utf8(String s) {
        byte[] b = encoded.get(s);
        if (b == null) {
            if (encoded.size() >= MAX_ENTRIES) {
                encoded.clear();
            }
            b = s.getBytes(StandardCharsets.UTF_8);
            encoded.put(s, b);
        }
        return b;
    }

    /** The string whose UTF-8 bytes are {@code bytes[0, length)}. */
    public String string(byte[] bytes, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, bytes, 0, length)) {
            return values[slot];
        }
        String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(bytes, length);
        values[slot] = s;
        return s;
    }
}
