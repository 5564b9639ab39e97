package io.xgate.journal.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded many-producer, one-consumer queue of variable-length records in one off-heap byte ring (the algorithm
 * of Agrona's {@code ManyToOneRingBuffer}, JDK only). Producers claim space with one CAS on the tail, copy their
 * bytes and publish the record by a release store of its length; they never block or allocate. The consumer
 * reads published records in claim order, zeroes what it consumed and releases it by advancing the head.
 *
 * <p>Record layout in the ring (8-byte aligned): {@code length:i32} (total incl. this header, negative while
 * being written), {@code type:i32} ({@code -1} = padding to the ring's end), {@code ts:i64}, payload.
 */
public final class RecordRing {

    /** Ring record header: length, type, ts. */
    public static final int HEADER = 16;
    private static final int PADDING = -1;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** Receives records from {@link #read}. The payload is valid only during the call. */
    @FunctionalInterface
    public interface Handler {
        /** @param buf the ring; the payload is {@code buf[off, off + len)} (absolute, do not change position) */
        void record(int type, long ts, ByteBuffer buf, int off, int len);
    }

    private final ByteBuffer buf;
    private final int capacity;
    private final int mask;
    private final int maxRecord;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    // producers' view of the head, to avoid reading the consumer's hot line on every claim
    private volatile long headCache;
    private final byte[] zeros = new byte[4096];

    /** @param minCapacity bytes; rounded up to a power of two */
    public RecordRing(int minCapacity) {
        int cap = Integer.highestOneBit(Math.max(minCapacity, 4096) - 1) << 1;
        this.capacity = cap;
        this.mask = cap - 1;
        this.maxRecord = cap / 8;
        this.buf = ByteBuffer.allocateDirect(cap + 8).alignedSlice(8).order(ByteOrder.nativeOrder());
    }

    /** The ring's size in bytes. */
    public int capacity() {
        return capacity;
    }

    /** Largest payload {@link #offer} accepts. */
    public int maxPayload() {
        return maxRecord - HEADER;
    }

    /** Position after the last claimed record (a flush target). */
    public long tailPosition() {
        return tail.get();
    }

    /** Position after the last consumed record. */
    public long headPosition() {
        return head.get();
    }

    /** Copies one record in; false (nothing written) if the ring has no room or it is too large. Never blocks. */
    public boolean offer(int type, long ts, byte[] src, int off, int len) {
        int index = claim(len);
        if (index < 0) {
            return false;
        }
        buf.putInt(index + 4, type);
        buf.putLong(index + 8, ts);
        if (len > 0) {
            buf.put(index + HEADER, src, off, len);
        }
        INT.setRelease(buf, index, HEADER + len);
        return true;
    }

    /** As {@link #offer(int, long, byte[], int, int)} from a buffer's remaining bytes (its position unchanged). */
    public boolean offer(int type, long ts, ByteBuffer src) {
        int len = src.remaining();
        int index = claim(len);
        if (index < 0) {
            return false;
        }
        buf.putInt(index + 4, type);
        buf.putLong(index + 8, ts);
        if (len > 0) {
            buf.put(index + HEADER, src, src.position(), len);
        }
        INT.setRelease(buf, index, HEADER + len);
        return true;
    }

    /** @return the ring index of the claimed record with its length set negative, or -1 */
    private int claim(int len) {
        if (len < 0 || len > maxRecord - HEADER) {
            return -1;
        }
        final int required = align(HEADER + len);
        long h = headCache;
        long t;
        int padding;
        int index;
        do {
            t = tail.get();
            if (required > capacity - (int) (t - h)) {
                h = head.get();
                if (required > capacity - (int) (t - h)) {
                    return -1;
                }
                headCache = h;
            }
            padding = 0;
            index = (int) t & mask;
            int toEnd = capacity - index;
            if (required > toEnd) {
                // wrap: the record goes at index 0, which the consumer must have passed
                int headIndex = (int) h & mask;
                if (required > headIndex) {
                    h = head.get();
                    headIndex = (int) h & mask;
                    if (required > headIndex) {
                        return -1;
                    }
                    headCache = h;
                }
                padding = toEnd;
            }
        } while (!tail.compareAndSet(t, t + required + padding));
        if (padding != 0) {
            buf.putInt(index + 4, PADDING);
            INT.setRelease(buf, index, padding);
            index = 0;
        }
        INT.setRelease(buf, index, -(HEADER + len));
        return index;
    }

    /**
     * Hands published records to {@code handler} in claim order, up to about {@code limit} bytes, then releases
     * their space. Consumer thread only.
     *
     * @return bytes consumed (padding included); 0 if nothing was published
     */
    public int read(Handler handler, int limit) {
        final long h = head.get();
        final int start = (int) h & mask;
        final int contiguous = capacity - start;
        int bytes = 0;
        try {
            while (bytes < contiguous && bytes < limit) {
                int index = start + bytes;
                int length = (int) INT.getAcquire(buf, index);
                if (length <= 0) {
                    break;
                }
                bytes += align(length);
                int type = buf.getInt(index + 4);
                if (type != PADDING) {
                    handler.record(type, buf.getLong(index + 8), buf, index + HEADER, length - HEADER);
                }
            }
        } finally {
            if (bytes > 0) {
                zero(start, bytes);
                head.setRelease(h + bytes);
            }
        }
        return bytes;
    }

    private void zero(int index, int len) {
        while (len > 0) {
            int n = Math.min(len, zeros.length);
            buf.put(index, zeros, 0, n);
            index += n;
            len -= n;
        }
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
