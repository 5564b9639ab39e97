package io.xgate.event.internal;

import java.io.IOException;
import org.msgpack.core.MessagePacker;

/**
 * Writes the composite values of an event body (strings through the {@link StringTable}, level arrays) into a
 * reused packer. Owned by one thread, like the packer and table it holds.
 */
public final class FieldWriter {

    private final MessagePacker packer;
    private final StringTable strings;

    /** A writer over the thread's packer and string table. */
    public FieldWriter(MessagePacker packer, StringTable strings) {
        this.packer = packer;
        this.strings = strings;
    }

    /** A UTF-8 string, its bytes cached by the string table. */
    public void string(String s) throws IOException {
        byte[] b = strings.utf8(s);
        packer.packRawStringHeader(b.length);
        packer.writePayload(b);
    }

    /** One side, {@code count} (price, size) pairs of {@code pairs} from pair {@code first}, as a flat array. */
    public void levels(long[] pairs, int first, int count) throws IOException {
        packer.packArrayHeader(2 * count);
        for (int i = 2 * first, end = 2 * (first + count); i < end; i++) {
            packer.packLong(pairs[i]);
        }
    }

    /** One side as a flat array {@code [p0, s0, p1, s1, ...]}. */
    public void levels(long[] prices, long[] sizes) throws IOException {
        int n = prices.length;
        packer.packArrayHeader(2 * n);
        for (int i = 0; i < n; i++) {
            packer.packLong(prices[i]).packLong(sizes[i]);
        }
    }
}
