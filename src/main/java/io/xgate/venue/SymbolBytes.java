package io.xgate.venue;

import io.xgate.config.Instrument;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Finds an instrument by the bytes of its venue spelling in a frame, exact-case, without a {@code String}: a
 * precomputed open-addressing table built once per venue connection, read-only afterwards. It answers the
 * instrument's index in the list it was built from, so a protocol keeps per-symbol state in plain arrays
 * instead of hashing an {@link Instrument} record per frame.
 */
public final class SymbolBytes {

    private final byte[][] keys;
    private final int[] indexes;
    private final int mask;

    /**
     * @param instruments the venue's instruments; an instrument's index is its position here
     * @param spelling    how the venue spells it in the frames this table reads (exact case)
     */
    public SymbolBytes(List<Instrument> instruments, Function<Instrument, String> spelling) {
        int size = Integer.highestOneBit(Math.max(4, instruments.size() * 4) - 1) << 1;
        this.keys = new byte[size][];
        this.indexes = new int[size];
        this.mask = size - 1;
        for (int n = 0; n < instruments.size(); n++) {
            byte[] k = spelling.apply(instruments.get(n)).getBytes(StandardCharsets.UTF_8);
            int slot = hash(k, 0, k.length) & mask;
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], k)) {
                    throw new IllegalArgumentException("two instruments spelled '" + new String(k,
                            StandardCharsets.UTF_8) + "'");
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            indexes[slot] = n;
        }
    }

    /** The index of the instrument spelled {@code bytes[from, to)}, or -1. */
    public int find(byte[] bytes, int from, int to) {
        int slot = hash(bytes, from, to - from) & mask;
        for (byte[] k = keys[slot]; k != null; k = keys[slot]) {
            if (k.length == to - from && same(k, bytes, from)) {
                return indexes[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** A plain loop: symbols are short, where {@code Arrays.equals}' vectorized mismatch costs more than it saves. */
    private static boolean same(byte[] key, byte[] bytes, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Length, first, middle and last byte: symbols differ there, and it costs four reads, not one per byte. */
    private static int hash(byte[] b, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int h = length;
        h = 31 * h + b[offset];
        h = 31 * h + b[offset + (length >>> 1)];
        h = 31 * h + b[offset + length - 1];
        return h ^ (h >>> 15);
    }
}
