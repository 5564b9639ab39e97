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

    /** One owned book and its addresses. */
    private final class Tracked {
        final BookKeeper keeper;
        final String venue;
        final Instrument instrument;
        final String topAddress;
        final String resyncAddress;
        /** This node's role for the venue, looked up once (it is fixed per venue; its fields change). */
        final io.xgate.cluster.VenueRole role;
        boolean scheduled;

        Tracked(Assignment a) {
            venue = a.venue();
            instrument = a.instrument();
            topAddress = Addresses.top(venue, instrument.symbol());
            resyncAddress = Addresses.resync(venue);
            role = leadership.role(venue);
            String barAddress = Addresses.bookBar(venue, instrument.symbol());
            keeper = new BookKeeper(venue, instrument, a.rules(), topDepth, metrics.venue(venue), bookBarNanos,
                    bar -> {
                        io.xgate.cluster.VenueRole r = role;
                        if (r.publishes()) {
                            vertx.eventBus().publish(barAddress, r.elected() ? bar.withEpoch(r.epoch()) : bar);
                        } else {
                            r.withheld();
                        }
                    });
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
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;

    /**
     * Publishes under this node's roles (high availability): a venue's {@code BookTop}s and bars go out only while
     * this node leads it, stamped with its epoch; a standby keeps its books LIVE and checked, and republishes every
     * top the moment it takes over. Call before deployment.
     */
    public BookVerticle leadership(io.xgate.cluster.Leadership leadership) {
        this.leadership = leadership;
        return this;
    }

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
                    m -> m.reply(t.keeper.snapshot(EpochClock.nanos()), new DeliveryOptions().addHeader("syncState",
                            t.keeper.state().name())))
                    .completion());
        }
        if (bookBarNanos > 0) {
            for (Tracked t : books) {
                // the book's trades, for the bars' trade figures: on this context, beside the book
                registered.add(vertx.eventBus().<io.xgate.event.Trade>localConsumer(Addresses.trade(t.venue,
                        t.instrument.symbol()), m -> t.keeper.onTrade(m.body()))
                        .completion());
            }
            // bars close on the clock: ten ticks per bar, at least every 100 ms
            long tick = Math.max(10, Math.min(100, bookBarNanos / 10_000_000L));
            vertx.setPeriodic(tick, id -> {
                long now = EpochClock.nanos();
                for (Tracked t : books) {
                    t.keeper.onClock(now);
                }
            });
        }
        for (String venue : books.stream().map(t -> t.venue).distinct().toList()) {
            // this node's venue verticle's word, never another node's (a leader's, seen from its standby)
            registered.add(vertx.eventBus().<VenueStatus>localConsumer(Addresses.localStatus(venue),
                    m -> onStatus(m.body())).completion());
            if (leadership.role(venue).elected()) {
                registered.add(vertx.eventBus().<io.vertx.core.json.JsonObject>localConsumer(Addresses.haRole(venue),
                        m -> {
                            if (m.body().getBoolean("leader")) {
                                for (Tracked t : books) {
                                    if (t.venue.equals(venue)) {
                                        publishTop(t); // the new leader's first tops, at once: no resync needed
                                    }
                                }
                            }
                        }).completion());
            }
        }
        return Future.all(registered);
    }

    private void onUpdate(Tracked t, BookUpdate u) {
        assert Thread.currentThread() == owner : "book " + t.venue + " " + t.instrument.symbol() + " touched from "
                + Thread.currentThread().getName() + ", owner " + owner.getName();
        if (t.keeper.skips(u)) {
            return; // waiting for the snapshot that follows a resync
        }
        // only a tolerance rule needs the monotonic time: the hot path reads no clock it does not use
        BookKeeper.Failure f = t.keeper.onUpdate(u, t.keeper.touchTimed() ? System.nanoTime() : 0, EpochClock.nanos());
        if (f != null) {
            askResync(t, f);
        }
        schedule(t);
    }

    /** The venue's own best bid/offer: it must agree with the intact, LIVE book (see {@link TouchCheck}). */
    private void onTouch(Tracked t, VenueTouch v) {
        BookKeeper.Failure f = t.keeper.onTouch(v, t.keeper.touchTimed() ? System.nanoTime() : 0, EpochClock.nanos());
        if (f != null) {
            askResync(t, f);
            schedule(t);
        }
    }

    private void askResync(Tracked t, BookKeeper.Failure f) {
        LOG.warn("book {} {}: {}; asking the venue to resync", t.venue, t.instrument.symbol(), f.reason());
        vertx.eventBus().send(t.resyncAddress, t.instrument.symbol(), new DeliveryOptions()
                .addHeader("reason", f.reason()).addHeader("cause", f.cause().label()));
    }

    private void onStatus(VenueStatus s) {
        for (Tracked t : books) {
            if (!t.venue.equals(s.venue())) {
                continue;
            }
            for (VenueStatus.SymbolStatus ss : s.symbols()) {
                if (ss.symbol().equals(t.instrument.symbol()) && t.keeper.onVenueState(ss.state(), EpochClock.nanos())) {
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
        io.xgate.cluster.VenueRole r = t.role;
        BookTop top = t.keeper.top(EpochClock.nanos(), r.epoch());
        if (r.publishes()) {
            vertx.eventBus().publish(t.topAddress, top);
        } else {
            r.withheld(); // a standby, or a leader whose lease is unconfirmed: its books stay LIVE and checked
        }
        t.keeper.stages(top);
    }
}
