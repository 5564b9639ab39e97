package io.xgate.sim.binance;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import io.xgate.sim.SimVenue;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.LevelChanges;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.RequestWeight;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimOrders;
import io.xgate.sim.market.SimTrade;
import io.xgate.sim.market.SimulatedInstrument;
import io.xgate.sim.market.VenueListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One simulated Binance Spot venue on loopback, speaking the documented wire format (protocol reference 1.1,
 * 1.2, 1.4): combined streams ({@code /stream?streams=btcusdt@depth@100ms/...}) and raw streams
 * ({@code /ws/...}), {@code SUBSCRIBE}/{@code UNSUBSCRIBE} with their replies, {@code depthUpdate} events with
 * {@code U}/{@code u} update ids, {@code bookTicker}, {@code trade}, {@code serverShutdown}, and REST
 * ({@code depth}, {@code exchangeInfo}, {@code time}, {@code ping}, {@code order}) where every request counts its
 * documented weight against one per-minute budget reported in {@code X-MBX-USED-WEIGHT-1M} on every response.
 *
 * <p>Runs on the simulator's context.
 */
final class BinanceSimServer implements SimVenue {

    /** REQUEST_WEIGHT per minute reported in {@code exchangeInfo} when no limit is enforced (Binance's example). */
    private static final long DOCUMENTED_WEIGHT_LIMIT = 6000;
    /** Frames a broken venue or proxy might send instead of a {@code depthUpdate}. */
    /** The keys that chain Binance's diff stream and tie a bookTicker to it (see {@link io.xgate.sim.market.FrameTap}). */
    private static final Set<String> SEQUENCE = Set.of("U", "u");
    private static final List<String> MALFORMED = List.of("{\"e\":\"depthUpdate\",\"E\":", "not json at all",
            "{\"unexpected\":[{\"symbol\":42}]}");

    private final io.vertx.core.Vertx vertx;
    private final String venue;
    /** Upper-case venue symbol to book. */
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final String firstSymbol;
    private final List<Client> clients = new ArrayList<>();
    private final FaultInjector faults;
    private final VenueListener listener;
    private final BinanceSimOrderApi orderApi;
    private final RequestWeight weight = new RequestWeight();
    /** The same weight per client: its {@code X-Xgate-Client} header, else its address (the venue's IP). */
    private final java.util.Map<String, RequestWeight> weightByClient = new java.util.HashMap<>();
    private final java.util.Map<String, Long> totalByClient = new java.util.HashMap<>();
    private long snapshotRequests;
    /** Until when the last 429/418 asked clients to stay away (epoch ms). */
    private long retryAfterUntil;

    /** A connected WebSocket and the streams it follows. */
    private static final class Client {
        final ServerWebSocket ws;
        final boolean combined;
        final Set<String> streams = new HashSet<>();

        Client(ServerWebSocket ws, boolean combined) {
            this.ws = ws;
            this.combined = combined;
        }
    }

    /** The touch last sent on a {@code bookTicker}. */
    private record Touch(long bid, long bidQty, long ask, long askQty) {
    }

    BinanceSimServer(SimVenue.Setup setup) {
        this.vertx = setup.vertx();
        this.venue = setup.venue().id();
        this.faults = setup.faults();
        for (SimBook b : setup.books()) {
            books.put(b.instrument().venueSymbol().toUpperCase(Locale.ROOT), b);
        }
        this.firstSymbol = setup.books().get(0).instrument().symbol();
        long perSecond = setup.venue().rateLimits().stream().filter(l -> l.name().equals("ORDERS")
                && l.interval().equals(Duration.ofSeconds(1))).mapToLong(VenueConfig.RateLimit::limit)
                .findFirst().orElse(10);
        this.listener = new VenueListener(setup.vertx(), venue, "binance", faults);
        this.orderApi = new BinanceSimOrderApi(books, faults, setup.account(), perSecond, this::json);
    }

    @Override
    public Future<?> start(String host, int port) {
        return listener.start(host, port, path -> path.startsWith("/stream") || path.startsWith("/ws"),
                this::connected, this::rest);
    }

    @Override
    public Future<Void> close() {
        return listener.close();
    }

    @Override
    public long snapshotRequests() {
        return snapshotRequests;
    }

    @Override
    public long usedWeight() {
        return weight.used(System.currentTimeMillis());
    }

    @Override
    public long maxUsedWeight() {
        return weight.max();
    }

    @Override
    public java.util.Map<String, ClientWeight> weightByClient() {
        java.util.Map<String, ClientWeight> out = new java.util.TreeMap<>();
        weightByClient.forEach((c, w) -> out.put(c, new ClientWeight(w.max(), totalByClient.get(c))));
        return out;
    }

    @Override
    public OrderCounts orderCounts() {
        return orderApi.counts();
    }

    @Override
    public boolean drivable() {
        return true;
    }

    private void connected(ServerWebSocket ws) {
        boolean combined = ws.path().startsWith("/stream");
        Client c = new Client(ws, combined);
        String query = ws.query();
        if (query != null && query.startsWith("streams=")) {
            for (String s : query.substring("streams=".length()).split("/")) {
                c.streams.add(s);
            }
        } else if (!combined && ws.path().length() > 4) {
            for (String s : ws.path().substring(4).split("/")) {
                c.streams.add(s);
            }
        }
        clients.add(c);
        ws.textMessageHandler(text -> control(c, text));
        ws.closeHandler(v -> clients.remove(c));
        ws.exceptionHandler(e -> clients.remove(c));
    }

    private void control(Client c, String text) {
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (RuntimeException e) {
            c.ws.writeTextMessage("{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}");
            return;
        }
        Object id = req.getValue("id");
        String method = req.getString("method");
        JsonArray params = req.getJsonArray("params", new JsonArray());
        if ("SUBSCRIBE".equals(method) || "UNSUBSCRIBE".equals(method)) {
            for (Object p : params) {
                if ("SUBSCRIBE".equals(method)) {
                    c.streams.add(String.valueOf(p));
                } else {
                    c.streams.remove(String.valueOf(p));
                }
            }
            c.ws.writeTextMessage(new JsonObject().putNull("result").put("id", id).encode());
        } else if ("LIST_SUBSCRIPTIONS".equals(method)) {
            c.ws.writeTextMessage(new JsonObject().put("result", new JsonArray(new ArrayList<>(c.streams)))
                    .put("id", id).encode());
        } else {
            c.ws.writeTextMessage(new JsonObject().put("code", 2)
                    .put("msg", "Invalid request: unknown variant `" + method + "`").put("id", id).encode());
        }
    }

    /** Per book, the touch last sent on {@code bookTicker}. */
    private final Map<String, Touch> lastTicker = new HashMap<>();

    /**
     * After a market step: a {@code bookTicker} (protocol reference 1.1) for each book whose touch changed, with
     * the book's update id in {@code u}.
     */
    @Override
    public void afterStep() {
        for (SimBook b : books.values()) {
            ticker(b, false);
        }
    }

    /** A {@code bookTicker} for one book if its touch changed since the last one (or always, if forced). */
    private void ticker(SimBook b, boolean force) {
        if (b.bestBid() < 0 || b.bestAsk() < 0 || faults.stalled()) {
            return;
        }
        Touch touch = new Touch(b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize());
        String symbol = b.instrument().venueSymbol().toUpperCase(Locale.ROOT);
        if (touch.equals(lastTicker.put(symbol, touch)) && !force) {
            return;
        }
        SimulatedInstrument i = b.instrument();
        String stream = symbol.toLowerCase(Locale.ROOT) + "@bookTicker";
        String raw = "{\"u\":" + b.updateId() + ",\"s\":\"" + symbol + "\",\"b\":\""
                + Decimals.toString(touch.bid(), i.priceScale()) + "\",\"B\":\""
                + Decimals.toString(touch.bidQty(), i.sizeScale()) + "\",\"a\":\""
                + Decimals.toString(touch.ask(), i.priceScale()) + "\",\"A\":\""
                + Decimals.toString(touch.askQty(), i.sizeScale()) + "\"}";
        for (Client c : clients) {
            if (c.streams.contains(stream)) {
                String text = c.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + raw + "}" : raw;
                c.ws.writeTextMessage(text);
                faults.tap().sent(c.ws, text, SEQUENCE);
            }
        }
    }

    /** Sends each book's pending changes as one {@code depthUpdate} to the clients following it. */
    @Override
    public void publish(long nowMillis) {
        for (SimBook b : books.values()) {
            trades(b, nowMillis);
            publishBook(b, nowMillis);
        }
    }

    /**
     * Sends one book's pending changes as one {@code depthUpdate} (if any), with the configured faults.
     *
     * @return whether a frame went out
     */
    @Override
    public boolean publishBook(SimBook b, long nowMillis) {
        if (!b.hasPending()) {
            return false;
        }
        String symbol = b.instrument().venueSymbol().toUpperCase(Locale.ROOT);
        String stream = symbol.toLowerCase(Locale.ROOT) + "@depth@100ms";
        String stream1s = symbol.toLowerCase(Locale.ROOT) + "@depth";
        StringBuilder data = frame;
        data.setLength(0);
        data.append("{\"e\":\"depthUpdate\",\"E\":").append(nowMillis)
                .append(",\"s\":\"").append(symbol).append("\",\"U\":").append(b.firstPendingId())
                .append(",\"u\":").append(b.updateId()).append(",\"b\":");
        levels(data, b.pendingBids(), b.instrument());
        data.append(",\"a\":");
        levels(data, b.pendingAsks(), b.instrument());
        boolean corrupted = corrupt(b, data);
        data.append('}');
        b.drain();
        String symbolName = b.instrument().symbol();
        if (faults.stalled() || faults.hit("dropped", faults.faults().dropRate(), symbolName)) {
            return false; // the ids it used are gone: the client sees a gap
        }
        boolean followed = false;
        for (Client c : clients) {
            followed |= c.streams.contains(stream) || c.streams.contains(stream1s);
        }
        // the large message goes to someone: armed, it waits for a book message with a follower
        boolean large = followed && faults.padLarge(data, symbolName, firstSymbol);
        boolean malformed = faults.hit("malformed", faults.faults().malformedRate(), symbolName);
        String raw = malformed ? faults.malformed(MALFORMED) : data.toString();
        for (Client c : clients) {
            String s = c.streams.contains(stream) ? stream : c.streams.contains(stream1s) ? stream1s : null;
            if (s != null) {
                String text = c.combined ? "{\"stream\":\"" + s + "\",\"data\":" + raw + "}" : raw;
                if (large) {
                    c.ws.writeFrame(WebSocketFrame.textFrame(text, true)); // one frame, however large
                } else {
                    c.ws.writeTextMessage(text);
                    if (!malformed) {
                        faults.tap().sent(c.ws, text, SEQUENCE);
                    }
                }
            }
        }
        if (corrupted) {
            ticker(b, true); // the true touch at the corrupted update's id: what the cross-check compares
        }
        return true;
    }

    /**
     * Fault: the best bid's size in this update is sent one lot too large, sequence ids intact. The client's book
     * is then wrong at its touch, which only the bookTicker cross-check can see (Binance has no checksum).
     */
    private boolean corrupt(SimBook b, StringBuilder data) {
        if (b.bestBid() < 0) {
            return false;
        }
        SimulatedInstrument i = b.instrument();
        String exact = "[\"" + Decimals.toString(b.bestBid(), i.priceScale()) + "\",\""
                + Decimals.toString(b.bestBidSize(), i.sizeScale()) + "\"]";
        int at = data.indexOf(exact);
        if (at >= 0 && faults.hit("corrupted", faults.faults().corruptRate(), i.symbol())) {
            String wrong = "[\"" + Decimals.toString(b.bestBid(), i.priceScale()) + "\",\""
                    + Decimals.toString(b.bestBidSize() + i.lot(), i.sizeScale()) + "\"]";
            data.replace(at, at + exact.length(), wrong);
            return true;
        }
        return false;
    }

    /** {@code trade} events (protocol reference 1.1) for the book's pending trades. */
    private void trades(SimBook b, long nowMillis) {
        SimulatedInstrument i = b.instrument();
        String symbol = i.venueSymbol().toUpperCase(Locale.ROOT);
        String stream = symbol.toLowerCase(Locale.ROOT) + "@trade";
        for (SimTrade t : b.pendingTrades()) {
            String raw = "{\"e\":\"trade\",\"E\":" + nowMillis + ",\"s\":\"" + symbol + "\",\"t\":" + t.id()
                    + ",\"p\":\"" + Decimals.toString(t.price(), i.priceScale()) + "\",\"q\":\""
                    + Decimals.toString(t.quantity(), i.sizeScale()) + "\",\"T\":" + nowMillis + ",\"m\":"
                    + !t.buyerTook() + ",\"M\":true}";
            for (Client c : clients) {
                if (c.streams.contains(stream)) {
                    String text = c.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + raw + "}" : raw;
                    c.ws.writeTextMessage(text);
                    faults.tap().sent(c.ws, text, SEQUENCE);
                }
            }
        }
        b.drainTrades();
    }

    private void levels(StringBuilder sb, LevelChanges levels, SimulatedInstrument i) {
        sb.append('[');
        for (int k = 0; k < levels.count(); k++) {
            sb.append(k == 0 ? "[\"" : ",[\"");
            appendFixed(sb, levels.price(k), i.priceScale());
            sb.append("\",\"");
            appendFixed(sb, levels.size(k), i.sizeScale());
            sb.append("\"]");
        }
        sb.append(']');
    }

    /** The frame being built; reused. */
    private final StringBuilder frame = new StringBuilder(4096);

    /** Scratch for formatting numbers without a String each (the simulator runs the latency harness's load). */
    private final byte[] digits = new byte[Decimals.MAX_FORMATTED_LENGTH];

    private void appendFixed(StringBuilder sb, long mantissa, int scale) {
        int n = Decimals.formatFixed(mantissa, scale, digits, 0);
        for (int k = 0; k < n; k++) {
            sb.append((char) digits[k]);
        }
    }

    @Override
    public void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    /** Announces a server shutdown on every connection (fault: serverShutdown). */
    @Override
    public void announceShutdown() {
        String data = "{\"e\":\"serverShutdown\",\"E\":" + System.currentTimeMillis() + "}";
        for (Client c : clients) {
            c.ws.writeTextMessage(c.combined ? "{\"stream\":\"!serverShutdown\",\"data\":" + data + "}" : data);
        }
        faults.count("serverShutdown");
    }

    /** The documented REQUEST_WEIGHT of a request (protocol reference 1.2, 1.4, 1.5); -1 for an unknown path. */
    private static int weightOf(HttpServerRequest req) {
        switch (req.path()) {
            case "/api/v3/depth": {
                int limit = depthLimit(req);
                return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
            }
            case "/api/v3/exchangeInfo":
                return 20;
            case "/api/v3/time":
            case "/api/v3/ping":
                return 1;
            case "/api/v3/order":
                return "GET".equals(req.method().name()) ? 4 : 1;
            default:
                return -1;
        }
    }

    private static int depthLimit(HttpServerRequest req) {
        try {
            return Integer.parseInt(req.getParam("limit", "100"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void rest(HttpServerRequest req) {
        String path = req.path();
        int w = weightOf(req);
        if (w < 0) {
            json(req, 404, "{\"code\":-1000,\"msg\":\"Unknown path " + path + "\"}");
            return;
        }
        long now = System.currentTimeMillis();
        long used = weight.add(w, now);
        String client = req.getHeader(CLIENT_HEADER);
        if (client == null) {
            client = req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress();
        }
        weightByClient.computeIfAbsent(client, k -> new RequestWeight()).add(w, now);
        totalByClient.merge(client, (long) w, Long::sum);
        long limit = faults.faults().weightLimit();
        if (limit > 0 && used > limit) {
            faults.count("weight429");
            retryAfterUntil = now + RequestWeight.secondsToNextMinute(now) * 1_000;
            req.response().putHeader("Retry-After", Long.toString(RequestWeight.secondsToNextMinute(now)));
            json(req, 429, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is " + limit
                    + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling "
                    + "the API.\"}");
            return;
        }
        switch (path) {
            case "/api/v3/depth":
                depth(req, now);
                break;
            case "/api/v3/exchangeInfo":
                exchangeInfo(req);
                break;
            case "/api/v3/time":
                json(req, 200, new JsonObject().put("serverTime", now).encode());
                break;
            case "/api/v3/order":
                req.body().onSuccess(body -> orderApi.handle(req, body.toString()));
                break;
            default:
                json(req, 200, "{}");
        }
    }

    /** {@code GET /api/v3/exchangeInfo}: each simulated symbol with its own PRICE_FILTER and LOT_SIZE filters. */
    private void exchangeInfo(HttpServerRequest req) {
        JsonArray symbols = new JsonArray();
        for (SimBook b : books.values()) {
            SimulatedInstrument i = b.instrument();
            String tick = eightDecimals(i.tick(), i.priceScale());
            String lot = eightDecimals(i.lot(), i.sizeScale());
            symbols.add(new JsonObject().put("symbol", i.venueSymbol().toUpperCase(Locale.ROOT))
                    .put("status", "TRADING").put("baseAsset", i.base()).put("quoteAsset", i.quote())
                    .put("filters", new JsonArray()
                            .add(new JsonObject().put("filterType", "PRICE_FILTER").put("minPrice", tick)
                                    .put("maxPrice", "1000000.00000000").put("tickSize", tick))
                            .add(new JsonObject().put("filterType", "LOT_SIZE").put("minQty", lot)
                                    .put("maxQty", "9000.00000000").put("stepSize", lot))));
        }
        long limit = faults.faults().weightLimit() > 0 ? faults.faults().weightLimit() : DOCUMENTED_WEIGHT_LIMIT;
        json(req, 200, new JsonObject().put("timezone", "UTC").put("serverTime", System.currentTimeMillis())
                .put("rateLimits", new JsonArray().add(new JsonObject().put("rateLimitType", "REQUEST_WEIGHT")
                        .put("interval", "MINUTE").put("intervalNum", 1).put("limit", limit)))
                .put("symbols", symbols).encode());
    }

    /** Binance writes filter values with 8 decimals ({@code "0.01000000"}). */
    private static String eightDecimals(long mantissa, int scale) {
        return scale <= 8 ? Decimals.toString(Decimals.rescale(mantissa, scale, 8), 8)
                : Decimals.toString(mantissa, scale);
    }

    private void depth(HttpServerRequest req, long now) {
        String symbol = req.getParam("symbol");
        SimBook b = symbol == null ? null : books.get(symbol.toUpperCase(Locale.ROOT));
        int limit = depthLimit(req);
        if (limit < 1 || limit > 5000) {
            json(req, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'.\"}");
            return;
        }
        // A request inside the window is the client ignoring Retry-After, unless it was already on its way when
        // the 429/418 left (measured: those arrive 0-3 ms later); one sent after reading the reply comes >= 1 s later.
        if (now < retryAfterUntil && now > retryAfterUntil - 1_000 + SimOrders.IN_FLIGHT_GRACE_MILLIS) {
            faults.count("retryAfterIgnored");
        }
        if (faults.hitRest("rest418", faults.faults().rest418Rate())) {
            retryAfterUntil = now + 1_000;
            req.response().putHeader("Retry-After", "1");
            json(req, 418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until "
                    + (now + 1_000) + ". Please use WebSocket Streams for live updates to avoid bans.\"}");
            return;
        }
        if (faults.hitRest("rest429", faults.faults().rest429Rate())) {
            retryAfterUntil = now + 1_000;
            req.response().putHeader("Retry-After", "1");
            json(req, 429, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is "
                    + DOCUMENTED_WEIGHT_LIMIT + " request weight per 1 MINUTE. Please use WebSocket Streams for live "
                    + "updates to avoid polling the API.\"}");
            return;
        }
        if (b == null) {
            json(req, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return;
        }
        snapshotRequests++;
        SimulatedInstrument i = b.instrument();
        StringBuilder sb = new StringBuilder(64 + 40 * 2 * Math.min(limit, 200)).append("{\"lastUpdateId\":")
                .append(b.updateId()).append(",\"bids\":[");
        side(sb, b.bids().entrySet().iterator(), limit, i);
        sb.append("],\"asks\":[");
        side(sb, b.asks().entrySet().iterator(), limit, i);
        json(req, 200, sb.append("]}").toString());
    }

    private static void side(StringBuilder sb, Iterator<Map.Entry<Long, Long>> levels, int limit,
                             SimulatedInstrument i) {
        for (int k = 0; k < limit && levels.hasNext(); k++) {
            Map.Entry<Long, Long> e = levels.next();
            sb.append(k == 0 ? "[\"" : ",[\"").append(Decimals.toString(e.getKey(), i.priceScale())).append("\",\"")
                    .append(Decimals.toString(e.getValue(), i.sizeScale())).append("\"]");
        }
    }

    /**
     * Every answer carries the weight used this minute, as Binance's do: the count when the venue handled the
     * request. With the {@code restDelay} fault the answer, headers included, leaves that long later (a timer on
     * this context, nothing waits), as a real venue's does after its round trip.
     */
    void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json;charset=UTF-8")
                .putHeader("X-MBX-USED-WEIGHT-1M", Long.toString(weight.used(System.currentTimeMillis())));
        long delay = faults.faults().restDelay().toMillis();
        if (delay <= 0) {
            req.response().end(body);
            return;
        }
        vertx.setTimer(delay, t -> {
            if (!req.response().closed() && !req.response().ended()) {
                req.response().end(body);
            }
        });
    }
}
