package io.xgate.journal;

import static io.xgate.journal.JournalFormat.RECORD_HEADER;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream of a journal: every record of every segment in order, or those in a time range. Segments are
 * memory-mapped read-only, one mapping per segment (segments are at most 1 GiB). Blocks are verified before any of
 * their records is handed out (see {@link BlockCursor}); a block that does not check out ends that segment with a
 * {@link JournalProblem} (logged at WARN, listed in {@link #problems()}) and reading goes on with the next segment.
 * An incomplete block at the end of the last segment is the writer's work in progress (or a torn tail not yet
 * recovered) and simply ends the read.
 *
 * <p>One reader is for one thread. It does not modify files (use {@link Recovery} for that).
 */
public final class JournalReader {

    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);

    private final Path dir;
    private final String stream;
    private final List<Path> segments;
    private final List<JournalProblem> problems = new ArrayList<>();
    private long blocksDecoded;
    private long blocksSkipped;

    private JournalReader(Path dir, String stream, List<Path> segments) {
        this.dir = dir;
        this.stream = stream;
        this.segments = segments;
    }

    /** Opens {@code stream} in {@code dir} with the segments present now. */
    public static JournalReader open(Path dir, String stream) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Segments.SegmentFile s : Segments.list(dir, JournalFormat.checkStream(stream))) {
            paths.add(s.path());
        }
        return new JournalReader(dir, stream, List.copyOf(paths));
    }

    /** The segment files, in order. */
    public List<Path> segments() {
        return segments;
    }

    /** What could not be read so far. */
    public List<JournalProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Blocks decompressed and checked so far (the seek skips the others by their headers). */
    public long blocksDecoded() {
        return blocksDecoded;
    }

    /** Blocks passed over by their header's time range so far. */
    public long blocksSkipped() {
        return blocksSkipped;
    }

    /** Every record in order. @return records handed to {@code handler} */
    public long readAll(RecordHandler handler) throws IOException {
        return read(Long.MIN_VALUE, Long.MAX_VALUE, handler);
    }

    /**
     * The records with {@code fromNanos <= ts <= toNanos}, in file order. Blocks whose [min, max] timestamp range
     * (from their header) misses the range are skipped without being decompressed.
     *
     * @return records handed to {@code handler}
     */
    public long read(long fromNanos, long toNanos, RecordHandler handler) throws IOException {
        long n = 0;
        for (int i = 0; i < segments.size(); i++) {
            n += readSegment(segments.get(i), i == segments.size() - 1, fromNanos, toNanos, handler, null);
        }
        return n;
    }

    /** Counts the stream's records by type, its time range and what could not be read. Decodes every block. */
    public JournalSummary summary() throws IOException {
        long[] byType = new long[256];
        long[] acc = {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0}; // min ts, max ts, gap total, blocks
        long bytes = 0;
        long records = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path p = segments.get(i);
            try {
                bytes += Files.size(p);
            } catch (NoSuchFileException e) {
                continue;
            }
            records += readSegment(p, i == segments.size() - 1, Long.MIN_VALUE, Long.MAX_VALUE,
                    (type, ts, buf, off, len) -> {
                        byType[type]++;
                        acc[0] = Math.min(acc[0], ts);
                        acc[1] = Math.max(acc[1], ts);
                        if (type == JournalFormat.TYPE_GAP && len >= 8) {
                            acc[2] += BlockCursor.getLong(buf, off);
                        }
                    }, acc);
        }
        Map<Integer, Long> types = new TreeMap<>();
        for (int t = 0; t < 256; t++) {
            if (byType[t] != 0) {
                types.put(t, byType[t]);
            }
        }
        return new JournalSummary(stream, segments.size(), bytes, acc[3], records, acc[0], acc[1], types, acc[2],
                List.copyOf(problems));
    }

    private long readSegment(Path path, boolean last, long from, long to, RecordHandler handler, long[] acc)
            throws IOException {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                problem(path, -1, "segment larger than 2 GiB, not written by this journal: skipped");
                return 0;
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            log.debug("journal {}: segment {} deleted (retention) before it was read", stream, path);
            return 0;
        }
        JournalFormat.SegmentHeader header;
        try {
            header = JournalFormat.readSegmentHeader(map);
        } catch (JournalCorruptException e) {
            if (!(last && map.limit() < 22)) {
                problem(path, -1, e.getMessage() + ": segment skipped");
            }
            return 0;
        }
        if (!header.stream().equals(stream)) {
            problem(path, -1, "segment header names stream '" + header.stream() + "': skipped");
            return 0;
        }
        BlockCursor cursor = new BlockCursor(map, header.length());
        long n = 0;
        while (true) {
            BlockCursor.Step step = cursor.next();
            if (step == BlockCursor.Step.END) {
                return n;
            }
            if (step != BlockCursor.Step.BLOCK) {
                if (!(last && step == BlockCursor.Step.TORN)) {
                    problem(path, cursor.blockOffset, cursor.problem + ": rest of segment skipped");
                }
                return n;
            }
            if (cursor.maxTs < from || cursor.minTs > to) {
                blocksSkipped++;
                continue;
            }
            blocksDecoded++;
            if (!cursor.decode()) {
                problem(path, cursor.blockOffset, cursor.problem + ": rest of segment skipped");
                return n;
            }
            if (acc != null) {
                acc[3]++;
            }
            byte[] raw = cursor.raw();
            int off = 0;
            for (int r = 0; r < cursor.recordCount; r++) {
                int len = BlockCursor.getInt(raw, off);
                long ts = BlockCursor.getLong(raw, off + 9);
                if (ts >= from && ts <= to) {
                    handler.record(raw[off + 8] & 0xFF, ts, raw, off + RECORD_HEADER, len);
                    n++;
                }
                off += RECORD_HEADER + len;
            }
        }
    }

    private void problem(Path path, long offset, String message) {
        JournalProblem p = new JournalProblem(path, offset, message);
        problems.add(p);
        log.warn("journal {} in {}: {}", stream, dir, p);
    }
}
