package io.xgate.event.internal;

import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A msgpack output that reuses its buffers: the packer writes into one chunk; an event that fits in the chunk
 * is never copied again. Larger output spills into a growable array. Owned by one thread.
 */
public final class ReusableOutput implements MessageBufferOutput {

    private byte[] chunk;
    private MessageBuffer chunkView;
    /** Bytes the packer flushed into the chunk and that are not yet moved to the spill, or -1. */
    private int chunkLength = -1;
    private byte[] spill = new byte[0];
    private int spillLength;

    /** Creates an output whose chunk holds {@code chunkSize} bytes before spilling. */
    public ReusableOutput(int chunkSize) {
        this.chunk = new byte[chunkSize];
        this.chunkView = MessageBuffer.wrap(chunk);
    }

    /** Forgets what was written. */
    public void reset() {
        chunkLength = -1;
        spillLength = 0;
    }

    /** The array holding the output; valid until the next write. Call after the packer's {@code flush()}. */
    public byte[] array() {
        if (spillLength == 0) {
            return chunk;
        }
        moveChunkToSpill();
        return spill;
    }

    /** The output length. Call after the packer's {@code flush()}. */
    public int length() {
        return spillLength == 0 ? Math.max(chunkLength, 0) : spillLength + Math.max(chunkLength, 0);
    }

    @Override
    public MessageBuffer next(int minimumSize) {
        moveChunkToSpill();
        if (minimumSize > chunk.length) {
            chunk = new byte[Math.max(minimumSize, chunk.length * 2)];
            chunkView = MessageBuffer.wrap(chunk);
        }
        return chunkView;
    }

    @Override
    public void writeBuffer(int length) {
        chunkLength = length;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        moveChunkToSpill();
        appendToSpill(buffer, offset, length);
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
        write(buffer, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    private void moveChunkToSpill() {
        if (chunkLength >= 0) {
            appendToSpill(chunk, 0, chunkLength);
            chunkLength = -1;
        }
    }

    private void appendToSpill(byte[] src, int offset, int length) {
        if (spillLength + length > spill.length) {
            spill = Arrays.copyOf(spill, Math.max(spillLength + length, spill.length * 2 + 256));
        }
        System.arraycopy(src, offset, spill, spillLength, length);
        spillLength += length;
    }
}
