package io.xgate.journal;

import static io.xgate.journal.JournalFormat.BLOCK_HEADER;
import static io.xgate.journal.JournalFormat.RECORD_HEADER;

import io.xgate.journal.internal.RecordRing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to one stream of a journal (see {@link JournalFormat}).
 *
 * <p><b>Threads.</b> {@link #append} may be called from any number of threads at once (Vert.x event loops): it
 * copies the record into a bounded off-heap queue ({@link RecordRing}) and returns; it never blocks, never waits
 * for the disk and does not allocate. One daemon thread, {@code xgate-journal-<stream>}, drains the queue, batches
 * records into blocks of {@link JournalSettings#blockSize()} (or what arrived within
 * {@link JournalSettings#maxLinger()}), compresses them with LZ4 and writes them.
 *
 * <p><b>Loss is never silent.</b> A record that finds the queue full (or is larger than an eighth of it) is dropped
 * and counted in {@link #dropped()}; the next record that gets in is preceded by a GAP record (type 0) carrying
 * the number dropped, so the GAP counts in the file add up to {@code dropped()} while recording. The writer
 * thread logs at most one WARN per 10 s with the number dropped since its last line.
 *
 * <p><b>Errors.</b> Any I/O error (disk full, ...) stops recording for good: {@link #status()} says why, the
 * {@link JournalListener} is called once on the writer thread, and from then on {@code append} returns false
 * (counting the record as dropped) without throwing. Records accepted but not yet written are counted as dropped.
 *
 * <p>On open, the stream's last segment is {@linkplain Recovery recovered} (a torn tail cut) and a new segment is
 * started: an existing file is never appended to. Segments rotate before they would exceed
 * {@link JournalSettings#segmentSize()} and at UTC midnight of the settings' clock; after each rotation the oldest
 * complete segments beyond the retention limits are deleted.
 */
public final class JournalWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int READ_LIMIT = 1 << 20;

    private final JournalSettings settings;
    private final String stream;
    private final JournalListener listener;
    private final RecordRing ring;
    private final Thread thread;
    private final LongAdder dropped = new LongAdder();
    /** Dropped records not yet announced by a GAP record. */
    private final AtomicLong pendingGap = new AtomicLong();
    private final RecoveryReport recovery;

    private volatile boolean recording = true;
    private volatile boolean closing;
    private volatile String error;
    private volatile long recordsWritten;
    private volatile long bytesWritten;
    private volatile int segmentsCreated;
    private volatile Path segmentPath;
    private volatile long flushRequest = -1;
    private volatile long flushed = -1;
    private final Object flushMonitor = new Object();

    // writer thread only
    private final LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
    private final CRC32C crc = new CRC32C();
    private byte[] block;
    private byte[] out;
    private int blockLength;
    private int blockCount;
    private long blockMinTs;
    private long blockMaxTs;
    private long blockStartNanos;
    private final byte[] gapPayload = new byte[8];
    private SegmentSink sink;
    private long segmentBytes;
    private int segmentHeaderLength;
    private long nextSeq;
    private long nextMidnightNanos;
    private long lastForceNanos;
    private boolean unforced;
    private long lastWarnNanos;
    private long droppedWarned;
    private final RecordRing.Handler onRecord = this::onRecord;

    private JournalWriter(JournalSettings settings, String stream, JournalListener listener) throws IOException {
        this.settings = settings;
        this.stream = JournalFormat.checkStream(stream);
        this.listener = listener == null ? JournalListener.NONE : listener;
        Files.createDirectories(settings.dir());
        this.recovery = Recovery.recover(settings.dir(), stream);
        List<Segments.SegmentFile> existing = Segments.list(settings.dir(), stream);
        this.nextSeq = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).seq() + 1;
        this.ring = new RecordRing(settings.queueCapacity());
        this.block = new byte[settings.blockSize()];
        this.out = new byte[BLOCK_HEADER + lz4.maxCompressedLength(settings.blockSize())];
        this.lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
        startSegment();
        this.thread = new Thread(this::run, "xgate-journal-" + stream);
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens {@code stream} in {@code settings.dir()}, recovering its last segment, with no stop listener. */
    public static JournalWriter open(JournalSettings settings, String stream) throws IOException {
        return new JournalWriter(settings, stream, JournalListener.NONE);
    }

    /**
     * Opens {@code stream} in {@code settings.dir()}: recovers the last segment, creates a new one, starts the
     * writer thread.
     *
     * @throws IOException if the directory or the first segment cannot be created (later errors stop recording
     *                     instead, see the class comment)
     */
    public static JournalWriter open(JournalSettings settings, String stream, JournalListener listener)
            throws IOException {
        return new JournalWriter(settings, stream, listener);
    }

    /** What recovery found in the stream's last segment when this writer opened. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /**
     * Queues one record. Never blocks; safe from many threads.
     *
     * @param type    1..255 (0 is the journal's GAP)
     * @param tsNanos the record's timestamp, epoch nanoseconds
     * @return false if it was dropped (queue full, too large, stopped or closed); counted in {@link #dropped()}
     * @throws IllegalArgumentException for a type outside 1..255 (a programming error)
     */
    public boolean append(int type, long tsNanos, byte[] payload, int off, int len) {
        checkType(type);
        if (!recording || closing) {
            dropped.increment();
            return false;
        }
        if (pendingGap.get() != 0 && !offerGap(tsNanos)) {
            drop();
            return false;
        }
        if (!ring.offer(type, tsNanos, payload, off, len)) {
            drop();
            return false;
        }
        return true;
    }

    /** As {@link #append(int, long, byte[], int, int)} with the buffer's remaining bytes (position unchanged). */
    public boolean append(int type, long tsNanos, ByteBuffer payload) {
        checkType(type);
        if (!recording || closing) {
            dropped.increment();
            return false;
        }
        if (pendingGap.get() != 0 && !offerGap(tsNanos)) {
            drop();
            return false;
        }
        if (!ring.offer(type, tsNanos, payload)) {
            drop();
            return false;
        }
        return true;
    }

    /** Records dropped since open. */
    public long dropped() {
        return dropped.sum();
    }

    /** A snapshot of the writer's state. */
    public JournalStatus status() {
        return new JournalStatus(recording && !closing, error, recordsWritten, bytesWritten, dropped.sum(),
                segmentsCreated, segmentPath);
    }

    /** The stream's name. */
    public String stream() {
        return stream;
    }

    /**
     * Blocks until every record appended before this call is written to the segment file as complete blocks (in
     * the OS's page cache: readable, safe from a process crash; forced to the device only per the fsync policy).
     * Returns at once if recording has stopped.
     */
    public void flush() throws InterruptedException {
        long target = ring.tailPosition();
        synchronized (flushMonitor) {
            if (flushRequest < target) {
                flushRequest = target;
            }
        }
        LockSupport.unpark(thread);
        synchronized (flushMonitor) {
            while (flushed < target && recording && thread.isAlive()) {
                flushMonitor.wait(100);
                LockSupport.unpark(thread);
            }
        }
    }

    /** Writes everything appended before it, closes the segment (forced unless fsync is NEVER), stops the thread. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        LockSupport.unpark(thread);
        thread.join();
    }

    private static void checkType(int type) {
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("journal record type must be 1..255 (0 is GAP): " + type);
        }
    }

    private void drop() {
        dropped.increment();
        pendingGap.incrementAndGet();
    }

    /**
     * Records the caller lost before it could append them (its own queue was full): counted in {@link #dropped()}
     * and announced by the next GAP record, like the writer's own drops.
     */
    public void lost(long records) {
        if (records > 0) {
            dropped.add(records);
            pendingGap.addAndGet(records);
        }
    }

    private boolean offerGap(long ts) {
        long n = pendingGap.getAndSet(0);
        if (n == 0) {
            return true;
        }
        byte[] p = new byte[8];
        ByteBuffer.wrap(p).putLong(n);
        if (ring.offer(JournalFormat.TYPE_GAP, ts, p, 0, 8)) {
            return true;
        }
        pendingGap.addAndGet(n);
        return false;
    }

    // ---------------------------------------------------------------- writer thread

    private void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            log.error("journal {}: writer thread failed", stream, e);
            stop("writer thread failed: " + e);
        } finally {
            recording = false;
            synchronized (flushMonitor) {
                flushMonitor.notifyAll();
            }
        }
    }

    private void loop() {
        while (true) {
            boolean closeRequested = closing;
            int n = ring.read(onRecord, READ_LIMIT);
            long now = System.nanoTime();
            if (blockCount > 0 && now - blockStartNanos >= settings.maxLinger().toNanos()) {
                emitBlock();
            }
            if (n > 0) {
                continue;
            }
            if (recording && pendingGap.get() != 0) {
                long gap = pendingGap.getAndSet(0);
                if (gap > 0) {
                    addGap(gap, blockCount > 0 ? blockMaxTs : 0);
                }
            }
            long target = flushRequest;
            boolean drained = ring.headPosition() == ring.tailPosition();
            if ((target > flushed && ring.headPosition() >= target) || (closeRequested && drained)) {
                if (blockCount > 0) {
                    emitBlock();
                }
                if (target > flushed && ring.headPosition() >= target) {
                    synchronized (flushMonitor) {
                        flushed = target;
                        flushMonitor.notifyAll();
                    }
                }
            }
            if (closeRequested && drained) {
                closeSegment();
                recording = false;
                return;
            }
            if (recording && unforced && settings.fsync() == FsyncPolicy.INTERVAL
                    && now - lastForceNanos >= settings.fsyncInterval().toNanos()) {
                force();
            }
            warnDropped(now);
            if (recording && target > flushed) {
                Thread.onSpinWait();
            } else {
                long park = blockCount > 0
                        ? Math.min(1_000_000, settings.maxLinger().toNanos() - (now - blockStartNanos))
                        : 1_000_000;
                LockSupport.parkNanos(this, Math.max(park, 10_000));
            }
        }
    }

    private void onRecord(int type, long ts, ByteBuffer ring, int off, int len) {
        if (!recording) {
            dropped.increment();
            return;
        }
        int need = RECORD_HEADER + len;
        if (blockCount > 0 && blockLength + need > block.length) {
            emitBlock();
            if (!recording) {
                dropped.increment();
                return;
            }
        }
        if (need > block.length) {
            block = new byte[need];
        }
        int p = blockLength;
        putInt(block, p, len);
        block[p + 8] = (byte) type;
        putLong(block, p + 9, ts);
        ring.get(off, block, p + RECORD_HEADER, len);
        putInt(block, p + 4, JournalFormat.recordCrc(crc, block, p, len));
        added(need, ts);
    }

    private void addGap(long count, long ts) {
        ByteBuffer.wrap(gapPayload).putLong(0, count);
        int need = RECORD_HEADER + 8;
        if (blockCount > 0 && blockLength + need > block.length) {
            emitBlock();
        }
        if (!recording) {
            return;
        }
        int p = blockLength;
        putInt(block, p, 8);
        block[p + 8] = (byte) JournalFormat.TYPE_GAP;
        putLong(block, p + 9, ts);
        System.arraycopy(gapPayload, 0, block, p + RECORD_HEADER, 8);
        putInt(block, p + 4, JournalFormat.recordCrc(crc, block, p, 8));
        added(need, ts);
    }

    private void added(int bytes, long ts) {
        if (blockCount == 0) {
            blockStartNanos = System.nanoTime();
            blockMinTs = ts;
            blockMaxTs = ts;
        } else {
            blockMinTs = Math.min(blockMinTs, ts);
            blockMaxTs = Math.max(blockMaxTs, ts);
        }
        blockLength += bytes;
        blockCount++;
    }

    private void emitBlock() {
        int raw = blockLength;
        int max = lz4.maxCompressedLength(raw);
        if (out.length < BLOCK_HEADER + max) {
            out = new byte[BLOCK_HEADER + max];
        }
        int stored = lz4.compress(block, 0, raw, out, BLOCK_HEADER, max);
        int codec = JournalFormat.CODEC_LZ4;
        if (stored >= raw) {
            System.arraycopy(block, 0, out, BLOCK_HEADER, raw);
            stored = raw;
            codec = JournalFormat.CODEC_NONE;
        }
        putInt(out, 0, JournalFormat.BLOCK_MAGIC);
        out[4] = (byte) codec;
        out[5] = 0;
        out[6] = 0;
        out[7] = 0;
        putInt(out, 8, stored);
        putInt(out, 12, raw);
        putInt(out, 16, blockCount);
        putLong(out, 20, blockMinTs);
        putLong(out, 28, blockMaxTs);
        crc.reset();
        crc.update(out, 0, 36);
        crc.update(out, BLOCK_HEADER, stored);
        putInt(out, 36, (int) crc.getValue());
        int total = BLOCK_HEADER + stored;
        int count = blockCount;
        blockLength = 0;
        blockCount = 0;
        if (!recording) {
            dropped.add(count);
            return;
        }
        long nowNanos = clockNanos();
        if (nowNanos >= nextMidnightNanos
                || (segmentBytes > segmentHeaderLength && segmentBytes + total > settings.segmentSize())) {
            rotate();
            if (!recording) {
                dropped.add(count);
                return;
            }
        }
        try {
            sink.write(ByteBuffer.wrap(out, 0, total));
        } catch (IOException e) {
            dropped.add(count);
            stop("write " + segmentPath.getFileName() + ": " + e.getMessage());
            return;
        }
        segmentBytes += total;
        bytesWritten += total;
        recordsWritten += count;
        unforced = true;
    }

    private void rotate() {
        closeSegment();
        if (!recording) {
            return;
        }
        try {
            startSegment();
            writePreamble();
        } catch (IOException e) {
            stop("create segment: " + e.getMessage());
            return;
        }
        Retention.apply(settings, stream, segmentPath, clockNanos());
    }

    /**
     * A record every later segment of this writer starts with (a block of its own, right after the header): what
     * a reader needs to make sense of a segment whose predecessors retention deleted (the feed's SESSION record).
     * The record is not appended now; the caller appends it itself to the segment being written. Thread-safe.
     */
    public void preamble(int type, long tsNanos, byte[] payload) {
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("journal record type must be 1..255 (0 is GAP): " + type);
        }
        byte[] r = new byte[RECORD_HEADER + payload.length];
        putInt(r, 0, payload.length);
        r[8] = (byte) type;
        putLong(r, 9, tsNanos);
        System.arraycopy(payload, 0, r, RECORD_HEADER, payload.length);
        putInt(r, 4, JournalFormat.recordCrc(new java.util.zip.CRC32C(), r, 0, payload.length));
        preambleRecord = r;
        preambleTs = tsNanos;
    }

    private volatile byte[] preambleRecord;
    private volatile long preambleTs;

    /** The preamble as the new segment's first block (raw: it is written once per segment). */
    private void writePreamble() throws IOException {
        byte[] r = preambleRecord;
        if (r == null) {
            return;
        }
        byte[] b = new byte[BLOCK_HEADER + r.length];
        putInt(b, 0, JournalFormat.BLOCK_MAGIC);
        b[4] = (byte) JournalFormat.CODEC_NONE;
        putInt(b, 8, r.length);
        putInt(b, 12, r.length);
        putInt(b, 16, 1);
        putLong(b, 20, preambleTs);
        putLong(b, 28, preambleTs);
        System.arraycopy(r, 0, b, BLOCK_HEADER, r.length);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, 0, 36);
        c.update(b, BLOCK_HEADER, r.length);
        putInt(b, 36, (int) c.getValue());
        sink.write(ByteBuffer.wrap(b));
        segmentBytes += b.length;
        bytesWritten += b.length;
        recordsWritten++;
    }

    /** Creates the next segment and writes its header (constructor, then writer thread). */
    private void startSegment() throws IOException {
        long now = clockNanos();
        Path path = settings.dir().resolve(JournalFormat.segmentName(stream, now, nextSeq));
        SegmentSink s = settings.sinks().create(path);
        byte[] header = JournalFormat.segmentHeader(stream, now);
        try {
            s.write(ByteBuffer.wrap(header));
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
        nextSeq++;
        sink = s;
        segmentPath = path;
        segmentHeaderLength = header.length;
        segmentBytes = header.length;
        bytesWritten += header.length;
        segmentsCreated++;
        unforced = true;
        LocalDate day = Instant.ofEpochSecond(0, now).atZone(ZoneOffset.UTC).toLocalDate();
        nextMidnightNanos = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
        log.debug("journal {}: segment {}", stream, path);
    }

    private void closeSegment() {
        SegmentSink s = sink;
        if (s == null) {
            return;
        }
        sink = null;
        try {
            if (settings.fsync() != FsyncPolicy.NEVER && recording) {
                s.force();
            }
            s.close();
        } catch (IOException e) {
            stop("close " + segmentPath.getFileName() + ": " + e.getMessage());
            closeQuietly(s);
        }
    }

    private void force() {
        try {
            sink.force();
            unforced = false;
            lastForceNanos = System.nanoTime();
        } catch (IOException e) {
            stop("fsync " + segmentPath.getFileName() + ": " + e.getMessage());
        }
    }

    private void stop(String reason) {
        if (error != null) {
            return;
        }
        error = reason;
        recording = false;
        log.error("journal {}: recording stopped: {} (records from now on are dropped and counted)", stream, reason);
        SegmentSink s = sink;
        sink = null;
        if (s != null) {
            closeQuietly(s);
        }
        synchronized (flushMonitor) {
            flushMonitor.notifyAll();
        }
        try {
            listener.onStopped(reason);
        } catch (RuntimeException e) {
            log.warn("journal {}: stop listener failed", stream, e);
        }
    }

    private void warnDropped(long now) {
        if (now - lastWarnNanos < WARN_EVERY_NANOS) {
            return;
        }
        long d = dropped.sum();
        if (d != droppedWarned) {
            log.warn("journal {}: dropped {} records since the last warning ({} in all){}", stream,
                    d - droppedWarned, d, error == null ? ": queue full" : ": recording stopped: " + error);
            droppedWarned = d;
            lastWarnNanos = now;
        }
    }

    private long clockNanos() {
        Instant t = settings.clock().instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void closeQuietly(SegmentSink s) {
        try {
            s.close();
        } catch (IOException e) {
            log.debug("journal {}: close after error", stream, e);
        }
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
