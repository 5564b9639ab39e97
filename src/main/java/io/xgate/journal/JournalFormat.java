package io.xgate.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk format, version 1. All integers are big-endian; timestamps are epoch nanoseconds (i64).
 *
 * <p>A journal is a directory. A <em>stream</em> ({@code feed}, {@code events}, ...) is a sequence of append-only
 * segment files in it named {@code <stream>-<yyyyMMdd'T'HHmmss'Z'>-<seq>.xjl}: the UTC creation time of the
 * segment, then a sequence number (at least six digits, one more than the stream's last segment, never reused).
 * Readers order segments by that sequence number (it equals lexical order unless the clock stepped back).
 *
 * <pre>
 * segment  = segment-header block*
 * segment-header (22 + n bytes)
 *   0  magic        4 bytes "XGJL"
 *   4  version      u16  (= 1)
 *   6  headerLength u16  (= 22 + n, the offset of the first block; readers skip fields they do not know)
 *   8  createdNanos i64  (writer's clock)
 *  16  nameLength   u16  (= n)
 *  18  name         n bytes, UTF-8, the stream name
 *  18+n crc32c      u32  CRC32C of bytes 0 .. 18+n
 * block-header (40 bytes)
 *   0  magic        4 bytes "XBLK" (a sync word)
 *   4  codec        u8   (0 = stored raw, 1 = one LZ4 block; raw when LZ4 does not shrink it)
 *   5  reserved     3 bytes, zero
 *   8  storedLength u32  bytes that follow the header
 *  12  rawLength    u32  bytes of records once decompressed (= storedLength for codec 0)
 *  16  recordCount  u32
 *  20  firstTs      i64  timestamp of the block's first record
 *  28  lastTs       i64  timestamp of the block's last record
 *  36  crc32c       u32  CRC32C of header bytes 0..35 followed by the stored bytes
 * record (17 + len bytes, inside the decompressed block, back to back)
 *   0  len          u32  payload length
 *   4  crc32c       u32  CRC32C of bytes 8 .. 17+len (type, ts, payload)
 *   8  type         u8   0 = GAP (reserved), 1..255 the caller's
 *   9  ts           i64
 *  17  payload      len bytes
 * GAP payload: dropped u64, the number of records the writer dropped (queue full) just before this point
 * </pre>
 *
 * <p>A block is written with one write call; the last block of a segment may be torn if the process died, which
 * {@link Recovery} detects (length beyond the file, bad CRC) and truncates.
 */
public final class JournalFormat {

    /** Format version written in segment headers. */
    public static final int VERSION = 1;
    /** {@code "XGJL"}. */
    public static final int SEGMENT_MAGIC = 0x58474A4C;
    /** {@code "XBLK"}. */
    public static final int BLOCK_MAGIC = 0x58424C4B;
    /** Block header length in bytes. */
    public static final int BLOCK_HEADER = 40;
    /** Record header length in bytes (len, crc, type, ts). */
    public static final int RECORD_HEADER = 17;
    /** Codec: block stored uncompressed. */
    public static final int CODEC_NONE = 0;
    /** Codec: block is one LZ4 block (no frame). */
    public static final int CODEC_LZ4 = 1;
    /** Reserved record type: a gap of dropped records, payload {@code u64 count}. */
    public static final int TYPE_GAP = 0;
    /** Largest raw block a reader accepts (a sanity bound on headers). */
    public static final int MAX_RAW_BLOCK = 1 << 30;
    /** File name extension. */
    public static final String EXTENSION = ".xjl";

    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*");
    private static final Pattern SUFFIX = Pattern.compile("-(\\d{8}T\\d{6}Z)-(\\d{6,})\\.xjl");
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private JournalFormat() {}

    /** Refuses a stream name that is not letters, digits, {@code _ . -} (no leading, trailing or double dash). */
    public static String checkStream(String stream) {
        if (stream == null || stream.length() > 100 || !STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("bad journal stream name '" + stream
                    + "': letters, digits, '_', '.', single inner '-', at most 100 characters");
        }
        return stream;
    }

    /** The file name of segment {@code seq} of {@code stream} created at {@code createdNanos}. */
    public static String segmentName(String stream, long createdNanos, long seq) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(createdNanos, 1_000_000_000L));
        return stream + "-" + NAME_TIME.format(t) + "-" + String.format("%06d", seq) + EXTENSION;
    }

    /** The sequence number of a segment file name of {@code stream}, or -1 if it is not one. */
    public static long segmentSeq(String stream, String fileName) {
        if (!fileName.startsWith(stream) || !fileName.endsWith(EXTENSION)) {
            return -1;
        }
        Matcher m = SUFFIX.matcher(fileName.substring(stream.length()));
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    /** The creation second of a segment file name, in epoch nanos (from the name, not the header). */
    public static long segmentNameNanos(String stream, String fileName) {
        Matcher m = SUFFIX.matcher(fileName.substring(stream.length()));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a segment of " + stream + ": " + fileName);
        }
        return Instant.from(NAME_TIME.parse(m.group(1))).getEpochSecond() * 1_000_000_000L;
    }

    /** Encodes a segment header. */
    public static byte[] segmentHeader(String stream, long createdNanos) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        int len = 22 + name.length;
        ByteBuffer b = ByteBuffer.allocate(len);
        b.putInt(SEGMENT_MAGIC).putShort((short) VERSION).putShort((short) len).putLong(createdNanos)
                .putShort((short) name.length).put(name);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, len - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** A decoded segment header. */
    public record SegmentHeader(int version, int length, long createdNanos, String stream) {}

    /**
     * Decodes the segment header at the start of {@code buf} (absolute reads, position untouched).
     *
     * @throws JournalCorruptException if it is short, has a wrong magic, version or CRC
     */
    public static SegmentHeader readSegmentHeader(ByteBuffer buf) {
        long size = buf.limit();
        if (size < 22) {
            throw new JournalCorruptException("segment header incomplete: " + size + " bytes");
        }
        if (buf.getInt(0) != SEGMENT_MAGIC) {
            throw new JournalCorruptException("not a journal segment: bad magic");
        }
        int version = Short.toUnsignedInt(buf.getShort(4));
        int len = Short.toUnsignedInt(buf.getShort(6));
        int nameLen = Short.toUnsignedInt(buf.getShort(16));
        if (version != VERSION) {
            throw new JournalCorruptException("unsupported segment version " + version);
        }
        if (len < 22 + nameLen || len > size) {
            throw new JournalCorruptException("segment header incomplete or bad length " + len);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(18 + nameLen));
        if ((int) crc.getValue() != buf.getInt(18 + nameLen)) {
            throw new JournalCorruptException("segment header CRC mismatch");
        }
        byte[] name = new byte[nameLen];
        buf.get(18, name);
        return new SegmentHeader(version, len, buf.getLong(8), new String(name, StandardCharsets.UTF_8));
    }

    /** The CRC32C of a record's type, ts and payload as laid out in {@code buf} at record offset {@code off}. */
    static int recordCrc(CRC32C crc, byte[] buf, int off, int payloadLen) {
        crc.reset();
        crc.update(buf, off + 8, 9 + payloadLen);
        return (int) crc.getValue();
    }
}
