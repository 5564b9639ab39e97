package io.xgate.journal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a stream's last segment block by block (header, lengths within the file, block CRC32C, LZ4, every
 * record's length and CRC32C) and cuts a torn tail: the file is truncated at the start of the first block that
 * does not check out, which is reported (returned and logged at WARN). Nothing before it is touched. A last
 * segment shorter than its header (the process died while creating it) is deleted; one whose header is corrupt
 * is left as it is and reported.
 */
public final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /** Recovers the last segment of {@code stream} in {@code dir}. */
    public static RecoveryReport recover(Path dir, String stream) throws IOException {
        List<Segments.SegmentFile> segments = Segments.list(dir, JournalFormat.checkStream(stream));
        if (segments.isEmpty()) {
            return RecoveryReport.none();
        }
        return recoverSegment(segments.get(segments.size() - 1).path());
    }

    /** Recovers one segment file (it must not be being written). */
    public static RecoveryReport recoverSegment(Path path) throws IOException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE) {
            String why = "segment larger than 2 GiB, not written by this journal; left as it is";
            log.warn("journal recovery: {}: {}", path, why);
            return new RecoveryReport(path, false, size, 0, 0, 0, why);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            JournalFormat.SegmentHeader header;
            try {
                header = JournalFormat.readSegmentHeader(map);
            } catch (JournalCorruptException e) {
                if (size < 22 || (map.getInt(0) == JournalFormat.SEGMENT_MAGIC
                        && Short.toUnsignedInt(map.getShort(6)) > size)) {
                    ch.close();
                    Files.delete(path);
                    String why = "segment header incomplete (" + size + " bytes): deleted";
                    log.warn("journal recovery: {}: {}", path, why);
                    return new RecoveryReport(path, true, 0, size, 0, 0, why);
                }
                String why = e.getMessage() + "; left as it is";
                log.warn("journal recovery: {}: {}", path, why);
                return new RecoveryReport(path, false, size, 0, 0, 0, why);
            }
            BlockCursor cursor = new BlockCursor(map, header.length());
            long blocks = 0;
            long records = 0;
            while (true) {
                BlockCursor.Step step = cursor.next();
                if (step == BlockCursor.Step.END) {
                    return new RecoveryReport(path, false, size, 0, blocks, records, null);
                }
                if (step == BlockCursor.Step.BLOCK && cursor.decode()) {
                    blocks++;
                    records += cursor.recordCount;
                    continue;
                }
                long offset = cursor.blockOffset;
                String why = cursor.problem;
                ch.truncate(offset);
                ch.force(true);
                log.warn("journal recovery: {}: torn tail at offset {}: {}; cut {} bytes, kept {} blocks, {} records",
                        path, offset, why, size - offset, blocks, records);
                return new RecoveryReport(path, true, offset, size - offset, blocks, records, why);
            }
        }
    }
}
