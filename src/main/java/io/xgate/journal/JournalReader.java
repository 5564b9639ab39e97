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
 * <p>With {@link #readAhead(boolean)} on, {@link #read} maps, verifies and decompresses the blocks on a thread of
 * its own, a few blocks ahead, while the caller's thread goes through their records: the records, their order and
 * the problems are the same, and a long replay gains the time of the LZ4 and the CRCs (the
 * {@code JournalReplayBenchmark.bars} and {@code barsInline} figures in the README).
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
    private boolean readAhead;

    /** Blocks the read-ahead thread may have decoded before the caller's thread took them. */
    static final int AHEAD = 4;

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

    /**
     * Whether {@link #read} decodes blocks on a thread of its own while the caller's thread handles their records
     * (off by default: a short read does not pay a thread). Returns this reader.
     */
    public JournalReader readAhead(boolean on) {
        this.readAhead = on;
        return this;
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
        if (readAhead) {
            return readAhead(fromNanos, toNanos, handler);
        }
        long n = 0;
        for (int i = 0; i < segments.size(); i++) {
            n += readSegment(segments.get(i), i == segments.size() - 1, fromNanos, toNanos, handler, null);
        }
        return n;
    }

    /** What the read-ahead thread hands over, in order: a decoded block, a problem, its failure, or the end. */
    private record Ahead(byte[] raw, int records, JournalProblem problem, Throwable failure, boolean end) {
    }

    /** The signal to a read-ahead thread that its reader stopped taking blocks (the handler threw). */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private long readAhead(long from, long to, RecordHandler handler) throws IOException {
        Handover handover = new Handover();
        Thread reader = new Thread(() -> {
            try {
                byte[] buffer = handover.free.take();
                for (int i = 0; i < segments.size(); i++) {
                    buffer = walkSegment(segments.get(i), i == segments.size() - 1, from, to, handover, null, buffer);
                }
                handover.put(new Ahead(null, 0, null, null, true));
            } catch (Stopped e) {
                // the caller's thread stopped taking blocks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                try {
                    handover.put(new Ahead(null, 0, null, e, true));
                } catch (Stopped stopped) {
                    // nobody left to tell
                }
            }
        }, "xgate-journal-read-ahead-" + stream);
        reader.setDaemon(true);
        reader.start();
        long n = 0;
        boolean done = false;
        try {
            while (true) {
                Ahead a = handover.full.take();
                if (a.failure() != null) {
                    done = true;
                    if (a.failure() instanceof IOException io) {
                        throw io;
                    }
                    if (a.failure() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (a.failure() instanceof Error err) {
                        throw err;
                    }
                    throw new IOException("journal " + stream + ": the read-ahead thread failed", a.failure());
                }
                if (a.end()) {
                    done = true;
                    return n;
                }
                if (a.problem() != null) {
                    problem(a.problem());
                    continue;
                }
                n += deliver(a.raw(), a.records(), from, to, handler);
                handover.free.put(a.raw());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading journal " + stream);
        } finally {
            if (!done) {
                handover.stopped = true;
                reader.interrupt();
            }
        }
    }

    /**
     * The read-ahead thread's side: decoded blocks go into {@link #full}, in order, and the buffers come back
     * through {@link #free} ({@link #AHEAD} of them: the thread is at most that many blocks ahead).
     */
    private static final class Handover implements BlockSink {
        final java.util.concurrent.BlockingQueue<Ahead> full = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(AHEAD);
        volatile boolean stopped;

        Handover() {
            for (int i = 0; i < AHEAD; i++) {
                free.add(new byte[64 << 10]);
            }
        }

        @Override
        public byte[] block(byte[] raw, int records, long from, long to) {
            put(new Ahead(raw, records, null, null, false));
            try {
                byte[] next;
                while ((next = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                    if (stopped) {
                        throw new Stopped();
                    }
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        @Override
        public void problem(JournalProblem p) {
            put(new Ahead(null, 0, p, null, false));
        }

        /** Unbounded: blocks are bounded by the buffers, problems by the segments (at most one each). */
        void put(Ahead a) {
            if (stopped) {
                throw new Stopped();
            }
            full.add(a);
        }
    }

    /** Where {@link #walkSegment} puts what it found. */
    private interface BlockSink {
        /**
         * A verified block: {@code records} records in {@code raw} from 0. Returns the buffer to decode the next
         * block into ({@code raw} itself if this sink is done with it).
         */
        byte[] block(byte[] raw, int records, long from, long to) throws IOException;

        /** A block or segment that could not be read. */
        void problem(JournalProblem p);
    }

    /** The records of a block that are within {@code [from, to]}, to {@code handler}; returns how many. */
    private static long deliver(byte[] raw, int records, long from, long to, RecordHandler handler)
            throws IOException {
        long n = 0;
        int off = 0;
        for (int r = 0; r < records; r++) {
            int len = BlockCursor.getInt(raw, off);
            long ts = BlockCursor.getLong(raw, off + 9);
            if (ts >= from && ts <= to) {
                handler.record(raw[off + 8] & 0xFF, ts, raw, off + RECORD_HEADER, len);
                n++;
            }
            off += RECORD_HEADER + len;
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
        long[] n = {0};
        walkSegment(path, last, from, to, new BlockSink() {
            @Override
            public byte[] block(byte[] raw, int records, long f, long t) throws IOException {
                n[0] += deliver(raw, records, f, t, handler);
                return raw;
            }

            @Override
            public void problem(JournalProblem p) {
                JournalReader.this.problem(p);
            }
        }, acc, null);
        return n[0];
    }

    /**
     * Maps one segment and walks its blocks: each verified, decoded block in the time range goes to {@code sink};
     * {@code buffer}, if not null, is where the first block is decoded. Returns the buffer the next block would
     * have been decoded into ({@code buffer} if none was), for the next segment.
     */
    private byte[] walkSegment(Path path, boolean last, long from, long to, BlockSink sink, long[] acc,
                               byte[] buffer) throws IOException {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                sink.problem(new JournalProblem(path, -1, "segment larger than 2 GiB, not written by this journal: "
                        + "skipped"));
                return buffer;
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            log.debug("journal {}: segment {} deleted (retention) before it was read", stream, path);
            return buffer;
        }
        JournalFormat.SegmentHeader header;
        try {
            header = JournalFormat.readSegmentHeader(map);
        } catch (JournalCorruptException e) {
            if (!(last && map.limit() < 22)) {
                sink.problem(new JournalProblem(path, -1, e.getMessage() + ": segment skipped"));
            }
            return buffer;
        }
        if (!header.stream().equals(stream)) {
            sink.problem(new JournalProblem(path, -1, "segment header names stream '" + header.stream()
                    + "': skipped"));
            return buffer;
        }
        BlockCursor cursor = new BlockCursor(map, header.length());
        if (buffer != null) {
            cursor.into(buffer);
        }
        while (true) {
            BlockCursor.Step step = cursor.next();
            if (step == BlockCursor.Step.END) {
                return buffer == null ? null : cursor.raw();
            }
            if (step != BlockCursor.Step.BLOCK) {
                if (!(last && step == BlockCursor.Step.TORN)) {
                    sink.problem(new JournalProblem(path, cursor.blockOffset, cursor.problem
                            + ": rest of segment skipped"));
                }
                return buffer == null ? null : cursor.raw();
            }
            if (cursor.maxTs < from || cursor.minTs > to) {
                blocksSkipped++;
                continue;
            }
            blocksDecoded++;
            if (!cursor.decode()) {
                sink.problem(new JournalProblem(path, cursor.blockOffset, cursor.problem
                        + ": rest of segment skipped"));
                return buffer == null ? null : cursor.raw();
            }
            if (acc != null) {
                acc[3]++;
            }
            cursor.into(sink.block(cursor.raw(), cursor.recordCount, from, to));
        }
    }

    private void problem(JournalProblem p) {
        problems.add(p);
        log.warn("journal {} in {}: {}", stream, dir, p);
    }
}
