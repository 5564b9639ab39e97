package io.xgate.venue.binance;

import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.venue.LevelSlab;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance's documented recipe for a correct local book (protocol reference 1.2), for one symbol: buffer the
 * diff stream, take a REST snapshot, drop what it already covers, require the first event to straddle it, then
 * require every next event to follow on exactly ({@code U == previous u + 1}). Anything else is a gap, and the
 * symbol must resync: {@link #reset} and start again. Pure logic, no I/O: the venue runtime feeds it and
 * publishes what it returns.
 *
 * <p>Not thread-safe: owned by the venue verticle's context.
 */
public final class BinanceBookSync {

    /** What the last call did. */
    public enum Result {
        /** Not synced yet: the event was kept for after the snapshot. */
        BUFFERED,
        /** In sync: the returned update is to be published. */
        APPLIED,
        /** Already covered by the book ({@code u <= lastUpdateId}): dropped, nothing to publish. */
        STALE,
        /** A sequence break: the book is no longer trustworthy. See {@link #reason()}; resync. */
        GAP,
        /** The snapshot is older than the first buffered event: fetch another one. */
        SNAPSHOT_TOO_OLD,
        /** The snapshot was taken: the returned updates (snapshot first) are to be published. */
        SYNCED
    }

    private final String venue;
    private final Instrument instrument;
    private final int maxBuffered;
    private final LevelSlab slab;
    private final ArrayDeque<BookUpdate> buffer = new ArrayDeque<>();
    private boolean live;
    private boolean firstAfterSnapshot;
    private long lastUpdateId = -1;
    private Result result;
    private String reason = "";

    /**
     * @param maxBuffered deltas kept while waiting for the snapshot; beyond it the oldest are dropped (which can
     *                    only make the snapshot look too old, never make the book wrong)
     */
    public BinanceBookSync(String venue, Instrument instrument, int maxBuffered) {
        this(venue, instrument, maxBuffered, new LevelSlab());
    }

    /**
     * @param maxBuffered deltas kept while waiting for the snapshot
     * @param slab        where the deltas' levels go: the connection's, shared by its symbols' syncs
     */
    public BinanceBookSync(String venue, Instrument instrument, int maxBuffered, LevelSlab slab) {
        this.venue = venue;
        this.instrument = instrument;
        this.maxBuffered = maxBuffered;
        this.slab = slab;
    }

    /** Back to buffering, as after a gap or a reconnect. */
    public void reset() {
        buffer.clear();
        live = false;
        firstAfterSnapshot = false;
        lastUpdateId = -1;
    }

    public boolean isLive() {
        return live;
    }

    /** The last update id applied, or -1. */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    public Result result() {
        return result;
    }

    /** Why the last {@link Result#GAP} or {@link Result#SNAPSHOT_TOO_OLD} happened. */
    public String reason() {
        return reason;
    }

    /** How many deltas wait for the snapshot. */
    public int buffered() {
        return buffer.size();
    }

    /**
     * A {@code depthUpdate} for this symbol. Returns the delta to publish when {@link #result()} is
     * {@link Result#APPLIED}, else {@code null}.
     */
    public BookUpdate onDelta(BinanceMessage m, long receiveTsNanos) {
        if (!live) {
            if (buffer.size() == maxBuffered) {
                buffer.pollFirst();
            }
            buffer.addLast(delta(m, receiveTsNanos));
            result = Result.BUFFERED;
            return null;
        }
        return follow(m.firstUpdateId(), m.lastUpdateId()) ? delta(m, receiveTsNanos) : null;
    }

    /**
     * The REST snapshot for this symbol. On {@link Result#SYNCED} returns the snapshot then every buffered delta
     * that follows it, to publish in order; otherwise an empty list.
     */
    public List<BookUpdate> onSnapshot(BinanceMessage snapshot, long receiveTsNanos) {
        long snapshotId = snapshot.lastUpdateId();
        BookUpdate first = buffer.peekFirst();
        if (first != null && snapshotId < first.firstSeq()) {
            result = Result.SNAPSHOT_TOO_OLD;
            reason = "snapshot lastUpdateId " + snapshotId + " is older than the first buffered event U="
                    + first.firstSeq();
            return List.of();
        }
        List<BookUpdate> out = new ArrayList<>(buffer.size() + 1);
        out.add(new BookUpdate(venue, instrument.symbol(), snapshotId, Event.NO_TIME, receiveTsNanos,
                EpochClock.nanos(), BookUpdate.Kind.SNAPSHOT, snapshotId, BookUpdate.NO_CHECKSUM,
                instrument.priceScale(), instrument.sizeScale(), snapshot.levels(), snapshot.bidCount()));
        lastUpdateId = snapshotId;
        live = true;
        firstAfterSnapshot = true;
        while (!buffer.isEmpty()) {
            BookUpdate d = buffer.pollFirst();
            if (follow(d.firstSeq(), d.venueSeq())) {
                out.add(d);
            } else if (result == Result.GAP) {
                reset();
                return List.of();
            }
        }
        result = Result.SYNCED;
        return out;
    }

    /** Applies the sequencing rules to an event [U, u]; true if it is to be applied. Sets the result. */
    private boolean follow(long firstId, long lastId) {
        if (lastId <= lastUpdateId) {
            result = Result.STALE;
            return false;
        }
        boolean ok = firstAfterSnapshot ? firstId <= lastUpdateId + 1 : firstId == lastUpdateId + 1;
        if (!ok) {
            result = Result.GAP;
            reason = (firstAfterSnapshot ? "first event after the snapshot does not straddle it: " : "gap: ")
                    + "expected U=" + (lastUpdateId + 1) + ", got U=" + firstId + " u=" + lastId;
            live = false;
            return false;
        }
        firstAfterSnapshot = false;
        lastUpdateId = lastId;
        result = Result.APPLIED;
        return true;
    }

    private BookUpdate delta(BinanceMessage m, long receiveTsNanos) {
        // the levels into the slab, the event the one allocation; stamped once per frame: the receive time is its
        // publish time too (one clock read per frame)
        int pairs = m.levelCount();
        int start = slab.reserve(pairs);
        long[] store = slab.store();
        m.copyLevelsTo(store, 2 * start);
        return new BookUpdate(venue, instrument.symbol(), m.lastUpdateId(), m.eventTimeNanos(), receiveTsNanos,
                receiveTsNanos, BookUpdate.Kind.DELTA, m.firstUpdateId(), BookUpdate.NO_CHECKSUM,
                instrument.priceScale(), instrument.sizeScale(), store, start, pairs, m.bidCount());
    }
}
