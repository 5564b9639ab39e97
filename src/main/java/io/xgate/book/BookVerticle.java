package io.xgate.book;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.xgate.config.Instrument;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the L2 books of its share of (venue, symbol) pairs: applies each {@link BookUpdate}, checks that the
 * book is not crossed and, where the venue sends one, that its checksum matches; on any failure the book is
 * marked RESYNCING and the venue verticle is asked to resync that symbol ({@code xgate.ctl.resync.<venue>}).
 * After each burst of updates (everything queued in one event-loop turn) it publishes one {@link BookTop} on
 * {@code xgate.md.top.<venue>.<SYMBOL>}. It answers full-book queries on {@code xgate.ctl.book.<venue>.<SYMBOL>}.
 *
 * <p>Every book is owned by this verticle's context and touched only there.
 */
public final class BookVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(BookVerticle.class);

    /** One book this verticle owns. */
    public record Assignment(String venue, Instrument instrument, BookRules rules) {
    }

    private final List<Assignment> assignments;
    private final int topDepth;
    private final Metrics metrics;
    private final List<Tracked> books = new ArrayList<>();
    /** The event-loop thread that owns every book here (handlers run on duplicates of the context, same thread). */
    private Thread owner;

    /** State of one owned book. */
    private final class Tracked {
        final String venue;
        final Instrument instrument;
        final BookRules rules;
        final OrderBook book;
        final String topAddress;
        final String resyncAddress;
        final long[] prices;
        final long[] sizes;
        final java.util.function.ToLongFunction<OrderBook> checksum;
        final TouchCheck touch;
        /** Whether the dialect's touch is checked at all, and whether by time (a tolerance) rather than sequence. */
        final boolean touchChecked;
        final boolean touchTimed;
        final Metrics.Venue meters;
        /** The book-feature bars, or {@code null} when they are off: it applies the updates to the book itself. */
        final io.xgate.analytics.BookFeatures features;
        /** Whether the book holds a snapshot that every check since has passed. */
        boolean intact;
        /** The venue's word on the symbol's feed. */
        SyncState venueState = SyncState.DOWN;
        long lastSeq = -1;
        long venueTs;
        long receiveTs;
        /** When the last update applied was decoded (its publish time), and whether it was a delta. */
        long decodedTs;
        boolean lastWasDelta;
        long appliedTs;
        int updates;
        boolean scheduled;

        Tracked(Assignment a) {
            venue = a.venue();
            instrument = a.instrument();
            rules = a.rules();
            book = new OrderBook(venue, instrument.symbol(), instrument.priceScale(), instrument.sizeScale());
            topAddress = Addresses.top(venue, instrument.symbol());
            resyncAddress = Addresses.resync(venue);
            prices = new long[topDepth];
            sizes = new long[topDepth];
            checksum = rules.checksum() == null ? null : rules.checksum().get();
            touch = new TouchCheck(rules.touch(), instrument.priceScale(), instrument.sizeScale());
            touchChecked = rules.touch().enabled();
            touchTimed = touchChecked && !rules.touch().sameSequence();
            meters = metrics.venue(venue);
            String barAddress = Addresses.bookBar(venue, instrument.symbol());
            features = bookBarNanos <= 0 ? null : new io.xgate.analytics.BookFeatures(book, bookBarNanos,
                    bar -> vertx.eventBus().publish(barAddress, bar));
        }

        void apply(BookUpdate u) {
            if (features != null) {
                features.apply(u, u.receiveTsNanos());
            } else {
                book.apply(u);
            }
        }

        SyncState state() {
            if (!intact) {
                return venueState == SyncState.LIVE || venueState == SyncState.STALE ? SyncState.RESYNCING
                        : venueState;
            }
            return venueState;
        }
    }

    /**
     * @param assignments the books this instance owns
     * @param topDepth    levels per side in each {@link BookTop}
     * @param metrics     where stage latencies and book failures are counted
     */
    public BookVerticle(List<Assignment> assignments, int topDepth, Metrics metrics) {
        this(assignments, topDepth, metrics, 0);
    }

    /**
     * @param bookBarNanos the length of the book-feature bars ({@code BookBar} on
     *                     {@code xgate.an.bookbar.<venue>.<SYMBOL>}), or 0 for none
     */
    public BookVerticle(List<Assignment> assignments, int topDepth, Metrics metrics, long bookBarNanos) {
        this.assignments = List.copyOf(assignments);
        this.topDepth = topDepth;
        this.metrics = metrics;
        this.bookBarNanos = bookBarNanos;
    }

    private final long bookBarNanos;

    @Override
    public Future<?> start() {
        owner = Thread.currentThread();
        List<Future<?>> registered = new ArrayList<>();
        for (Assignment a : assignments) {
            Tracked t = new Tracked(a);
            books.add(t);
            // the book's updates and the venue's touch, in the order the venue verticle published them
            registered.add(vertx.eventBus().<Event>localConsumer(Addresses.book(t.venue, t.instrument.symbol()),
                    m -> {
                        if (m.body() instanceof BookUpdate u) {
                            onUpdate(t, u);
                        } else if (m.body() instanceof VenueTouch v) {
                            onTouch(t, v);
                        }
                    }).completion());
            // cluster-wide: an admin API on another node asks here (rare requests, not the hot path)
            registered.add(vertx.eventBus().consumer(Addresses.bookQuery(t.venue, t.instrument.symbol()),
                    m -> m.reply(snapshot(t), new DeliveryOptions().addHeader("syncState", t.state().name())))
                    .completion());
        }
        if (bookBarNanos > 0) {
            for (Tracked t : books) {
                // the book's trades, for the bars' trade figures: on this context, beside the book
                registered.add(vertx.eventBus().<io.xgate.event.Trade>localConsumer(Addresses.trade(t.venue,
                        t.instrument.symbol()), m -> t.features.onTrade(m.body(), m.body().receiveTsNanos()))
                        .completion());
            }
            // bars close on the clock: ten ticks per bar, at least every 100 ms
            long tick = Math.max(10, Math.min(100, bookBarNanos / 10_000_000L));
            vertx.setPeriodic(tick, id -> {
                long now = EpochClock.nanos();
                for (Tracked t : books) {
                    t.features.onClock(now);
                }
            });
        }
        for (String venue : books.stream().map(t -> t.venue).distinct().toList()) {
            registered.add(vertx.eventBus().<VenueStatus>consumer(Addresses.status(venue), m -> onStatus(m.body()))
                    .completion());
        }
        return Future.all(registered);
    }

    private void onUpdate(Tracked t, BookUpdate u) {
        assert Thread.currentThread() == owner : "book " + t.venue + " " + t.instrument.symbol() + " touched from "
                + Thread.currentThread().getName() + ", owner " + owner.getName();
        if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
            t.apply(u);
            t.intact = true;
            t.touch.reset();
        } else if (!t.intact) {
            return; // waiting for the snapshot that follows a resync
        } else {
            t.apply(u);
        }
        if (t.rules.truncateDepth() > 0) {
            t.book.truncate(t.rules.truncateDepth());
        }
        t.lastSeq = u.venueSeq();
        if (t.book.isCrossed()) {
            t.meters.crossedBook();
            fail(t, ResyncCause.CROSSED, "crossed book: best bid " + t.book.bestBid() + " >= best ask "
                    + t.book.bestAsk() + " after seq " + u.venueSeq());
        } else if (u.hasChecksum() && t.checksum != null) {
            long ours = t.checksum.applyAsLong(t.book);
            if (ours != u.checksum()) {
                t.meters.checksumFailure();
                fail(t, ResyncCause.CHECKSUM, "checksum mismatch: venue " + u.checksum() + ", book " + ours);
            }
        }
        if (t.touchChecked && t.intact && t.venueState == SyncState.LIVE) {
            // only a tolerance rule needs the time: the hot path reads no clock it does not use
            String broken = t.touch.afterUpdate(t.book, t.lastSeq, t.touchTimed ? System.nanoTime() : 0);
            if (broken != null) {
                fail(t, ResyncCause.CROSS_CHECK, broken);
            }
        }
        t.venueTs = u.venueTsNanos();
        t.receiveTs = u.receiveTsNanos();
        t.appliedTs = EpochClock.nanos();
        t.decodedTs = u.publishTsNanos();
        t.lastWasDelta = u.kind() == BookUpdate.Kind.DELTA;
        t.updates++;
        if (t.features != null) {
            t.features.onState(t.state(), u.receiveTsNanos()); // after every check: a broken update counts for nothing
        }
        schedule(t);
    }

    /** The venue's own best bid/offer: it must agree with the intact, LIVE book (see {@link TouchCheck}). */
    private void onTouch(Tracked t, VenueTouch v) {
        if (!t.intact || t.venueState != SyncState.LIVE) {
            return;
        }
        String broken = t.touch.onTouch(v, t.book, t.lastSeq, t.touchTimed ? System.nanoTime() : 0);
        if (broken != null) {
            fail(t, ResyncCause.CROSS_CHECK, broken);
            schedule(t);
        }
    }

    private void fail(Tracked t, ResyncCause cause, String reason) {
        t.intact = false;
        t.touch.reset();
        if (t.features != null) {
            t.features.onState(t.state(), EpochClock.nanos());
        }
        LOG.warn("book {} {}: {}; asking the venue to resync", t.venue, t.instrument.symbol(), reason);
        vertx.eventBus().send(t.resyncAddress, t.instrument.symbol(), new DeliveryOptions().addHeader("reason", reason)
                .addHeader("cause", cause.label()));
    }

    private void onStatus(VenueStatus s) {
        for (Tracked t : books) {
            if (!t.venue.equals(s.venue())) {
                continue;
            }
            for (VenueStatus.SymbolStatus ss : s.symbols()) {
                if (ss.symbol().equals(t.instrument.symbol()) && ss.state() != t.venueState) {
                    t.venueState = ss.state();
                    if (t.features != null) {
                        t.features.onState(t.state(), EpochClock.nanos());
                    }
                    schedule(t);
                }
            }
        }
    }

    /** Publishes one BookTop after the current burst: the task runs after what is already queued. */
    private void schedule(Tracked t) {
        if (!t.scheduled) {
            t.scheduled = true;
            context.runOnContext(v -> publishTop(t));
        }
    }

    private void publishTop(Tracked t) {
        t.scheduled = false;
        int nb = t.book.topBids(t.prices, t.sizes, topDepth);
        long[] bp = java.util.Arrays.copyOf(t.prices, nb);
        long[] bs = java.util.Arrays.copyOf(t.sizes, nb);
        int na = t.book.topAsks(t.prices, t.sizes, topDepth);
        long[] ap = java.util.Arrays.copyOf(t.prices, na);
        long[] as = java.util.Arrays.copyOf(t.sizes, na);
        BookTop top = new BookTop(t.venue, t.instrument.symbol(), t.lastSeq, t.venueTs, t.receiveTs,
                EpochClock.nanos(), t.appliedTs, t.state(), t.updates, t.instrument.priceScale(),
                t.instrument.sizeScale(), bp, bs, ap, as);
        t.updates = 0;
        vertx.eventBus().publish(t.topAddress, top);
        if (top.updates() > 0) { // a top published for a state change measures nothing
            // the stages of the burst's last update, once per BookTop: not per update, which is the hot path
            if (t.venueTs != Event.NO_TIME && t.lastWasDelta) {
                t.meters.stage(Metrics.Stage.VENUE_TO_RECEIVE, t.receiveTs - t.venueTs);
            }
            // receive -> decoded is sampled by the venue connection: a frame's events carry one clock read
            t.meters.stage(Metrics.Stage.DECODED_TO_APPLIED, t.appliedTs - t.decodedTs);
            t.meters.stage(Metrics.Stage.APPLIED_TO_TOP, top.publishTsNanos() - t.appliedTs);
        }
    }

    private BookUpdate snapshot(Tracked t) {
        int nb = t.book.bidCount();
        int na = t.book.askCount();
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        t.book.topBids(bp, bs, nb);
        t.book.topAsks(ap, as, na);
        long now = EpochClock.nanos();
        return new BookUpdate(t.venue, t.instrument.symbol(), t.lastSeq, t.venueTs, t.receiveTs, now,
                BookUpdate.Kind.SNAPSHOT, t.lastSeq, BookUpdate.NO_CHECKSUM, t.instrument.priceScale(),
                t.instrument.sizeScale(), bp, bs, ap, as);
    }
}
