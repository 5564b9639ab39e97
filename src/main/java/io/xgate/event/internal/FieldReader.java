package io.xgate.event.internal;

import io.xgate.event.EventDecodeException;
import io.xgate.event.SyncState;
import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads the composite values of an event body (strings, level arrays, counts) from a reused unpacker, with
 * every bound a corrupt body could abuse checked against the body's length. Owned by one thread, like the
 * unpacker, string table and scratch arrays it holds.
 */
public final class FieldReader {

    private static final int MAX_STRING = 64 * 1024;

    private final MessageUnpacker unpacker;
    private final StringTable strings;
    /** Holds one string's bytes while decoding. */
    private byte[] text = new byte[256];
    /** Length of the body being decoded: no count in it can exceed this. */
    private int bodyLength;
    /** The level arrays read by the last {@link #levels()} call. */
    private long[] levelPrices;
    private long[] levelSizes;

    /** A reader over the thread's unpacker and string table. */
    public FieldReader(MessageUnpacker unpacker, StringTable strings) {
        this.unpacker = unpacker;
        this.strings = strings;
    }

    /** Starts a body of {@code bodyLength} bytes. */
    public void reset(int bodyLength) {
        this.bodyLength = bodyLength;
    }

    /** The length of the body being decoded. */
    public int bodyLength() {
        return bodyLength;
    }

    /** A string; {@code nil} is refused. Recurring strings come back as the same instance. */
    public String string() throws IOException {
        if (unpacker.getNextFormat() == MessageFormat.NIL) {
            throw new EventDecodeException("expected a string, got nil");
        }
        int n = unpacker.unpackRawStringHeader();
        if (n > MAX_STRING) {
            throw new EventDecodeException("string of " + n + " bytes exceeds " + MAX_STRING);
        }
        if (text.length < n) {
            text = new byte[n];
        }
        unpacker.readPayload(text, 0, n);
        return strings.string(text, n);
    }

    /** Reads one side; its arrays are then {@link #levelPrices()} and {@link #levelSizes()}. */
    public void levels() throws IOException {
        int n = unpacker.unpackArrayHeader();
        if ((n & 1) != 0) {
            throw new EventDecodeException("level array has odd length " + n);
        }
        if (n > bodyLength) {
            throw new EventDecodeException("level array of " + n + " entries in a body of " + bodyLength + " bytes");
        }
        int levels = n >>> 1;
        long[] prices = new long[levels];
        long[] sizes = new long[levels];
        for (int i = 0; i < levels; i++) {
            prices[i] = unpacker.unpackLong();
            sizes[i] = unpacker.unpackLong();
        }
        levelPrices = prices;
        levelSizes = sizes;
    }

    /**
     * Reads two sides (bids, then asks) into one array of (price, size) pairs, as {@code BookUpdate} holds them;
     * {@link #firstSideLevels()} is then the number of pairs of the first side.
     */
    public long[] twoSides() throws IOException {
        int first = sideHeader();
        long[] head = new long[first];
        for (int i = 0; i < first; i++) {
            head[i] = unpacker.unpackLong();
        }
        int second = sideHeader();
        long[] out = java.util.Arrays.copyOf(head, first + second);
        for (int i = first; i < first + second; i++) {
            out[i] = unpacker.unpackLong();
        }
        firstSide = first >>> 1;
        return out;
    }

    /** The pairs of the first side read by the last {@link #twoSides()} call. */
    public int firstSideLevels() {
        return firstSide;
    }

    private int firstSide;

    private int sideHeader() throws IOException {
        int n = unpacker.unpackArrayHeader();
        if ((n & 1) != 0) {
            throw new EventDecodeException("level array has odd length " + n);
        }
        if (n > bodyLength) {
            throw new EventDecodeException("level array of " + n + " entries in a body of " + bodyLength + " bytes");
        }
        return n;
    }

    /** The prices of the side read by the last {@link #levels()} call. */
    public long[] levelPrices() {
        return levelPrices;
    }

    /** The sizes of the side read by the last {@link #levels()} call. */
    public long[] levelSizes() {
        return levelSizes;
    }

    /** The sync state of a wire code; an unknown code is refused. */
    public static SyncState syncState(int code) {
        SyncState st = SyncState.ofCode(code);
        if (st == null) {
            throw new EventDecodeException("unknown sync state code " + code);
        }
        return st;
    }

    /**
     * The {@code epoch} appended to a venue event's layout (high availability), read if the frame holds it: it holds
     * more than {@code before} own fields; 0 for a frame of a writer that predates it.
     */
    static long epoch(MessageUnpacker u, EventHeader h, int before) throws IOException {
        return h.ownFields() > before ? u.unpackLong() : 0L;
    }
}
