package io.xgate.journal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link JournalWriter}. Start from {@link #defaults(Path)} and change with the {@code with}
 * methods.
 *
 * @param dir            the journal directory (created if missing)
 * @param segmentSize    rotate before a segment would exceed this many bytes (at most 1 GiB)
 * @param retentionBytes keep the stream's segments under this total (0 = unlimited)
 * @param retentionAge   delete complete segments that ended longer ago than this (null or zero = unlimited)
 * @param fsync          when to force segments to the device
 * @param fsyncInterval  the interval of {@link FsyncPolicy#INTERVAL}
 * @param queueCapacity  bytes of the append queue (a power of two is used, at least this); each record takes
 *                       16 bytes plus its payload, rounded up to 8
 * @param blockSize      raw bytes of records batched into one block before it is compressed and written
 * @param maxLinger      longest a partial block waits for more records before it is written
 * @param clock          the writer's clock: segment names, creation times, UTC-midnight rotation, retention
 * @param sinks          opens segment files (a seam for tests; {@link SegmentSink#FILES} otherwise)
 */
public record JournalSettings(Path dir, long segmentSize, long retentionBytes, Duration retentionAge,
                              FsyncPolicy fsync, Duration fsyncInterval, int queueCapacity, int blockSize,
                              Duration maxLinger, Clock clock, SegmentSink.Factory sinks) {

    /** Largest segment size accepted: one read-only mapping per segment stays well under 2 GiB. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;

    /** Validates. */
    public JournalSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(maxLinger, "maxLinger");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sinks, "sinks");
        if (segmentSize < 4096 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("journal segmentSize must be 4 KiB .. 1 GiB: " + segmentSize);
        }
        if (retentionBytes < 0) {
            throw new IllegalArgumentException("journal retentionBytes must be >= 0: " + retentionBytes);
        }
        if (fsync == FsyncPolicy.INTERVAL && (fsyncInterval == null || fsyncInterval.isNegative()
                || fsyncInterval.isZero())) {
            throw new IllegalArgumentException("journal fsync INTERVAL needs a positive fsyncInterval");
        }
        if (queueCapacity < 4096 || queueCapacity > (1 << 30)) {
            throw new IllegalArgumentException("journal queueCapacity must be 4 KiB .. 1 GiB: " + queueCapacity);
        }
        if (blockSize < 256 || blockSize > (16 << 20)) {
            throw new IllegalArgumentException("journal blockSize must be 256 B .. 16 MiB: " + blockSize);
        }
    }

    /**
     * 256 MiB segments, no retention, fsync NEVER, a 64 MiB queue, 64 KiB blocks, 10 ms linger, the UTC system
     * clock, real files.
     */
    public static JournalSettings defaults(Path dir) {
        return new JournalSettings(dir, 256L << 20, 0, null, FsyncPolicy.NEVER, Duration.ofSeconds(1), 64 << 20,
                64 << 10, Duration.ofMillis(10), Clock.systemUTC(), SegmentSink.FILES);
    }

    /** With another segment size. */
    public JournalSettings withSegmentSize(long bytes) {
        return new JournalSettings(dir, bytes, retentionBytes, retentionAge, fsync, fsyncInterval, queueCapacity,
                blockSize, maxLinger, clock, sinks);
    }

    /** With retention by total size and age (0 / null = unlimited). */
    public JournalSettings withRetention(long bytes, Duration age) {
        return new JournalSettings(dir, segmentSize, bytes, age, fsync, fsyncInterval, queueCapacity, blockSize,
                maxLinger, clock, sinks);
    }

    /** With another fsync policy. */
    public JournalSettings withFsync(FsyncPolicy policy, Duration interval) {
        return new JournalSettings(dir, segmentSize, retentionBytes, retentionAge, policy, interval, queueCapacity,
                blockSize, maxLinger, clock, sinks);
    }

    /** With another queue capacity in bytes. */
    public JournalSettings withQueueCapacity(int bytes) {
        return new JournalSettings(dir, segmentSize, retentionBytes, retentionAge, fsync, fsyncInterval, bytes,
                blockSize, maxLinger, clock, sinks);
    }

    /** With another block size and linger. */
    public JournalSettings withBlocks(int bytes, Duration linger) {
        return new JournalSettings(dir, segmentSize, retentionBytes, retentionAge, fsync, fsyncInterval,
                queueCapacity, bytes, linger, clock, sinks);
    }

    /** With another clock. */
    public JournalSettings withClock(Clock c) {
        return new JournalSettings(dir, segmentSize, retentionBytes, retentionAge, fsync, fsyncInterval,
                queueCapacity, blockSize, maxLinger, c, sinks);
    }

    /** With another sink factory (tests). */
    public JournalSettings withSinks(SegmentSink.Factory f) {
        return new JournalSettings(dir, segmentSize, retentionBytes, retentionAge, fsync, fsyncInterval,
                queueCapacity, blockSize, maxLinger, clock, f);
    }

    boolean ageLimited() {
        return retentionAge != null && !retentionAge.isZero() && !retentionAge.isNegative();
    }
}
