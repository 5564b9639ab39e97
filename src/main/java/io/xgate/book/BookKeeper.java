package io.xgate.book;

import io.xgate.analytics.BookFeatures;
import io.xgate.config.Instrument;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;
import java.util.Arrays;

/**
 * One L2 book and everything that decides whether it may be trusted: applies each {@link BookUpdate}, checks that
 * the book is not crossed, that its checksum matches where the venue sends one, and that it agrees with the
 * venue's own touch; combines that with the venue's word on the feed into the book's {@link SyncState}; builds its
 * {@link BookTop}s and (when on) its book-feature bars. It knows no event bus and no clock of its own: the
 * {@link BookVerticle} drives it live, a journal replay drives it from a recording, so that both run the same code.
 *
 * <p>Not thread-safe: one owner per book.
 */
public final class BookKeeper {

    /** Why a book stopped being intact: the cause and a sentence for the log and the resync request. */
    public record Failure(ResyncCause cause, String reason) {
    }

    private final String venue;
    private final Instrument instrument;
    private final BookRules rules;
    private final OrderBook book;
    private final int topDepth;
    private final long[] prices;
    private final long[] sizes;
    private final java.util.function.ToLongFunction<OrderBook> checksum;
    private final TouchCheck touch;
    /** Whether the dialect's touch is checked at all, and whether by time (a tolerance) rather than sequence. */
    private final boolean touchChecked;
    private final boolean touchTimed;
    private final Metrics.Venue meters;
    /** The book-feature bars, or {@code null} when they are off: it applies the updates to the book itself. */
    private final BookFeatures features;
    /** Whether the book holds a snapshot that every check since has passed. */
    private boolean intact;
    /** The venue's word on the symbol's feed. */
    private SyncState venueState = SyncState.DOWN;
    private long lastSeq = -1;
    private long venueTs;
    private long receiveTs;
    /** When the last update applied was decoded (its publish time), and whether it was a delta. */
    private long decodedTs;
    private boolean lastWasDelta;
    private long appliedTs;
    private int updates;
    /** Told of every level change of the book, or {@code null} (see {@link #levelListener}). */
    private LevelListener levels;
    /** Scratch for the levels a truncation removes (only with a level listener). */
    private long[] cutPrices = new long[0];
    private long[] cutSizes = new long[0];

    /**
     * @param topDepth     levels per side in each {@link BookTop}
     * @param meters       where the venue's book failures are counted
     * @param bookBarNanos the length of the book-feature bars, or 0 for none
     * @param bars         where closed bars go (unused when {@code bookBarNanos} is 0)
     */
    public BookKeeper(String venue, Instrument instrument, BookRules rules, int topDepth, Metrics.Venue meters,
                      long bookBarNanos, io.xgate.analytics.BookBarListener bars) {
        this.venue = venue;
        this.instrument = instrument;
        this.rules = rules;
        this.topDepth = topDepth;
        this.meters = meters;
        this.book = new OrderBook(venue, instrument.symbol(), instrument.priceScale(), instrument.sizeScale());
        this.prices = new long[topDepth];
        this.sizes = new long[topDepth];
        this.checksum = rules.checksum() == null ? null : rules.checksum().get();
        this.touch = new TouchCheck(rules.touch(), instrument.priceScale(), instrument.sizeScale());
        this.touchChecked = rules.touch().enabled();
        this.touchTimed = touchChecked && !rules.touch().sameSequence();
        this.features = bookBarNanos <= 0 ? null : new BookFeatures(book, bookBarNanos, bars);
    }

    public String venue() {
        return venue;
    }

    public Instrument instrument() {
        return instrument;
    }

    /** The book itself (read it on the owner's thread only). */
    public OrderBook book() {
        return book;
    }

    /**
     * Tells {@code listener} of every level change the book goes through from now on: each level an applied update
     * sets (with its previous size; a snapshot clears the book first, unreported) and each level a depth truncation
     * ({@link BookRules#truncateDepth()}) removes (new size 0). Updates skipped while the book waits for a snapshot
     * change nothing and report nothing. For exports; not with book-feature bars (they apply the updates through
     * their own listener).
     *
     * @throws IllegalStateException if the bars are on
     */
    public void levelListener(LevelListener listener) {
        if (features != null && listener != null) {
            throw new IllegalStateException("a level listener cannot be combined with book-feature bars");
        }
        this.levels = listener;
    }

    /** Whether a touch rule needs the time (then {@link #onUpdate} and {@link #onTouch} read their {@code nowNanos}). */
    public boolean touchTimed() {
        return touchTimed;
    }

    /** Updates applied since the last {@link #top}. */
    public int pendingUpdates() {
        return updates;
    }

    /** The book's state: the venue's word, or RESYNCING while the book itself is not intact. */
    public SyncState state() {
        if (!intact) {
            return venueState == SyncState.LIVE || venueState == SyncState.STALE ? SyncState.RESYNCING : venueState;
        }
        return venueState;
    }

    /**
     * Applies one update and checks the book.
     *
     * @param nowNanos    the monotonic time, read only by a timed touch rule (see {@link #touchTimed})
     * @param appliedNanos the wall-clock time the update counts as applied at (its {@code BookTop} carries it)
     * @return {@code null} if the update was applied (or skipped while waiting for a snapshot, see {@link #skips})
     *         and the book holds, or why it is broken now: the caller asks the venue to resync
     */
    public Failure onUpdate(BookUpdate u, long nowNanos, long appliedNanos) {
        Failure failure = null;
        if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
            apply(u);
            intact = true;
            touch.reset();
        } else if (!intact) {
            return null; // waiting for the snapshot that follows a resync
        } else {
            apply(u);
        }
        if (rules.truncateDepth() > 0) {
            if (levels != null) {
                reportCut(rules.truncateDepth());
            }
            book.truncate(rules.truncateDepth());
        }
        lastSeq = u.venueSeq();
        if (book.isCrossed()) {
            meters.crossedBook();
            failure = fail(ResyncCause.CROSSED, "crossed book: best bid " + book.bestBid() + " >= best ask "
                    + book.bestAsk() + " after seq " + u.venueSeq(), appliedNanos);
        } else if (u.hasChecksum() && checksum != null) {
            long ours = checksum.applyAsLong(book);
            if (ours != u.checksum()) {
                meters.checksumFailure();
                failure = fail(ResyncCause.CHECKSUM, "checksum mismatch: venue " + u.checksum() + ", book " + ours,
                        appliedNanos);
            }
        }
        if (touchChecked && intact && venueState == SyncState.LIVE) {
            String broken = touch.afterUpdate(book, lastSeq, touchTimed ? nowNanos : 0);
            if (broken != null) {
                failure = fail(ResyncCause.CROSS_CHECK, broken, appliedNanos);
            }
        }
        venueTs = u.venueTsNanos();
        receiveTs = u.receiveTsNanos();
        appliedTs = appliedNanos;
        decodedTs = u.publishTsNanos();
        lastWasDelta = u.kind() == BookUpdate.Kind.DELTA;
        updates++;
        if (features != null) {
            features.onState(state(), u.receiveTsNanos()); // after every check: a broken update counts for nothing
        }
        return failure;
    }

    /** Whether {@link #onUpdate} would skip this update (the book waits for a snapshot): no {@code BookTop} is due. */
    public boolean skips(BookUpdate u) {
        return !intact && u.kind() != BookUpdate.Kind.SNAPSHOT;
    }

    private void apply(BookUpdate u) {
        if (features != null) {
            features.apply(u, u.receiveTsNanos());
        } else if (levels != null) {
            book.apply(u, levels);
        } else {
            book.apply(u);
        }
    }

    /** Tells the level listener of the levels beyond {@code depth} that the truncation is about to remove. */
    private void reportCut(int depth) {
        int n = Math.max(book.bidCount(), book.askCount());
        if (n <= depth) {
            return;
        }
        if (cutPrices.length < n) {
            cutPrices = new long[n];
            cutSizes = new long[n];
        }
        int nb = book.topBids(cutPrices, cutSizes, n);
        for (int i = depth; i < nb; i++) {
            levels.onLevel(false, cutPrices[i], cutSizes[i], 0);
        }
        int na = book.topAsks(cutPrices, cutSizes, n);
        for (int i = depth; i < na; i++) {
            levels.onLevel(true, cutPrices[i], cutSizes[i], 0);
        }
    }

    /**
     * The venue's own best bid/offer: it must agree with the intact, LIVE book (see {@link TouchCheck}).
     *
     * @return {@code null}, or why the book is broken now
     */
    public Failure onTouch(VenueTouch v, long nowNanos, long wallNanos) {
        if (!intact || venueState != SyncState.LIVE) {
            return null;
        }
        String broken = touch.onTouch(v, book, lastSeq, touchTimed ? nowNanos : 0);
        return broken == null ? null : fail(ResyncCause.CROSS_CHECK, broken, wallNanos);
    }

    private Failure fail(ResyncCause cause, String reason, long wallNanos) {
        intact = false;
        touch.reset();
        if (features != null) {
            features.onState(state(), wallNanos);
        }
        return new Failure(cause, reason);
    }

    /**
     * The venue's word on the feed changed.
     *
     * @return whether it did change (a {@code BookTop} is due)
     */
    public boolean onVenueState(SyncState state, long wallNanos) {
        if (state == venueState) {
            return false;
        }
        venueState = state;
        if (features != null) {
            features.onState(state(), wallNanos);
        }
        return true;
    }

    /** A trade of the book's instrument, for the bars' trade figures (ignored when bars are off). */
    public void onTrade(Trade trade) {
        if (features != null) {
            features.onTrade(trade, trade.receiveTsNanos());
        }
    }

    /** The clock moved on: bars that ended close (nothing when bars are off). */
    public void onClock(long wallNanos) {
        if (features != null) {
            features.onClock(wallNanos);
        }
    }

    /** Whether book-feature bars are on. */
    public boolean bars() {
        return features != null;
    }

    /** The book's best levels now, carrying the updates applied since the previous one; resets that count. */
    public BookTop top(long publishNanos) {
        return top(publishNanos, 0L);
    }

    /** As {@link #top(long)}, published under a venue leader's {@code epoch} (high availability). */
    public BookTop top(long publishNanos, long epoch) {
        int nb = book.topBids(prices, sizes, topDepth);
        long[] bp = Arrays.copyOf(prices, nb);
        long[] bs = Arrays.copyOf(sizes, nb);
        int na = book.topAsks(prices, sizes, topDepth);
        long[] ap = Arrays.copyOf(prices, na);
        long[] as = Arrays.copyOf(sizes, na);
        BookTop top = new BookTop(venue, instrument.symbol(), lastSeq, venueTs, receiveTs, publishNanos, appliedTs,
                state(), updates, instrument.priceScale(), instrument.sizeScale(), bp, bs, ap, as, epoch);
        updates = 0;
        return top;
    }

    /** Where a {@code BookTop} would be published, nobody wants one: the updates since the last count as carried. */
    public void skipTop() {
        updates = 0;
    }

    /** Records the stages of the last burst's last update, once per {@code BookTop} that carried updates. */
    public void stages(BookTop top) {
        if (top.updates() > 0) { // a top published for a state change measures nothing
            if (venueTs != Event.NO_TIME && lastWasDelta) {
                meters.stage(Metrics.Stage.VENUE_TO_RECEIVE, receiveTs - venueTs);
            }
            // receive -> decoded is sampled by the venue connection: a frame's events carry one clock read
            meters.stage(Metrics.Stage.DECODED_TO_APPLIED, appliedTs - decodedTs);
            meters.stage(Metrics.Stage.APPLIED_TO_TOP, top.publishTsNanos() - appliedTs);
        }
    }

    /** The whole book as a snapshot (full-book queries). */
    public BookUpdate snapshot(long nowNanos) {
        int nb = book.bidCount();
        int na = book.askCount();
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        book.topBids(bp, bs, nb);
        book.topAsks(ap, as, na);
        return new BookUpdate(venue, instrument.symbol(), lastSeq, venueTs, receiveTs, nowNanos,
                BookUpdate.Kind.SNAPSHOT, lastSeq, BookUpdate.NO_CHECKSUM, instrument.priceScale(),
                instrument.sizeScale(), bp, bs, ap, as);
    }
}
