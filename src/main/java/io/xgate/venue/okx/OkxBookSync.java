package io.xgate.venue.okx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX's order-book sequence rules (protocol reference 3.2 and 3.2a) for one instrument, as pure logic: every
 * book message carries {@code prevSeqId} and {@code seqId}, and {@code prevSeqId} must equal the last message's
 * {@code seqId}. Two documented exceptions are accepted without a resync:
 * <ol>
 *   <li>the keepalive: an empty update with {@code seqId == prevSeqId ==} the last {@code seqId}, sent after
 *       about 60 s without a depth change ({@link Result#KEEPALIVE}, nothing to apply);</li>
 *   <li>the sequence reset after maintenance: {@code seqId < prevSeqId} (with {@code prevSeqId} still the last
 *       {@code seqId}); later messages chain from the new {@code seqId} ({@link Result#RESET}, to apply).</li>
 * </ol>
 * Any other break is a {@link Result#GAP}: resubscribe for a new snapshot.
 *
 * <p>Two ways in: the in-band WebSocket snapshot ({@link #onSnapshot}), or, since OKX announced that the in-band
 * snapshot may go (3.2a), the REST bootstrap: updates are buffered until {@link #onRestSnapshot} is given the REST
 * book's {@code seqId}; the updates it covers ({@code seqId <= snapshot}) are dropped, and the first one kept must
 * straddle it ({@code prevSeqId <= snapshot < seqId}).
 *
 * <p>A sequence reset while buffering makes {@code seqId}s repeat: the same value can stand for a state before the
 * reset and another after it, and a REST snapshot's {@code seqId} alone cannot say which. So a reset drops what was
 * buffered before it, itself included (any snapshot asked for after it was received includes it), and a REST
 * snapshot asked for before the reset and answered after it is refused as {@link Result#SNAPSHOT_TOO_OLD}: fetch
 * another ({@link #resets()} is the count to note when asking).
 *
 * <p>The type parameter is whatever the caller wants back to apply (a decoded delta, a {@code BookUpdate}); this
 * class never looks into it. Not thread-safe: owned by the venue verticle's context.
 *
 * @param <U> the caller's update payload
 */
public final class OkxBookSync<U> {

    /** What the last call did. */
    public enum Result {
        /** Not synced yet: the update was kept for after the REST snapshot. */
        BUFFERED,
        /** A WebSocket snapshot: replace the book with it. */
        SNAPSHOT,
        /** In sequence: apply the update. */
        APPLIED,
        /** The documented keepalive ({@code seqId == prevSeqId}, empty): nothing to apply, still in sync. */
        KEEPALIVE,
        /** The documented sequence reset ({@code seqId < prevSeqId}): apply it; the chain continues from it. */
        RESET,
        /** Covered by the REST snapshot ({@code seqId <= snapshot seqId}): dropped. */
        STALE,
        /** A sequence break: the book is not trustworthy, see {@link #reason()}; resubscribe. */
        GAP,
        /** The REST snapshot is older than every buffered update: fetch another one. */
        SNAPSHOT_TOO_OLD,
        /** The REST snapshot was taken: apply it, then the returned updates in order. */
        SYNCED
    }

    /** An update waiting for the REST snapshot. */
    private record Pending<U>(long prevSeqId, long seqId, boolean empty, U update) {
    }

    private final int maxBuffered;
    private final ArrayDeque<Pending<U>> buffer = new ArrayDeque<>();
    private boolean live;
    /** After a REST snapshot: the next update must straddle {@link #lastSeqId} instead of chaining on it. */
    private boolean straddle;
    private long lastSeqId = -1;
    /** Sequence resets seen while buffering, ever: a REST snapshot asked for at another count is ambiguous. */
    private long resets;
    private Result result;
    private String reason = "";

    /**
     * @param maxBuffered updates kept while waiting for the REST snapshot; beyond it the oldest are dropped (which
     *                    can only make the snapshot look too old, never make the book wrong)
     */
    public OkxBookSync(int maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, got " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
    }

    /** Back to buffering, as after a gap, a resubscribe or a reconnect. */
    public void reset() {
        buffer.clear();
        live = false;
        straddle = false;
        lastSeqId = -1;
    }

    public boolean isLive() {
        return live;
    }

    /** The {@code seqId} the next message must chain on, or -1. */
    public long lastSeqId() {
        return lastSeqId;
    }

    public Result result() {
        return result;
    }

    /** Why the last {@link Result#GAP} or {@link Result#SNAPSHOT_TOO_OLD} happened. */
    public String reason() {
        return reason;
    }

    /** Sequence resets met while buffering so far: note it when asking for a REST snapshot. */
    public long resets() {
        return resets;
    }

    /** How many updates wait for the REST snapshot. */
    public int buffered() {
        return buffer.size();
    }

    /**
     * An in-band snapshot ({@code action: snapshot}, {@code prevSeqId} -1): whatever the state, the book restarts
     * from it and the buffer is dropped. Always {@link Result#SNAPSHOT}.
     */
    public Result onSnapshot(long seqId) {
        buffer.clear();
        live = true;
        straddle = false;
        lastSeqId = seqId;
        return result = Result.SNAPSHOT;
    }

    /**
     * An update ({@code action: update}).
     *
     * @param empty  whether it carries no level at all ({@code bids: [], asks: []})
     * @param update the caller's payload, kept while buffering
     * @return {@link Result#APPLIED} or {@link Result#RESET} (apply it), {@link Result#KEEPALIVE} or
     *         {@link Result#STALE} (nothing to apply), {@link Result#BUFFERED}, or {@link Result#GAP} (resubscribe;
     *         the sync is back to buffering)
     */
    public Result onUpdate(long prevSeqId, long seqId, boolean empty, U update) {
        if (!live) {
            if (seqId < prevSeqId) {
                // a reset: what came before it has seqIds that may come again, and a snapshot asked for from now
                // on includes the reset itself
                buffer.clear();
                resets++;
                return result = Result.BUFFERED;
            }
            if (buffer.size() == maxBuffered) {
                buffer.pollFirst();
            }
            buffer.addLast(new Pending<>(prevSeqId, seqId, empty, update));
            return result = Result.BUFFERED;
        }
        return result = follow(prevSeqId, seqId, empty);
    }

    /**
     * The REST snapshot's {@code seqId} ({@code GET /api/v5/market/books}). On {@link Result#SYNCED} returns the
     * buffered updates to apply after the snapshot, in order; otherwise an empty list ({@link Result#GAP}: a break
     * inside the buffer, resubscribe; {@link Result#SNAPSHOT_TOO_OLD}: fetch a newer snapshot, the buffer is kept).
     */
    public List<U> onRestSnapshot(long snapshotSeqId) {
        return onRestSnapshot(snapshotSeqId, resets);
    }

    /**
     * As {@link #onRestSnapshot(long)}, for a snapshot asked for when {@link #resets()} was
     * {@code resetsWhenAsked}: if a sequence reset came since, where the snapshot sits is unknown, and it is refused
     * ({@link Result#SNAPSHOT_TOO_OLD}, the buffer kept).
     */
    public List<U> onRestSnapshot(long snapshotSeqId, long resetsWhenAsked) {
        if (resetsWhenAsked != resets) {
            result = Result.SNAPSHOT_TOO_OLD;
            reason = "a sequence reset came while the REST snapshot (seqId " + snapshotSeqId + ") was in flight: "
                    + "its seqId may be from before or after it";
            return List.of();
        }
        // the snapshot sits where an update starts on it (prevSeqId == snapshot, which also covers a sequence reset
        // or a keepalive right after it) or inside one (prevSeqId < snapshot < seqId); the last such update wins,
        // since a reset may repeat earlier seqIds
        List<Pending<U>> pending = new ArrayList<>(buffer);
        int start = -1;
        for (int k = 0; k < pending.size(); k++) {
            Pending<U> p = pending.get(k);
            if (p.prevSeqId() == snapshotSeqId || (p.prevSeqId() < snapshotSeqId && snapshotSeqId < p.seqId())) {
                start = k;
            }
        }
        if (start < 0) {
            Pending<U> first = pending.isEmpty() ? null : pending.get(0);
            Pending<U> last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (last == null || last.seqId() <= snapshotSeqId) {
                // newer than every buffered update: the next update must straddle it
                buffer.clear();
                live = true;
                straddle = true;
                lastSeqId = snapshotSeqId;
                result = Result.SYNCED;
                return List.of();
            }
            if (snapshotSeqId < first.prevSeqId()) {
                result = Result.SNAPSHOT_TOO_OLD;
                reason = "REST snapshot seqId " + snapshotSeqId + " is older than the first buffered update it does "
                        + "not cover (prevSeqId " + first.prevSeqId() + ", seqId " + first.seqId() + ")";
                return List.of();
            }
            reset();
            reason = "REST snapshot seqId " + snapshotSeqId + " falls between the buffered updates (a break in "
                    + "the buffer)";
            result = Result.GAP;
            return List.of();
        }
        live = true;
        straddle = false;
        List<U> out = new ArrayList<>(pending.size() - start);
        Pending<U> first = pending.get(start);
        int from = start;
        if (first.prevSeqId() == snapshotSeqId) {
            lastSeqId = snapshotSeqId; // chains exactly: the normal rules apply from it on
        } else {
            lastSeqId = first.seqId(); // straddles
            out.add(first.update());
            from = start + 1;
        }
        buffer.clear();
        for (int k = from; k < pending.size(); k++) {
            Pending<U> p = pending.get(k);
            Result r = follow(p.prevSeqId(), p.seqId(), p.empty());
            if (r == Result.GAP) {
                String why = reason;
                reset();
                reason = why;
                result = Result.GAP;
                return List.of();
            }
            if (r == Result.APPLIED || r == Result.RESET) {
                out.add(p.update());
            }
        }
        result = Result.SYNCED;
        return out;
    }

    private Result follow(long prevSeqId, long seqId, boolean empty) {
        if (straddle && prevSeqId == lastSeqId) {
            straddle = false; // chains exactly on the snapshot (a reset or a keepalive may, too): the normal rules
        }
        if (straddle) {
            if (seqId < prevSeqId) {
                return gap("a sequence reset (prevSeqId " + prevSeqId + ", seqId " + seqId + ") before the update "
                        + "that straddles the REST snapshot (seqId " + lastSeqId + "): where it starts is unknown");
            }
            if (seqId <= lastSeqId) {
                return Result.STALE;
            }
            if (prevSeqId > lastSeqId) {
                return gap("the first update after the REST snapshot (seqId " + lastSeqId + ") does not straddle it: "
                        + "prevSeqId " + prevSeqId + ", seqId " + seqId);
            }
            straddle = false;
            lastSeqId = seqId;
            return Result.APPLIED;
        }
        if (prevSeqId != lastSeqId) {
            return gap("expected prevSeqId " + lastSeqId + ", got prevSeqId " + prevSeqId + " seqId " + seqId);
        }
        if (seqId == prevSeqId) {
            if (!empty) {
                return gap("an update with seqId == prevSeqId (" + seqId + ") must be an empty keepalive, this one "
                        + "has levels");
            }
            return Result.KEEPALIVE;
        }
        lastSeqId = seqId;
        return seqId < prevSeqId ? Result.RESET : Result.APPLIED;
    }

    private Result gap(String why) {
        reason = why;
        live = false;
        straddle = false;
        lastSeqId = -1;
        return Result.GAP;
    }
}
