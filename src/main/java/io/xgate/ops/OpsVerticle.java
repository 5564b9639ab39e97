package io.xgate.ops;

import io.xgate.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.num.Decimals;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees: the periodic one-line status log and, if {@code admin.enabled}, the read-only admin HTTP
 * API (Vert.x Web). Its view of the gateway is built from the public events (venue status, opportunities) and the
 * metrics registry, so it works the same on a node that runs no venue itself. Books are read on request through
 * the book verticles' query address.
 *
 * <p>Endpoints (see the README, "Admin API"): {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * {@code /api/venues}, {@code /api/books/{venue}/{symbol}?depth=N}, {@code /api/opportunities}, and the
 * analytics series ({@link AnalyticsEndpoints}: {@code /api/candles/...}, {@code /api/indicators/...}). Errors are JSON
 * {@code {"error": "...", "status": N}}, the decoder's own (414, 431, 400, 501) included; HEAD is answered as GET;
 * {@code admin.token} guards all but {@code /health/*}. Deployed on its own event loop ({@link OwnEventLoop}).
 */
public final class OpsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);
    private static final String JSON = "application/json";
    /** The largest {@code depth} a book request may ask for. */
    static final int MAX_DEPTH = 5_000;

    private final GatewayConfig config;
    private final Metrics metrics;
    private final Map<String, VenueConfig> venues = new LinkedHashMap<>();
    private final Map<String, VenueStatus> statuses = new LinkedHashMap<>();
    /** Per venue, {@code System.nanoTime()} of its last status (they come at least every heartbeat). */
    private final Map<String, long[]> lastStatus = new LinkedHashMap<>();
    /** A venue whose status has not come for this long is reported lost (its node may be gone). */
    static final long STATUS_LOST_NANOS = 3 * io.xgate.venue.VenueVerticle.STATUS_HEARTBEAT_MILLIS * 1_000_000;
    private final Map<Long, Opportunity> open = new LinkedHashMap<>();
    private final ArrayDeque<Opportunity> closed = new ArrayDeque<>();
    private long found;
    private final Map<String, long[]> lastMessages = new LinkedHashMap<>();
    private long lastStatusNanos;
    private HttpServer server;
    private AdminConnections connections;
    /** Book queries in flight, by venue and symbol: concurrent requests for one book share one answer. */
    private final Map<String, Future<Message<BookUpdate>>> bookQueries = new java.util.HashMap<>();
    private final AnalyticsEndpoints analytics;
    /** Drops statuses of a venue's old leaders (high availability). */
    private final io.xgate.cluster.EpochFence fence = new io.xgate.cluster.EpochFence();
    /** The statuses of the venues this node runs, from its own venue verticles (readiness: leader or standby). */
    private final Map<String, VenueStatus> localStatuses = new LinkedHashMap<>();
    /** Per venue, per standby node: its last status and when it came. */
    private final Map<String, Map<String, Heard>> standbys = new LinkedHashMap<>();
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;

    /** A standby's last status and when it came ({@code System.nanoTime()}). */
    private record Heard(VenueStatus status, long nanos) {
    }

    /** This node's roles, for {@code /api/venues} (call before deployment). */
    public void leadership(io.xgate.cluster.Leadership leadership) {
        this.leadership = leadership;
    }

    /** Why the journal does not record, or {@code null}: in {@code /health/ready}'s reason. */
    private java.util.function.Supplier<String> journalProblem = () -> null;

    /**
     * @param config  the gateway configuration
     * @param metrics the registry {@code /metrics} exposes
     */
    public OpsVerticle(GatewayConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        config.venues().forEach(v -> venues.put(v.id(), v));
        this.analytics = new AnalyticsEndpoints(config);
    }

    /** Where {@code /health/ready} learns whether the journal records (call before deployment). */
    public void journalProblem(java.util.function.Supplier<String> problem) {
        this.journalProblem = problem;
    }

    /** The admin API's bound port (useful when configured as 0), or -1 if it is not enabled. */
    public int adminPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> start() {
        List<Future<?>> ready = new ArrayList<>();
        io.micrometer.core.instrument.FunctionCounter.builder("xgate.ha.fenced", fence,
                io.xgate.cluster.EpochFence::dropped).tag("consumer", "admin")
                .description("Events dropped because an old venue leader published them").register(metrics.registry());
        for (String v : venues.keySet()) {
            lastStatus.put(v, new long[] {0});
            ready.add(vertx.eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                if (!fence.accept(m.body())) {
                    return; // an old leader's
                }
                statuses.put(m.body().venue(), m.body());
                lastStatus.get(m.body().venue())[0] = System.nanoTime();
            }).completion());
            standbys.put(v, new LinkedHashMap<>());
            ready.add(vertx.eventBus().<VenueStatus>consumer(Addresses.standby(v), m -> {
                Map<String, Heard> of = standbys.get(v);
                if (of.size() < 16 || of.containsKey(m.body().node())) {
                    of.put(m.body().node(), new Heard(m.body(), System.nanoTime()));
                }
            }).completion());
            if (config.node().venues().contains(v)) {
                ready.add(vertx.eventBus().<VenueStatus>localConsumer(Addresses.localStatus(v),
                        m -> localStatuses.put(v, m.body())).completion());
            }
            lastMessages.put(v, new long[] {0});
        }
        ready.add(vertx.eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> onOpportunity(m.body()))
                .completion());
        ready.addAll(analytics.subscribe(vertx));
        lastStatusNanos = System.nanoTime();
        vertx.setPeriodic(config.statusInterval().toMillis(), id -> LOG.info(statusLine()));
        if (config.admin().enabled()) {
            connections = new AdminConnections(vertx, config.admin(), metrics.registry());
            Router router = router();
            server = vertx.createHttpServer(serverOptions(config.admin()))
                    .connectionHandler(connections)
                    .invalidRequestHandler(OpsVerticle::invalidRequest);
            ready.add(server.requestHandler(req -> {
                connections.requestArrived(req);
                router.handle(req);
            }).listen().onSuccess(s -> LOG.info("admin API on http://{}:{}/ "
                    + "(health/ready, metrics, api/venues, api/books/{venue}/{symbol}, api/opportunities, "
                    + "api/candles/{venue}/{symbol}, api/indicators/{venue}/{symbol})",
                    config.admin().host(), s.actualPort())).recover(e -> Future.failedFuture(new IllegalStateException(
                    "admin API cannot listen on " + config.admin().host() + ":" + config.admin().port() + " ("
                            + e.getMessage() + "); free the port or set admin.port in " + config.file(), e))));
        }
        return Future.all(ready);
    }

    private void onOpportunity(Opportunity o) {
        if (o.phase() == Opportunity.Phase.CLOSE) {
            open.remove(o.id());
            if (config.arbitrage().closedHistory() > 0) {
                if (closed.size() == config.arbitrage().closedHistory()) {
                    closed.removeFirst();
                }
                closed.addLast(o);
            }
        } else {
            if (o.phase() == Opportunity.Phase.OPEN) {
                found++;
            }
            open.put(o.id(), o);
        }
    }

    /** One line: per venue its connection, LIVE symbols, messages per second and resyncs; then opportunities. */
    String statusLine() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastStatusNanos) / 1e9);
        lastStatusNanos = now;
        StringBuilder b = new StringBuilder("status:");
        for (String v : venues.keySet()) {
            VenueStatus s = statuses.get(v);
            long messages = metrics.venue(v).messages();
            long[] last = lastMessages.get(v);
            double rate = (messages - last[0]) / seconds;
            last[0] = messages;
            b.append(' ').append(v).append(' ');
            String lost = lost(v);
            if (s == null) {
                b.append("STARTING");
            } else if (lost != null) {
                b.append("LOST (").append(lost).append(')');
            } else {
                long live = s.symbols().stream().filter(x -> x.state() == SyncState.LIVE).count();
                long resyncs = s.symbols().stream().mapToLong(VenueStatus.SymbolStatus::resyncs).sum();
                b.append(s.connection()).append(' ').append(live).append('/').append(s.symbols().size())
                        .append(" LIVE ").append(Math.round(rate)).append(" msg/s ").append(resyncs)
                        .append(resyncs == 1 ? " resync" : " resyncs");
            }
            b.append(" |");
        }
        b.append(" opportunities: ").append(open.size()).append(" open, ").append(found).append(" found");
        return b.toString();
    }

    /** Why a venue's status is lost, or {@code null} if it is current. */
    private String lost(String venue) {
        long last = lastStatus.get(venue)[0];
        if (last == 0) {
            return null;
        }
        long age = System.nanoTime() - last;
        return age > STATUS_LOST_NANOS ? "no status for " + age / 1_000_000 + " ms: its node may be gone" : null;
    }

    /**
     * The server's limits: {@code admin.idleTimeout}, {@code maxUrlLength} (Netty's initial-line limit),
     * {@code maxHeaderSize}; no HTTP/2 over cleartext, whose streams would bypass the HTTP/1 limits.
     */
    static HttpServerOptions serverOptions(GatewayConfig.Admin a) {
        return new HttpServerOptions().setHost(a.host()).setPort(a.port())
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, a.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(a.maxUrlLength()).setMaxHeaderSize(a.maxHeaderSize())
                .setHttp2ClearTextEnabled(false);
    }

    /**
     * A request Netty's decoder refused (line or headers too long, malformed): the JSON error, then the connection
     * is closed (the rest of its bytes cannot be trusted to frame requests).
     */
    private static void invalidRequest(io.vertx.core.http.HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            status = 414;
            message = "request line too long: at most admin.maxUrlLength bytes";
        } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            status = 431;
            message = "request headers too large: at most admin.maxHeaderSize bytes";
        } else {
            status = 400;
            message = "malformed request" + (cause == null || cause.getMessage() == null ? ""
                    : ": " + cause.getMessage());
        }
        req.response().setStatusCode(status).putHeader("Content-Type", JSON).putHeader("Connection", "close")
                .end(new JsonObject().put("error", message).put("status", status).encodePrettily())
                .onComplete(x -> req.connection().close());
    }

    /**
     * The admin router. Its first handlers: {@code HEAD} answered as {@code GET} wherever {@code GET} is (rerouted;
     * Vert.x sends a HEAD response's headers without its body), any other method 405, then {@code admin.token}.
     * Further pages mount here, before the final 404.
     */
    private Router router() {
        Router r = Router.router(vertx);
        if (connections != null) {
            r.route().handler(connections::rearmWhenAnswered);
        }
        if (config.admin().token() != null) {
            // first: the dashboard, its assets and its event-bus bridge are behind the token too (a browser carries it
            // as a cookie, set by opening /?token=...)
            r.route().handler(new AdminAuth(config.admin().token()));
        }
        Dashboard.mount(r, vertx, config, metrics); // GET /, its assets and the SockJS bridge (before the GET filter:
                                                    // SockJS's fallback transports POST)
        r.route().handler(ctx -> {
            if (ctx.request().method() == HttpMethod.HEAD) {
                ctx.reroute(HttpMethod.GET, ctx.request().uri());
            } else if (ctx.request().method() == HttpMethod.GET) {
                ctx.next();
            } else {
                ctx.response().putHeader("Allow", "GET, HEAD");
                error(ctx, 405, "method " + ctx.request().method() + " not allowed: the admin API is read-only (GET)");
            }
        });
        r.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        r.get("/health/ready").handler(this::ready);
        r.get("/metrics").handler(this::prometheus);
        r.get("/api/venues").handler(ctx -> json(ctx, 200, new JsonObject().put("venues", venuesJson())));
        r.get("/api/books/:venue/:symbol").handler(this::book);
        r.get("/api/opportunities").handler(this::opportunities);
        analytics.routes(r);
        r.route().last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
                + ctx.request().path() + "; see /api/venues, /api/books/{venue}/{symbol}, /api/opportunities, "
                + "/api/candles/{venue}/{symbol}, /api/indicators/{venue}/{symbol}, /health/live, /health/ready, "
                + "/metrics"));
        r.route().failureHandler(ctx -> {
            int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (ctx.failure() != null) {
                LOG.warn("admin API: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            error(ctx, code, "internal error: " + (ctx.failure() == null ? "status " + code
                    : ctx.failure().getMessage()));
        });
        return r;
    }

    private void ready(RoutingContext ctx) {
        List<String> problems = new ArrayList<>();
        for (String v : venues.keySet()) {
            // a venue this node runs by its own connection and books (a LIVE standby is ready), another by the cluster
            boolean local = config.node().venues().contains(v);
            VenueStatus s = local ? localStatuses.get(v) : statuses.get(v);
            String lost = local ? null : lost(v);
            if (s == null) {
                problems.add(v + ": no status yet");
            } else if (lost != null) {
                problems.add(v + ": " + lost);
            } else if (s.connection() != VenueStatus.Connection.CONNECTED) {
                problems.add(v + ": " + s.connection() + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")"));
            } else if (s.symbols().stream().noneMatch(x -> x.state() == SyncState.LIVE)) {
                problems.add(v + ": connected, but no symbol is LIVE yet");
            }
        }
        JsonObject body = new JsonObject().put("status", problems.isEmpty() ? "UP" : "DOWN");
        // a journal that stopped recording is said, but does not take the node out of service: market data flows
        String journal = journalProblem.get();
        if (journal != null) {
            problems.add("journal: " + journal);
            body.put("journal", new JsonObject().put("recording", false).put("error", journal));
        }
        if (!problems.isEmpty()) {
            body.put("reason", String.join("; ", problems));
        }
        json(ctx, problems.isEmpty() ? 200 : 503, body);
    }

    private void prometheus(RoutingContext ctx) {
        String text = metrics.scrape();
        if (text == null) {
            error(ctx, 503, "metrics are kept in memory only in this process (not a Prometheus registry)");
            return;
        }
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        end(ctx, io.vertx.core.buffer.Buffer.buffer(text));
    }

    private JsonArray venuesJson() {
        JsonArray out = new JsonArray();
        for (VenueConfig v : venues.values()) {
            VenueStatus s = statuses.get(v.id());
            Metrics.Venue m = metrics.venue(v.id());
            JsonArray symbols = new JsonArray();
            if (s != null) {
                for (VenueStatus.SymbolStatus ss : s.symbols()) {
                    symbols.add(new JsonObject().put("symbol", ss.symbol()).put("state", ss.state().name())
                            .put("resyncs", ss.resyncs()).put("reason", ss.reason())
                            .put("cause", ss.cause()));
                }
            }
            out.add(new JsonObject().put("venue", v.id()).put("dialect", v.dialect())
                    .put("connection", s == null ? "STARTING" : lost(v.id()) != null ? "LOST" : s.connection().name())
                    .put("reason", s == null ? "" : lost(v.id()) != null ? lost(v.id()) : s.reason())
                    .put("symbols", symbols)
                    .put("leader", s == null || s.role() == VenueStatus.Role.NONE ? null : new JsonObject()
                            .put("node", s.node()).put("epoch", s.epoch()))
                    .put("standbys", standbysJson(v.id()))
                    .put("sharedBudgets", sharedBudgetsJson(v.id()))
                    .put("thisNode", !leadership.role(v.id()).elected() ? null
                            : new JsonObject().put("node", leadership.nodeId())
                                    .put("role", leadership.role(v.id()).leader() ? "LEADER" : "STANDBY"))
                    .put("clock", m.clock() == null || !m.clock().known() ? null : new JsonObject()
                            .put("offsetMs", m.clock().offsetMillis()).put("rttMs", m.clock().rttMillis()))
                    .put("counters", new JsonObject().put("messages", m.messages()).put("bytes", m.bytes())
                            .put("badFrames", m.badFrames())
                            .put("resyncs", s == null ? 0 : s.symbols().stream()
                                    .mapToLong(VenueStatus.SymbolStatus::resyncs).sum())));
        }
        return out;
    }

    /**
     * Per cluster-scoped limit class of a venue this node runs: {@code "shared"} while it draws on the cluster's
     * bucket, {@code "local share"} while the store is unreachable; {@code null} when there is none (not clustered).
     */
    private JsonObject sharedBudgetsJson(String venue) {
        JsonObject out = new JsonObject();
        for (io.micrometer.core.instrument.Gauge g : metrics.registry().find("xgate.rate.budget.shared")
                .tag("venue", venue).gauges()) {
            out.put(g.getId().getTag("class"), g.value() >= 1 ? "shared" : "local share");
        }
        return out.isEmpty() ? null : out;
    }

    /** The standbys heard from recently (within the lost-status time), with their own state. */
    private JsonArray standbysJson(String venue) {
        JsonArray out = new JsonArray();
        long now = System.nanoTime();
        Map<String, Heard> of = standbys.get(venue);
        of.values().removeIf(h -> now - h.nanos() > STATUS_LOST_NANOS);
        for (Heard h : of.values()) {
            VenueStatus s = h.status();
            if (statuses.get(venue) != null && s.node().equals(statuses.get(venue).node())) {
                continue; // it has since become the leader
            }
            out.add(new JsonObject().put("node", s.node()).put("connection", s.connection().name())
                    .put("live", s.symbols().stream().filter(x -> x.state() == SyncState.LIVE).count())
                    .put("symbols", s.symbols().size()).put("ageMs", (now - h.nanos()) / 1_000_000));
        }
        return out;
    }

    private void book(RoutingContext ctx) {
        String venue = ctx.pathParam("venue");
        String symbol = ctx.pathParam("symbol");
        VenueConfig v = venues.get(venue);
        if (v == null) {
            error(ctx, 404, "unknown venue '" + venue + "'; venues: " + venues.keySet());
            return;
        }
        if (!v.instruments().containsKey(symbol)) {
            error(ctx, 404, "venue " + venue + " has no symbol '" + symbol + "'; its symbols: "
                    + v.instruments().keySet());
            return;
        }
        int depth = 10;
        String d = ctx.queryParams().get("depth");
        if (d != null) {
            try {
                depth = Integer.parseInt(d);
            } catch (NumberFormatException e) {
                depth = -1;
            }
            if (depth < 1 || depth > MAX_DEPTH) {
                error(ctx, 400, "depth must be a whole number from 1 to " + MAX_DEPTH + ", not '" + d + "'");
                return;
            }
        }
        int n = depth;
        // one query per book at a time, however many clients ask: a flood of book requests costs the book's
        // verticle (on its venue's event loop) one snapshot per round trip, not one per request
        String key = venue + ' ' + symbol;
        Future<Message<BookUpdate>> query = bookQueries.get(key);
        if (query == null) {
            query = vertx.eventBus().<BookUpdate>request(Addresses.bookQuery(venue, symbol), "",
                    new DeliveryOptions().setSendTimeout(2_000)).andThen(ar -> bookQueries.remove(key));
            bookQueries.put(key, query);
        }
        query.onComplete(ar -> {
                    if (ar.failed()) {
                        error(ctx, 503, "the book of " + venue + " " + symbol + " did not answer: "
                                + ar.cause().getMessage());
                    } else {
                        json(ctx, 200, bookJson(ar.result(), n));
                    }
                });
    }

    private static JsonObject bookJson(Message<BookUpdate> reply, int depth) {
        BookUpdate b = reply.body();
        return new JsonObject().put("venue", b.venue()).put("symbol", b.symbol())
                .put("syncState", reply.headers().get("syncState")).put("venueSeq", b.venueSeq())
                .put("venueTime", time(b.venueTsNanos())).put("receiveTime", time(b.receiveTsNanos()))
                .put("bids", levels(b.bidPrices(), b.bidSizes(), depth, b.priceScale(), b.sizeScale()))
                .put("asks", levels(b.askPrices(), b.askSizes(), depth, b.priceScale(), b.sizeScale()));
    }

    private static JsonArray levels(long[] prices, long[] sizes, int depth, int ps, int ss) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < Math.min(depth, prices.length); i++) {
            out.add(new JsonArray().add(Decimals.toString(prices[i], ps)).add(Decimals.toString(sizes[i], ss)));
        }
        return out;
    }

    private void opportunities(RoutingContext ctx) {
        JsonArray o = new JsonArray();
        open.values().forEach(x -> o.add(opportunityJson(x)));
        JsonArray c = new JsonArray();
        for (Iterator<Opportunity> it = closed.descendingIterator(); it.hasNext(); ) {
            c.add(opportunityJson(it.next()));
        }
        json(ctx, 200, new JsonObject().put("found", found).put("open", o).put("recentlyClosed", c));
    }

    static JsonObject opportunityJson(Opportunity o) {
        return new JsonObject().put("id", o.id()).put("phase", o.phase().name()).put("symbol", o.symbol())
                .put("buyVenue", o.buyVenue()).put("sellVenue", o.sellVenue())
                .put("quantity", Decimals.toStrippedString(o.quantity(), o.sizeScale()))
                .put("buyPrice", Decimals.toStrippedString(o.buyPrice(), o.priceScale()))
                .put("sellPrice", Decimals.toStrippedString(o.sellPrice(), o.priceScale()))
                .put("grossEdgeBps", round(o.grossEdgeBps())).put("netEdgeBps", round(o.netEdgeBps()))
                .put("expectedProfit", round(o.expectedProfit())).put("slippageBps", round(o.slippageBps()))
                .put("openedAt", time(o.openedTsNanos())).put("lifetimeMs", o.lifetimeNanos() / 1_000_000);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static String time(long epochNanos) {
        return epochNanos == 0 ? null : Instant.ofEpochSecond(0, epochNanos).toString();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON);
        end(ctx, io.vertx.core.buffer.Buffer.buffer(body.encodePrettily()));
    }

    /** Ends with {@code body} and its Content-Length, which a HEAD answer carries too (without the body). */
    static void end(RoutingContext ctx, io.vertx.core.buffer.Buffer body) {
        ctx.response().putHeader("Content-Length", Integer.toString(body.length())).end(body);
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message).put("status", status));
    }
}
