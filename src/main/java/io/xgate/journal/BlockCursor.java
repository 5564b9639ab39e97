package io.xgate.journal;

import static io.xgate.journal.JournalFormat.BLOCK_HEADER;
import static io.xgate.journal.JournalFormat.RECORD_HEADER;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Walks the blocks of one segment held in a (mapped) buffer: checks each header, verifies its CRC, and decodes
 * it into a reused buffer with the safe LZ4 decompressor, checking every record's length and CRC before any is
 * handed out. Never misreads: anything that does not check out is a {@link Step#TORN} or {@link Step#CORRUPT}.
 */
final class BlockCursor {

    /** What {@link #next()} found. */
    enum Step { BLOCK, END, TORN, CORRUPT }

    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    private final ByteBuffer seg;
    private final long size;
    private final CRC32C crc = new CRC32C();
    private byte[] raw = new byte[64 << 10];
    private int pos;

    int blockOffset;
    int codec;
    int storedLength;
    int rawLength;
    int recordCount;
    long minTs;
    long maxTs;
    String problem;

    BlockCursor(ByteBuffer seg, int firstBlock) {
        this.seg = seg;
        this.size = seg.limit();
        this.pos = firstBlock;
    }

    /** Offset of the next block header (after the last block returned). */
    int position() {
        return pos;
    }

    /** Reads and verifies the next block's header and CRC (not its records). */
    Step next() {
        blockOffset = pos;
        problem = null;
        if (pos == size) {
            return Step.END;
        }
        if (size - pos < BLOCK_HEADER) {
            problem = "incomplete block header (" + (size - pos) + " bytes)";
            return Step.TORN;
        }
        if (seg.getInt(pos) != JournalFormat.BLOCK_MAGIC) {
            problem = "no block magic";
            return Step.CORRUPT;
        }
        codec = seg.get(pos + 4);
        storedLength = seg.getInt(pos + 8);
        rawLength = seg.getInt(pos + 12);
        recordCount = seg.getInt(pos + 16);
        minTs = seg.getLong(pos + 20);
        maxTs = seg.getLong(pos + 28);
        if ((codec != JournalFormat.CODEC_NONE && codec != JournalFormat.CODEC_LZ4) || seg.get(pos + 5) != 0
                || seg.getShort(pos + 6) != 0) {
            problem = "bad block codec " + codec;
            return Step.CORRUPT;
        }
        if (rawLength < 0 || rawLength > JournalFormat.MAX_RAW_BLOCK || storedLength < 0
                || (codec == JournalFormat.CODEC_NONE && storedLength != rawLength)
                || recordCount < 0 || (long) recordCount * RECORD_HEADER > rawLength) {
            problem = "bad block lengths stored=" + storedLength + " raw=" + rawLength + " records=" + recordCount;
            return Step.CORRUPT;
        }
        if (size - pos - BLOCK_HEADER < storedLength) {
            problem = "block extends past the end of the file (" + storedLength + " bytes stored, "
                    + (size - pos - BLOCK_HEADER) + " present)";
            return Step.TORN;
        }
        crc.reset();
        crc.update(seg.duplicate().limit(pos + 36).position(pos));
        crc.update(seg.duplicate().limit(pos + BLOCK_HEADER + storedLength).position(pos + BLOCK_HEADER));
        if ((int) crc.getValue() != seg.getInt(pos + 36)) {
            problem = "block CRC mismatch";
            return Step.CORRUPT;
        }
        pos += BLOCK_HEADER + storedLength;
        return Step.BLOCK;
    }

    /**
     * Decodes the block {@link #next()} returned and checks every record.
     *
     * @return true if it checks out; otherwise {@link #problem} says why
     */
    boolean decode() {
        if (raw.length < rawLength) {
            raw = new byte[Math.max(rawLength, raw.length * 2)];
        }
        int data = blockOffset + BLOCK_HEADER;
        if (codec == JournalFormat.CODEC_NONE) {
            seg.get(data, raw, 0, rawLength);
        } else {
            int n;
            try {
                n = LZ4.decompress(seg, data, storedLength, ByteBuffer.wrap(raw), 0, rawLength);
            } catch (LZ4Exception e) {
                problem = "LZ4 block does not decompress: " + e.getMessage();
                return false;
            }
            if (n != rawLength) {
                problem = "LZ4 block decompresses to " + n + " bytes, header says " + rawLength;
                return false;
            }
        }
        int off = 0;
        for (int i = 0; i < recordCount; i++) {
            if (rawLength - off < RECORD_HEADER) {
                problem = "record " + i + " header past the block's end";
                return false;
            }
            int len = getInt(raw, off);
            if (len < 0 || len > rawLength - off - RECORD_HEADER) {
                problem = "record " + i + " length " + len + " past the block's end";
                return false;
            }
            if (JournalFormat.recordCrc(crc, raw, off, len) != getInt(raw, off + 4)) {
                problem = "record " + i + " CRC mismatch";
                return false;
            }
            off += RECORD_HEADER + len;
        }
        if (off != rawLength) {
            problem = "block has " + (rawLength - off) + " bytes after its " + recordCount + " records";
            return false;
        }
        return true;
    }

    /** The decoded records (valid after a successful {@link #decode()}, until the next one). */
    byte[] raw() {
        return raw;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static long getLong(byte[] b, int off) {
        return (long) getInt(b, off) << 32 | (getInt(b, off + 4) & 0xFFFFFFFFL);
    }
}
