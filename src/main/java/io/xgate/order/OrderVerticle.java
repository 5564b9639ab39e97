package io.xgate.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.Dialect;
import io.xgate.venue.Dialects;
import io.xgate.venue.OrderProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order desk of one venue, dialect-free: request-reply on {@code xgate.order.<venue>} ({@link OrderRequest} in,
 * {@link OrderReport} back), and every outcome published on {@code xgate.order.events.<venue>}.
 *
 * <p>A request is validated; a new order is refused here (source LOCAL, nothing sent) while the venue bans us
 * (418, with the ban's reason and end), while it asked us to wait (429, {@code Retry-After}), or when it breaks a
 * {@link RiskChecks} rule (against the mid of the venue's LIVE book, kept from its {@code BookTop}s). Then it waits
 * in the {@link OrderThrottle} for the venue's order limits (the dialect's {@code OrderLimitRules}), cancels first,
 * and goes out through the {@link OrderExchange}: built and signed by the dialect's {@link OrderProtocol} with the
 * venue's time, sent by the venue's one REST client ({@link VenueHttp}, shared with market data: one budget). The
 * reply is normalized: ACCEPTED / FILLED / CANCELED with the venue's ids, REJECTED with the venue's code and message
 * (or the local rule that refused it), or UNKNOWN when the venue did not answer or answered 5xx: such an order may
 * exist, and is never retried blindly. Open orders are tracked in {@link OpenOrders}.
 *
 * <p>The venue's clock offset comes from the venue verticle on {@code xgate.ctl.clock.<venue>} (0 until the first
 * sample). Everything here runs on the desk's own context. Secrets never reach a log or a reply: only their sources
 * ({@code env BINANCE_API_SECRET}).
 */
public final class OrderVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderVerticle.class);

    /** The mid of a symbol's LIVE book (mantissa at the price scale), or -1 if there is none. */
    private static final class Mid {
        long value = -1;
    }

    private final VenueConfig venue;
    private final VenueHttp http;
    private final Map<String, Mid> mids = new HashMap<>();
    private final OpenOrders open = new OpenOrders();
    private boolean credentials;
    private RiskChecks risk;
    private OrderThrottle throttle;
    private OrderExchange exchange;
    /** The venue's clock minus ours (ms), from the venue verticle's samples; 0 until the first. */
    private long clockOffsetMillis;
    /** New orders wait until then (epoch ms): the venue asked us to (429, Kraken's rate-limit error). */
    private long pausedUntil;
    private long drainTimer = -1;
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;
    private OrderRegistry registry = OrderRegistry.NONE;
    /** The order API's consumer while this node serves it. */
    private io.vertx.core.eventbus.MessageConsumer<OrderRequest> orderConsumer;

    /** @param http the venue's one REST client, shared with its venue verticle (one budget per limit class) */
    public OrderVerticle(VenueConfig venue, VenueHttp http) {
        this.venue = venue;
        this.http = http;
    }

    @Override
    public Future<?> start() {
        VenueConfig.Credentials c = venue.credentials();
        Dialect dialect = Dialects.of(venue);
        credentials = c != null;
        risk = new RiskChecks(venue);
        throttle = new OrderThrottle(venue, http.limiter(), dialect.orderLimits(venue), System::nanoTime);
        if (credentials) {
            OrderProtocol protocol = dialect.orders(venue);
            exchange = new OrderExchange(venue, http, protocol, () -> System.currentTimeMillis() + clockOffsetMillis);
        }
        List<Future<?>> registered = new ArrayList<>();
        for (Instrument i : venue.instruments().values()) {
            Mid mid = new Mid();
            mids.put(i.symbol(), mid);
            registered.add(vertx.eventBus().<BookTop>localConsumer(Addresses.top(venue.id(), i.symbol()), m -> {
                BookTop t = m.body();
                mid.value = t.syncState() == SyncState.LIVE && t.bidPrices().length > 0 && t.askPrices().length > 0
                        ? (t.bidPrices()[0] + t.askPrices()[0]) / 2 : -1;
            }).completion());
        }
        registered.add(vertx.eventBus().<Long>localConsumer(Addresses.clock(venue.id()), m -> {
            if (m.body() != null) {
                clockOffsetMillis = m.body();
            }
        }).completion());
        io.xgate.cluster.VenueRole role = leadership.role(venue.id());
        if (!role.elected()) {
            registered.add(serveOrders());
        } else {
            // the order API is the leader's alone: a standby registers nothing, or requests would be shared out
            registered.add(vertx.eventBus().<io.vertx.core.json.JsonObject>localConsumer(Addresses.haRole(venue.id()),
                    m -> onRole(m.body().getBoolean("leader"), m.body().getLong("epoch"))).completion());
        }
        LOG.info("venue {}: order API on {}{} ({})", venue.id(), Addresses.orders(venue.id()),
                role.elected() ? " while this node leads the venue" : "",
                c == null ? "no credentials: every order is refused" : "key from " + c.apiKey().source());
        return Future.all(registered);
    }

    private Future<Void> serveOrders() {
        orderConsumer = vertx.eventBus().consumer(Addresses.orders(venue.id()), this::onRequest);
        return orderConsumer.completion();
    }

    /**
     * High availability: the leader serves the order API; a standby does not. A node that becomes leader first loads
     * the orders the previous leader left resting (the registry), then serves, then asks the venue about each of them
     * (a query), so that its counts, venue ids and the order events agree with the venue.
     */
    private void onRole(boolean leader, long epoch) {
        if (leader && orderConsumer == null) {
            registry.load().recover(e -> {
                LOG.warn("venue {}: cannot load the previous leader's open orders ({}); serving without them",
                        venue.id(), e.toString());
                return Future.succeededFuture(Map.of());
            }).compose(left -> {
                left.forEach(open::restore);
                return serveOrders().map(left);
            }).onSuccess(left -> {
                LOG.info("venue {}: this node leads (epoch {}): serving the order API on {}; {} open order(s) of the "
                        + "previous leader to reconcile", venue.id(), epoch, Addresses.orders(venue.id()), left.size());
                left.forEach(this::reconcile);
            });
        } else if (!leader && orderConsumer != null) {
            orderConsumer.unregister();
            orderConsumer = null;
            LOG.info("venue {}: this node stands by: no longer serving the order API", venue.id());
        }
    }

    /** Asks the venue about an order a previous leader left: the answer settles it and goes on the order events. */
    private void reconcile(String clientOrderId, OrderRegistry.Entry e) {
        Instrument i = venue.instruments().get(e.symbol());
        if (i == null || exchange == null) {
            return;
        }
        long now = EpochClock.nanos();
        OrderRequest q = new OrderRequest(venue.id(), e.symbol(), Event.NO_SEQ, Event.NO_TIME,
                now, now, OrderRequest.Action.QUERY, clientOrderId, Side.UNKNOWN, OrderRequest.OrderType.LIMIT,
                OrderRequest.TimeInForce.GTC, i.priceScale(), i.sizeScale(), 0, 0, e.venueOrderId());
        send(null, q, i);
    }

    /**
     * Publishes under this node's role for the venue (high availability), mirroring its open orders to
     * {@code registry} for the next leader. Call before deployment.
     */
    public OrderVerticle leadership(io.xgate.cluster.Leadership leadership, OrderRegistry registry) {
        this.leadership = leadership;
        this.registry = registry;
        open.mirrorTo(registry);
        return this;
    }

    private void onRequest(Message<OrderRequest> m) {
        onRequest(m, false);
    }

    /**
     * The book's own word, when no LIVE top has reached the desk: its reply carries its sync state, and a LIVE
     * book's touch gives the mid. Then the request is handled again, once ({@code asked}): refused if the book is
     * not LIVE after all.
     */
    private void askBook(Message<OrderRequest> m, OrderRequest r) {
        Mid mid = mids.get(r.symbol());
        vertx.eventBus().<io.xgate.event.BookUpdate>request(Addresses.bookQuery(venue.id(), r.symbol()), "",
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(BOOK_QUERY_TIMEOUT_MS)).onComplete(ar -> {
                    if (ar.succeeded() && mid.value < 0
                            && SyncState.LIVE.name().equals(ar.result().headers().get("syncState"))) {
                        io.xgate.event.BookUpdate b = ar.result().body();
                        if (b.bidCount() > 0 && b.askCount() > 0) {
                            mid.value = (b.bidPrice(0) + b.askPrice(0)) / 2;
                        }
                    }
                    onRequest(m, true);
                });
    }

    /** How long the desk waits for the book's answer before it refuses for want of a reference price. */
    private static final long BOOK_QUERY_TIMEOUT_MS = 1_000;

    private void onRequest(Message<OrderRequest> m, boolean asked) {
        OrderRequest r = m.body();
        Instrument i = venue.instruments().get(r.symbol());
        String bad = validate(r, i);
        if (bad != null) {
            local(m, r, "BAD_REQUEST", bad);
            return;
        }
        long now = System.currentTimeMillis();
        if (r.action() == OrderRequest.Action.PLACE) {
            VenueHttp.Standing standing = http.standing();
            if (standing.state() == VenueHttp.State.BANNED) {
                local(m, r, "BANNED", venue.id() + " has banned us (HTTP 418) until "
                        + Instant.ofEpochMilli(standing.untilMillis()) + " (" + (standing.untilMillis() - now)
                        + " ms more): " + standing.reason() + "; the order was not sent");
                return;
            }
            if (now < pausedUntil) {
                local(m, r, "RATE_LIMITED", venue.id() + " asked us to wait " + (pausedUntil - now)
                        + " ms more (rate limit, Retry-After); the order was not sent");
                return;
            }
        }
        switch (r.action()) {
            case PLACE -> {
                if (mids.get(r.symbol()).value < 0 && !asked) {
                    // no LIVE top seen yet: the book may have turned LIVE an instant ago, its first top still on the
                    // way (a client that waits for VenueStatus LIVE and orders at once races it); ask the book
                    askBook(m, r);
                    return;
                }
                RiskChecks.Refusal refusal = risk.check(new RiskChecks.NewOrder(r.symbol(), r.side() == Side.BUY,
                        r.orderType() == OrderRequest.OrderType.MARKET, r.price(), r.quantity()),
                        mids.get(r.symbol()).value, open.open(r.symbol()));
                if (refusal != null) {
                    local(m, r, refusal.rule().name(), refusal.message());
                    return;
                }
                open.track(r.clientOrderId(), r.symbol(), now); // counted now, so a burst cannot pass maxOpenOrders
                throttle.place(i.venueSymbol(), throttled(m, r, i));
            }
            case CANCEL -> throttle.cancel(i.venueSymbol(), open.ageMillis(r.clientOrderId(), now),
                    throttled(m, r, i));
            default -> send(m, r, i);
        }
        scheduleDrain();
    }

    private OrderThrottle.Request throttled(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        return new OrderThrottle.Request() {
            @Override
            public void send() {
                OrderVerticle.this.send(m, r, i);
            }

            @Override
            public void refuse(String reason) {
                if (r.action() == OrderRequest.Action.PLACE) {
                    open.end(r.clientOrderId());
                }
                local(m, r, "RATE_LIMITED", venue.id() + " " + r.symbol() + ": " + reason);
            }
        };
    }

    private void scheduleDrain() {
        long wait = throttle.drain();
        if (wait > 0 && drainTimer < 0) {
            drainTimer = vertx.setTimer(Math.max(1, wait / 1_000_000), id -> {
                drainTimer = -1;
                scheduleDrain();
            });
        }
    }

    private String validate(OrderRequest r, Instrument i) {
        if (i == null) {
            return venue.id() + " has no symbol '" + r.symbol() + "'; its symbols: " + venue.instruments().keySet();
        }
        if (!credentials) {
            return "no credentials are configured for " + venue.id() + " (credentials.apiKey and apiSecret in "
                    + venue.file() + ")";
        }
        if (r.clientOrderId().isEmpty() || r.clientOrderId().length() > 36
                || !r.clientOrderId().matches("[A-Za-z0-9_.:-]+")) {
            return "clientOrderId must be 1 to 36 of [A-Za-z0-9_.:-]";
        }
        if (r.action() != OrderRequest.Action.PLACE) {
            return null;
        }
        if (r.priceScale() != i.priceScale() || r.sizeScale() != i.sizeScale()) {
            return "scales " + r.priceScale() + "/" + r.sizeScale() + " differ from the instrument's " + i.priceScale()
                    + "/" + i.sizeScale();
        }
        if (r.quantity() <= 0 || r.quantity() % i.lot() != 0) {
            return "quantity must be a positive multiple of the lot size " + i.lotSize();
        }
        if (r.orderType() == OrderRequest.OrderType.LIMIT && (r.price() <= 0 || r.price() % i.tick() != 0)) {
            return "a limit price must be a positive multiple of the tick size " + i.tickSize();
        }
        if (r.side() == Side.UNKNOWN) {
            return "side must be BUY or SELL";
        }
        if (r.timeInForce() == OrderRequest.TimeInForce.POST_ONLY && r.orderType() != OrderRequest.OrderType.LIMIT) {
            return "a post-only order must be a limit order";
        }
        return null;
    }

    /**
     * Sends through the exchange when it has room, unless the venue asked new orders to wait: then after the pause
     * (checked again when the room comes, so that orders queued behind a 429 wait with it).
     */
    private void send(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        if (holdForPause(m, r, i)) {
            return;
        }
        exchange.whenRoom(() -> {
            if (!holdForPause(m, r, i)) {
                exchangeNow(m, r, i);
            }
        });
    }

    /** Whether a new order must wait for the venue's pause (429, Retry-After): then it is sent after it. */
    private boolean holdForPause(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        long now = System.currentTimeMillis();
        if (r.action() != OrderRequest.Action.PLACE || now >= pausedUntil) {
            return false;
        }
        vertx.setTimer(pausedUntil - now, id -> send(m, r, i));
        return true;
    }

    private void exchangeNow(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        String venueOrderId = venueId(r);
        exchange.exchange(r, i, venueOrderId).onSuccess(a -> {
            OrderProtocol.Outcome o = a.outcome();
            if (o.pauseNewOrdersMillis() > 0) {
                pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + o.pauseNewOrdersMillis());
                LOG.warn("venue {}: {} on an order: no new order goes out for {} ms: {}", venue.id(), o.code(),
                        o.pauseNewOrdersMillis(), o.message());
            }
            settle(m, r, report(r, o.venueOrderId(), o.status(), a.source(), o.code(), o.message(),
                    o.filledQuantity(), o.averagePrice()));
        });
    }

    /** The venue's id of the order a request names: its own, or the one learned when the order was accepted. */
    private String venueId(OrderRequest r) {
        return r.venueOrderId().isEmpty() ? open.venueId(r.clientOrderId()) : r.venueOrderId();
    }

    /**
     * Books the outcome, publishes it and replies. An order stays tracked while it may rest at the venue (accepted,
     * partly filled, or unknown); a final state (rejected, filled, canceled, expired) ends it, whichever request
     * (place, cancel or query) learned it.
     */
    private void settle(Message<OrderRequest> m, OrderRequest r, OrderReport report) {
        switch (report.status()) {
            case ACCEPTED, PARTIALLY_FILLED -> {
                if (r.action() == OrderRequest.Action.PLACE) {
                    open.accepted(r.clientOrderId(), report.venueOrderId(), System.currentTimeMillis());
                }
            }
            case UNKNOWN -> {
                // it may exist: it stays counted against maxOpenOrders until a query or cancel tells
            }
            case REJECTED -> {
                if (r.action() == OrderRequest.Action.PLACE) {
                    open.end(r.clientOrderId());
                }
            }
            default -> open.end(r.clientOrderId()); // filled, canceled, expired: it no longer rests
        }
        if (report.status() == OrderReport.Status.REJECTED || report.status() == OrderReport.Status.UNKNOWN) {
            LOG.info("venue {} order {} {}: {} {} {} {}", venue.id(), r.clientOrderId(), r.action(), report.status(),
                    report.source(), report.code(), report.message());
        }
        vertx.eventBus().publish(Addresses.orderEvents(venue.id()), report);
        if (m != null) {
            m.reply(report); // null: a reconciliation, asked by nobody
        }
        scheduleDrain();
    }

    private void local(Message<OrderRequest> m, OrderRequest r, String rule, String message) {
        OrderReport report = report(r, "", OrderReport.Status.REJECTED, OrderReport.Source.LOCAL, rule, message, 0, 0);
        LOG.info("venue {} order {} {} refused here: {}", venue.id(), r.clientOrderId(), r.action(), message);
        vertx.eventBus().publish(Addresses.orderEvents(venue.id()), report);
        m.reply(report);
    }

    private OrderReport report(OrderRequest r, String venueId, OrderReport.Status s, OrderReport.Source source,
                               String code, String message, long filled, long avgPrice) {
        Instrument i = venue.instruments().get(r.symbol());
        long now = EpochClock.nanos();
        return new OrderReport(venue.id(), r.symbol(), Event.NO_SEQ, Event.NO_TIME, now, now, r.clientOrderId(),
                venueId == null ? "" : venueId, s, source, code, message, i == null ? r.priceScale() : i.priceScale(),
                i == null ? r.sizeScale() : i.sizeScale(), filled, avgPrice);
    }
}
