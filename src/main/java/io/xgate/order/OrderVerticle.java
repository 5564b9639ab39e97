package io.xgate.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
import io.xgate.num.Decimals;
import io.xgate.rest.ServerClock;
import io.xgate.venue.binance.BinanceSigner;
import io.xgate.venue.kraken.KrakenSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order API of one venue: request-reply on {@code xgate.order.<venue>} ({@link OrderRequest} in,
 * {@link OrderReport} back), and every outcome published on {@code xgate.order.events.<venue>}.
 *
 * <p>A new order passes the {@link RiskChecks} (against the mid of the venue's LIVE book, kept from its
 * {@code BookTop}s) and waits in the {@link OrderThrottle} for the venue's order limits, cancels first; then it
 * is signed ({@link BinanceSigner} with the venue's clock, or {@link KrakenSigner} with a fresh nonce) and sent.
 * The reply is normalized: ACCEPTED / FILLED / CANCELED with the venue's ids, REJECTED with the venue's code and
 * message (or the local rule that refused it, source LOCAL, nothing sent), or UNKNOWN when the venue did not
 * answer or answered 5xx: such an order may exist, and is never retried blindly. A 429 (Binance) or Kraken's
 * rate-limit error pauses every new order for the venue's {@code Retry-After}.
 *
 * <p>Secrets never reach a log or a reply: only their sources ({@code env BINANCE_API_SECRET}).
 */
public final class OrderVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderVerticle.class);
    private static final long RECV_WINDOW = 5_000;

    private final VenueConfig venue;
    private final ServerClock clock;
    private final boolean kraken;
    private final Map<String, long[]> mids = new HashMap<>();
    /** Open orders per symbol: the size of that symbol's share of {@link #live}. */
    private final Map<String, int[]> open = new HashMap<>();
    /** Orders that may rest at the venue, by client order id: from passing the risk checks until a final state. */
    private final Map<String, Live> live = new HashMap<>();

    /** An order that may rest: its symbol, when it was accepted (Kraken charges cancels by age), the venue's id. */
    private static final class Live {
        final String symbol;
        long placedAtMillis = System.currentTimeMillis();
        String venueId = "";

        Live(String symbol) {
            this.symbol = symbol;
        }
    }
    private BinanceSigner binanceSigner;
    private KrakenSigner krakenSigner;
    private String apiKey;
    private RiskChecks risk;
    private OrderThrottle throttle;
    private WebClient web;
    private long pausedUntil;
    private long drainTimer = -1;
    /** Requests sent and not answered yet; beyond the pool and its wait queue, the rest wait here, in order. */
    private int inFlight;
    private int maxInFlight;
    private final java.util.ArrayDeque<Runnable> overflow = new java.util.ArrayDeque<>();

    /** @param clock the venue's clock (signed Binance timestamps use the venue's time) */
    public OrderVerticle(VenueConfig venue, ServerClock clock) {
        this.venue = venue;
        this.clock = clock;
        this.kraken = "kraken".equals(venue.dialect());
    }

    @Override
    public Future<?> start() {
        VenueConfig.Credentials c = venue.credentials();
        if (c != null) {
            apiKey = new String(c.apiKey().reveal());
            if (kraken) {
                krakenSigner = new KrakenSigner(c.apiKey(), c.apiSecret());
            } else {
                binanceSigner = new BinanceSigner(c.apiKey(), c.apiSecret());
            }
        }
        risk = new RiskChecks(venue);
        throttle = new OrderThrottle(venue, System::nanoTime);
        VenueConfig.Rest r = venue.rest();
        boolean tls = "https".equals(r.url().getScheme());
        web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(r.url().getHost())
                .setDefaultPort(r.url().getPort() > 0 ? r.url().getPort() : tls ? 443 : 80).setSsl(tls)
                .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout((int) r.connectTimeout().toMillis())
                .setIdleTimeout((int) Math.max(1, r.idleTimeout().toSeconds())), new PoolOptions()
                .setHttp1MaxSize(r.poolSize()).setMaxWaitQueueSize(r.maxWaitQueue()));
        maxInFlight = Math.max(1, r.maxWaitQueue()); // even before any connection is up, all fit in the wait queue
        List<Future<?>> registered = new ArrayList<>();
        for (Instrument i : venue.instruments().values()) {
            long[] mid = {-1};
            mids.put(i.symbol(), mid);
            open.put(i.symbol(), new int[1]);
            registered.add(vertx.eventBus().<BookTop>localConsumer(Addresses.top(venue.id(), i.symbol()), m -> {
                BookTop t = m.body();
                mid[0] = t.syncState() == SyncState.LIVE && t.bidPrices().length > 0 && t.askPrices().length > 0
                        ? (t.bidPrices()[0] + t.askPrices()[0]) / 2 : -1;
            }).completion());
        }
        registered.add(vertx.eventBus().<OrderRequest>consumer(Addresses.orders(venue.id()), this::onRequest)
                .completion());
        LOG.info("venue {}: order API on {} ({})", venue.id(), Addresses.orders(venue.id()),
                c == null ? "no credentials: every order is refused" : "key from " + c.apiKey().source());
        return Future.all(registered);
    }

    private void onRequest(Message<OrderRequest> m) {
        OrderRequest r = m.body();
        Instrument i = venue.instruments().get(r.symbol());
        String bad = validate(r, i);
        if (bad != null) {
            local(m, r, "BAD_REQUEST", bad);
            return;
        }
        long now = System.currentTimeMillis();
        if (r.action() == OrderRequest.Action.PLACE && now < pausedUntil) {
            local(m, r, "RATE_LIMITED", venue.id() + " asked us to wait " + (pausedUntil - now)
                    + " ms more (rate limit, Retry-After); the order was not sent");
            return;
        }
        switch (r.action()) {
            case PLACE: {
                RiskChecks.Refusal refusal = risk.check(new RiskChecks.NewOrder(r.symbol(), r.side() == Side.BUY,
                        r.orderType() == OrderRequest.OrderType.MARKET, r.price(), r.quantity()),
                        mids.get(r.symbol())[0], open.get(r.symbol())[0]);
                if (refusal != null) {
                    local(m, r, refusal.rule().name(), refusal.message());
                    return;
                }
                track(r); // counted now, so a burst cannot pass maxOpenOrders
                throttle.place(i.venueSymbol(), () -> send(m, r, i));
                break;
            }
            case CANCEL: {
                Live o = live.get(r.clientOrderId());
                throttle.cancel(i.venueSymbol(), o == null ? 0 : now - o.placedAtMillis, () -> send(m, r, i));
                break;
            }
            default:
                send(m, r, i);
        }
        scheduleDrain();
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
        if (apiKey == null) {
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
        return null;
    }

    /** Sends now if the REST client has room, else after the requests ahead of it (in order). */
    private void send(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        long now = System.currentTimeMillis();
        if (r.action() == OrderRequest.Action.PLACE && now < pausedUntil) {
            // the venue said to wait (429, Retry-After): orders already queued wait with it, none goes out before
            vertx.setTimer(pausedUntil - now, id -> send(m, r, i));
            return;
        }
        if (inFlight >= maxInFlight) {
            overflow.addLast(() -> send(m, r, i));
            return;
        }
        inFlight++;
        sendNow(m, r, i);
    }

    /** Signs and sends one request; its reply (or its absence) becomes the report. */
    private void sendNow(Message<OrderRequest> m, OrderRequest r, Instrument i) {
        HttpRequest<Buffer> req;
        String body = "";
        if (kraken) {
            long nonce = krakenSigner.nextNonce();
            StringBuilder b = new StringBuilder("nonce=").append(nonce);
            String path;
            switch (r.action()) {
                case PLACE:
                    path = "/0/private/AddOrder";
                    b.append("&ordertype=").append(r.orderType() == OrderRequest.OrderType.LIMIT ? "limit" : "market")
                            .append("&type=").append(r.side() == Side.BUY ? "buy" : "sell")
                            .append("&volume=").append(Decimals.toString(r.quantity(), i.sizeScale()))
                            .append("&pair=").append(URLEncoder.encode(i.venueSymbol(), StandardCharsets.UTF_8));
                    if (r.orderType() == OrderRequest.OrderType.LIMIT) {
                        b.append("&price=").append(Decimals.toString(r.price(), i.priceScale()));
                    }
                    b.append("&cl_ord_id=").append(r.clientOrderId());
                    break;
                case CANCEL:
                    path = "/0/private/CancelOrder";
                    b.append(venueId(r) != null ? "&txid=" + venueId(r) : "&cl_ord_id=" + r.clientOrderId());
                    break;
                default:
                    path = "/0/private/QueryOrders";
                    b.append("&txid=").append(venueId(r) == null ? "" : venueId(r));
            }
            body = b.toString();
            req = web.post(base() + path).putHeader(KrakenSigner.API_KEY_HEADER, apiKey)
                    .putHeader(KrakenSigner.API_SIGN_HEADER, krakenSigner.sign(path, nonce, body));
        } else {
            StringBuilder q = new StringBuilder("symbol=").append(i.venueSymbol());
            HttpMethod method;
            switch (r.action()) {
                case PLACE:
                    method = HttpMethod.POST;
                    q.append("&side=").append(r.side() == Side.BUY ? "BUY" : "SELL").append("&type=")
                            .append(r.orderType() == OrderRequest.OrderType.LIMIT ? "LIMIT" : "MARKET");
                    if (r.orderType() == OrderRequest.OrderType.LIMIT) {
                        q.append("&timeInForce=").append(r.timeInForce().name())
                                .append("&price=").append(Decimals.toString(r.price(), i.priceScale()));
                    }
                    q.append("&quantity=").append(Decimals.toString(r.quantity(), i.sizeScale()))
                            .append("&newClientOrderId=").append(r.clientOrderId());
                    break;
                case CANCEL:
                    method = HttpMethod.DELETE;
                    q.append(venueId(r) != null ? "&orderId=" + venueId(r) : "&origClientOrderId=" + r.clientOrderId());
                    break;
                default:
                    method = HttpMethod.GET;
                    q.append(venueId(r) != null ? "&orderId=" + venueId(r) : "&origClientOrderId=" + r.clientOrderId());
            }
            q.append("&recvWindow=").append(RECV_WINDOW).append("&timestamp=").append(clock.venueNowMillis());
            String signature = binanceSigner.sign(q);
            if (method == HttpMethod.POST) {
                body = q + "&signature=" + signature;
                req = web.request(method, base() + "/api/v3/order");
            } else {
                req = web.request(method, base() + "/api/v3/order?" + q + "&signature=" + signature);
            }
            req.putHeader(BinanceSigner.API_KEY_HEADER, apiKey);
        }
        req.putHeader("Content-Type", "application/x-www-form-urlencoded")
                .timeout(venue.rest().requestTimeout().toMillis())
                .sendBuffer(Buffer.buffer(body)).onComplete(ar -> {
                    inFlight--;
                    OrderReport report;
                    if (ar.failed() && notSent(ar.cause())) {
                        report = report(r, "", OrderReport.Status.REJECTED, OrderReport.Source.LOCAL, "NOT_SENT",
                                "could not reach " + venue.id() + " (" + ar.cause().getMessage() + "); nothing was sent",
                                0, 0);
                    } else if (ar.failed()) {
                        report = report(r, "", OrderReport.Status.UNKNOWN, OrderReport.Source.VENUE, "NO_ANSWER",
                                venue.id() + " did not answer (" + ar.cause().getMessage() + "); the order may or may "
                                        + "not exist: query it, it is not retried", 0, 0);
                    } else {
                        report = kraken ? kraken(r, i, ar.result()) : binance(r, i, ar.result());
                    }
                    settle(m, r, report);
                    Runnable next = overflow.pollFirst();
                    if (next != null) {
                        next.run();
                    }
                });
    }

    /** Whether a failure happened before the request left: then the venue certainly never saw it. */
    private static boolean notSent(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        return e instanceof java.net.ConnectException || msg.contains("max wait queue") || msg.contains("Connection refused");
    }

    private String base() {
        String p = venue.rest().url().getPath();
        return p == null || p.equals("/") ? "" : p;
    }

    private String venueId(OrderRequest r) {
        if (!r.venueOrderId().isEmpty()) {
            return r.venueOrderId();
        }
        Live o = live.get(r.clientOrderId());
        return o == null || o.venueId.isEmpty() ? null : o.venueId;
    }

    private OrderReport binance(OrderRequest r, Instrument i, HttpResponse<Buffer> resp) {
        int status = resp.statusCode();
        JsonObject body;
        try {
            body = resp.body() == null ? new JsonObject() : resp.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = new JsonObject();
        }
        if (status == 200) {
            String venueId = String.valueOf(body.getValue("orderId", ""));
            long filled = Decimals.parse(body.getString("executedQty", "0"), i.sizeScale());
            long avg = 0;
            JsonArray fills = body.getJsonArray("fills", new JsonArray());
            if (!fills.isEmpty()) {
                avg = Decimals.parse(fills.getJsonObject(0).getString("price", "0"), i.priceScale());
            }
            OrderReport.Status s = switch (body.getString("status", "")) {
                case "FILLED" -> OrderReport.Status.FILLED;
                case "PARTIALLY_FILLED" -> OrderReport.Status.PARTIALLY_FILLED;
                case "CANCELED" -> OrderReport.Status.CANCELED;
                case "EXPIRED" -> OrderReport.Status.EXPIRED;
                case "REJECTED" -> OrderReport.Status.REJECTED;
                default -> OrderReport.Status.ACCEPTED;
            };
            return report(r, venueId, s, OrderReport.Source.VENUE, "", body.getString("status", ""), filled, avg);
        }
        String code = String.valueOf(body.getValue("code", status));
        String msg = body.getString("msg", resp.statusMessage());
        if (status == 429 || status == 418) {
            long retry = retryAfterMillis(resp.getHeader("Retry-After"));
            pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + retry);
            LOG.warn("venue {}: {} on an order: no new order goes out for {} ms: {}", venue.id(), status, retry, msg);
            return report(r, "", OrderReport.Status.REJECTED, OrderReport.Source.VENUE, code, msg + " (HTTP " + status
                    + ": nothing more is sent for " + retry + " ms, as the venue asks)", 0, 0);
        }
        if (status >= 500) {
            return report(r, "", OrderReport.Status.UNKNOWN, OrderReport.Source.VENUE, code, "HTTP " + status + ": "
                    + msg + "; the order may or may not exist: query it, it is not retried", 0, 0);
        }
        return report(r, "", OrderReport.Status.REJECTED, OrderReport.Source.VENUE, code, msg, 0, 0);
    }

    private OrderReport kraken(OrderRequest r, Instrument i, HttpResponse<Buffer> resp) {
        if (resp.statusCode() >= 500) {
            return report(r, "", OrderReport.Status.UNKNOWN, OrderReport.Source.VENUE, String.valueOf(resp.statusCode()),
                    "HTTP " + resp.statusCode() + "; the order may or may not exist: query it, it is not retried", 0, 0);
        }
        JsonObject body;
        try {
            body = resp.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return report(r, "", OrderReport.Status.UNKNOWN, OrderReport.Source.VENUE, "BAD_ANSWER",
                    "unreadable answer (HTTP " + resp.statusCode() + "); query the order", 0, 0);
        }
        JsonArray errors = body.getJsonArray("error", new JsonArray());
        if (!errors.isEmpty()) {
            String e = errors.getString(0);
            if (e.contains("Rate limit")) {
                pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + 1_000);
                LOG.warn("venue {}: {} on an order: no new order goes out for 1000 ms", venue.id(), e);
            }
            return report(r, "", OrderReport.Status.REJECTED, OrderReport.Source.VENUE, e, String.join("; ",
                    errors.stream().map(String::valueOf).toList()), 0, 0);
        }
        JsonObject result = body.getJsonObject("result", new JsonObject());
        switch (r.action()) {
            case PLACE: {
                JsonArray txid = result.getJsonArray("txid", new JsonArray());
                return report(r, txid.isEmpty() ? "" : txid.getString(0), OrderReport.Status.ACCEPTED,
                        OrderReport.Source.VENUE, "", result.getJsonObject("descr", new JsonObject()).getString("order",
                                ""), 0, 0);
            }
            case CANCEL:
                return report(r, venueId(r) == null ? "" : venueId(r), result.getInteger("count", 0) > 0
                        ? OrderReport.Status.CANCELED : OrderReport.Status.REJECTED, OrderReport.Source.VENUE, "",
                        "count " + result.getInteger("count", 0), 0, 0);
            default: {
                String id = result.fieldNames().stream().findFirst().orElse("");
                JsonObject o = result.getJsonObject(id, new JsonObject());
                OrderReport.Status s = switch (o.getString("status", "")) {
                    case "closed" -> OrderReport.Status.FILLED;
                    case "canceled" -> OrderReport.Status.CANCELED;
                    case "expired" -> OrderReport.Status.EXPIRED;
                    default -> OrderReport.Status.ACCEPTED;
                };
                return report(r, id, s, OrderReport.Source.VENUE, "", o.getString("status", ""),
                        Decimals.parse(o.getString("vol_exec", "0"), i.sizeScale()),
                        Decimals.parse(o.getString("price", "0"), i.priceScale()));
            }
        }
    }

    private void track(OrderRequest r) {
        if (live.put(r.clientOrderId(), new Live(r.symbol())) == null) {
            open.get(r.symbol())[0]++;
        }
    }

    private void untrack(String clientOrderId) {
        Live o = live.remove(clientOrderId);
        if (o != null) {
            open.get(o.symbol)[0]--;
        }
    }

    /**
     * Books the outcome, publishes it and replies. An order stays tracked while it may rest at the venue (accepted,
     * partly filled, or unknown); a final state (rejected, filled, canceled, expired) ends it, whichever request
     * (place, cancel or query) learned it.
     */
    private void settle(Message<OrderRequest> m, OrderRequest r, OrderReport report) {
        switch (report.status()) {
            case ACCEPTED, PARTIALLY_FILLED -> {
                Live o = live.get(r.clientOrderId());
                if (o != null && r.action() == OrderRequest.Action.PLACE) {
                    o.placedAtMillis = System.currentTimeMillis();
                    o.venueId = report.venueOrderId();
                }
            }
            case UNKNOWN -> {
                // it may exist: it stays counted against maxOpenOrders until a query or cancel tells
            }
            case REJECTED -> {
                if (r.action() == OrderRequest.Action.PLACE) {
                    untrack(r.clientOrderId());
                }
            }
            default -> untrack(r.clientOrderId()); // filled, canceled, expired: it no longer rests
        }
        if (report.status() == OrderReport.Status.REJECTED || report.status() == OrderReport.Status.UNKNOWN) {
            LOG.info("venue {} order {} {}: {} {} {}", venue.id(), r.clientOrderId(), r.action(), report.status(),
                    report.code(), report.message());
        }
        vertx.eventBus().publish(Addresses.orderEvents(venue.id()), report);
        m.reply(report);
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

    private static long retryAfterMillis(String header) {
        try {
            return header == null ? 1_000 : Math.max(1, Long.parseLong(header.trim())) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }
}
