package io.xgate.journal;

import io.xgate.event.BookTop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds a replay to what live published: the {@link BookTop}s recorded on the journal's {@code events} stream
 * against the ones the replay makes, per book.
 *
 * <p>Live publishes one top per burst of updates (whatever one event-loop turn held), the replay one per record, so
 * the two are aligned by the book's update count: a live top that carried {@code updates} updates, after tops that
 * carried {@code n} in all, describes the book after its {@code n + updates}-th update; the replay's top after that
 * same update must have the same venue sequence, receive time, sync state and levels. A live burst that ended
 * inside one replayed record (rare: a record that made several updates of one book, such as a rotation's held
 * updates) has no replay top to compare with; it is counted as unaligned, not as equal. Live tops that carried no
 * update (a state change alone) are counted apart.
 *
 * <p>The state is compared apart from the rest: live's book learns the venue's state on the event bus, so a burst
 * can end after the next state change reached it, and its top then shows that later state. A top whose levels,
 * sequence and receive time match but whose state is the one the replay reaches at its next state change (before
 * any further update) counts as equal, and is reported as such; any other difference is a mismatch.
 */
public final class TopCheck {

    /** At most this many live tops are held per check (beyond, the rest is counted as not checked). */
    public static final int MAX_TOPS = 20_000_000;

    private final Map<String, Expected> books = new HashMap<>();
    /** Whether the recorded tops themselves are kept, to describe a mismatch in full (tests; costs memory). */
    private final boolean keep;

    /** A check that describes a mismatch by the replay's top only. */
    public TopCheck() {
        this(false);
    }

    /** @param keep keep every recorded top, to describe a mismatch by both tops */
    public TopCheck(boolean keep) {
        this.keep = keep;
    }
    private final List<String> mismatches = new ArrayList<>();
    private long recorded;
    private long stateOnly;
    private long notChecked;
    private long matched;
    private long mismatched;
    private long unaligned;
    private long matchedAfterState;

    /** One book's recorded tops: cumulative update counts and fingerprints, in order. */
    private static final class Expected {
        long[] counts = new long[64];
        long[] prints = new long[64];
        byte[] states = new byte[64];
        BookTop[] kept;
        /** A top whose levels matched but whose state live had already moved on: index, or -1. */
        int pending = -1;
        int size;
        long cumulative;
        int next;
        /** The replay's cumulative update count. */
        long replayed;

        void add(long count, long print, int state, BookTop top) {
            if (size == counts.length) {
                counts = java.util.Arrays.copyOf(counts, size * 2);
                prints = java.util.Arrays.copyOf(prints, size * 2);
                states = java.util.Arrays.copyOf(states, size * 2);
                if (kept != null) {
                    kept = java.util.Arrays.copyOf(kept, size * 2);
                }
            }
            counts[size] = count;
            prints[size] = print;
            states[size] = (byte) state;
            if (kept != null) {
                kept[size] = top;
            }
            size++;
        }
    }

    /** A top live published, in the order it was recorded. */
    public void recorded(BookTop top) {
        recorded++;
        if (top.updates() == 0) {
            stateOnly++;
            return;
        }
        if (recorded > MAX_TOPS) {
            notChecked++;
            return;
        }
        Expected e = books.computeIfAbsent(top.venue() + '/' + top.symbol(), k -> {
            Expected x = new Expected();
            x.kept = keep ? new BookTop[64] : null;
            return x;
        });
        e.cumulative += top.updates();
        e.add(e.cumulative, fingerprint(top), top.syncState().ordinal(), top);
    }

    /** A top the replay made, in order. */
    public void replayed(BookTop top) {
        Expected e = books.get(top.venue() + '/' + top.symbol());
        if (e == null) {
            return;
        }
        if (e.pending >= 0) {
            if (top.updates() == 0 && top.syncState().ordinal() == e.states[e.pending]) {
                matchedAfterState++; // live's burst also carried this state change: its top showed the later state
                e.pending = -1;
            } else if (top.updates() > 0) {
                mismatch(e, e.pending, top);
                e.pending = -1;
            }
        }
        e.replayed += top.updates();
        while (e.next < e.size && e.counts[e.next] < e.replayed) {
            unaligned++; // that live burst ended inside this record
            e.next++;
        }
        if (e.next < e.size && e.counts[e.next] == e.replayed && top.updates() > 0) {
            if (e.prints[e.next] == fingerprint(top)) {
                if (e.states[e.next] == top.syncState().ordinal()) {
                    matched++;
                } else {
                    // same levels, sequence and receive time, but live's state is a later one: live published this
                    // top after the next state change had reached its book (the burst coalesced across it)
                    e.pending = e.next;
                }
            } else {
                mismatch(e, e.next, top);
            }
            e.next++;
        }
    }

    private void mismatch(Expected e, int index, BookTop top) {
        mismatched++;
        if (mismatches.size() < 10) {
            mismatches.add("after update " + e.replayed + ": replay " + top + " (seq " + top.venueSeq()
                    + ", received " + top.receiveTsNanos() + ") differs from the recorded top"
                    + (e.kept == null ? "" : " " + e.kept[index] + " (seq " + e.kept[index].venueSeq()
                    + ", received " + e.kept[index].receiveTsNanos() + ")"));
        }
    }

    /** The replay is over: a top still waiting for its state change did not get it. */
    public void finish() {
        for (Expected e : books.values()) {
            if (e.pending >= 0) {
                mismatched++;
                if (mismatches.size() < 10) {
                    mismatches.add("a book's last checked top showed a state the replay never reached");
                }
                e.pending = -1;
            }
        }
    }

    /** Tops whose levels matched at once and whose state matched at the next state change. */
    public long matchedAfterState() {
        return matchedAfterState;
    }

    /** Recorded tops no replay top reached (the replay ended early, or diverged in its update count). */
    public long unreached() {
        long n = 0;
        for (Expected e : books.values()) {
            n += e.size - e.next;
        }
        return n;
    }

    /** What a live top's fields a replay must reproduce (the state is compared apart): sequence, receive time, levels. */
    static long fingerprint(BookTop t) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h, t.venueSeq());
        h = mix(h, t.receiveTsNanos());
        for (long[] a : new long[][] {t.bidPrices(), t.bidSizes(), t.askPrices(), t.askSizes()}) {
            h = mix(h, a.length);
            for (long v : a) {
                h = mix(h, v);
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    public long recordedTops() {
        return recorded;
    }

    public long stateOnlyTops() {
        return stateOnly;
    }

    public long matched() {
        return matched;
    }

    public long mismatched() {
        return mismatched;
    }

    public long unaligned() {
        return unaligned;
    }

    public long notChecked() {
        return notChecked;
    }

    /** The first few mismatches, described. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** One line: what was compared and how it went. */
    public String summary() {
        return String.format("%,d recorded BookTops: %,d equal to the replay's (%,d of them once the replay reached the "
                + "state live's burst ended in), %,d differ, %,d unaligned (a live burst ended inside a replayed "
                + "record), %,d not reached, %,d state-only%s", recorded, matched + matchedAfterState,
                matchedAfterState, mismatched, unaligned, unreached(), stateOnly,
                notChecked > 0 ? ", " + notChecked + " not checked" : "");
    }
}
