package io.xgate.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.LevelBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated Binance Spot venue on loopback, speaking the documented wire format (protocol reference 1.1,
 * 1.2, 1.4): combined streams ({@code /stream?streams=btcusdt@depth@100ms/...}) and raw streams
 * ({@code /ws/...}), {@code SUBSCRIBE}/{@code UNSUBSCRIBE} with their replies, {@code depthUpdate} events with
 * {@code U}/{@code u} update ids, and {@code GET /api/v3/depth} snapshots with {@code lastUpdateId} and the
 * {@code X-MBX-USED-WEIGHT-1M} header (weight by {@code limit} as documented).
 *
 * <p>Runs on the simulator's context.
 */
final class BinanceSimServer {

    private static final Logger LOG = LoggerFactory.getLogger(BinanceSimServer.class);

    private final Vertx vertx;
    private final String venue;
    /** Upper-case venue symbol to book. */
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private HttpServer server;
    private long usedWeight;
    private long weightMinute;
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

    private final FaultInjector faults;

    private final BinanceSimOrderApi orderApi;

    /**
     * @param account         the key pair signed requests must use, or {@code null}: every one is refused
     * @param ordersPerSecond new orders accepted per clock second (Binance's ORDERS limit)
     */
    BinanceSimServer(Vertx vertx, String venue, List<SimBook> venueBooks, FaultInjector faults,
                     io.xgate.config.VenueConfig.Credentials account, long ordersPerSecond) {
        this.vertx = vertx;
        this.venue = venue;
        this.faults = faults;
        for (SimBook b : venueBooks) {
            books.put(b.instrument().venueSymbol().toUpperCase(Locale.ROOT), b);
        }
        this.orderApi = new BinanceSimOrderApi(books, faults, account, ordersPerSecond, this::json);
    }

    Future<HttpServer> start(String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20)
                        .setMaxWebSocketMessageSize(16 << 20))
                .webSocketHandshakeHandler(hs -> {
                    if (hs.path().startsWith("/stream") || hs.path().startsWith("/ws")) {
                        hs.accept();
                    } else {
                        hs.reject(404);
                    }
                })
                .webSocketHandler(this::connected)
                .requestHandler(this::rest)
                .listen(port, host)
                .onSuccess(s -> {
                    server = s;
                    LOG.info("simulated venue {} (binance dialect) listening on {}:{}", venue, host, s.actualPort());
                });
    }

    long snapshotRequests() {
        return snapshotRequests;
    }

    /** Request weight counted in the current minute, as reported in {@code X-MBX-USED-WEIGHT-1M}. */
    long usedWeight() {
        return System.currentTimeMillis() / 60_000 == weightMinute ? usedWeight : 0;
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
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

    /** Per book, the touch last sent on {@code bookTicker}: {bid, bid qty, ask, ask qty}. */
    private final Map<String, long[]> lastTicker = new java.util.HashMap<>();

    /**
     * After a market step: a {@code bookTicker} (protocol reference 1.1) for each book whose touch changed, with
     * the book's update id in {@code u}.
     */
    void tickers() {
        for (SimBook b : books.values()) {
            ticker(b, false);
        }
    }

    /** A {@code bookTicker} for one book if its touch changed since the last one (or always, if forced). */
    private void ticker(SimBook b, boolean force) {
        {
            OrderBook book = b.book();
            if (book.bidCount() == 0 || book.askCount() == 0 || faults.stalled()) {
                return;
            }
            long[] touch = {book.bestBid(), book.bidSize(0), book.bestAsk(), book.askSize(0)};
            String symbol = b.instrument().venueSymbol().toUpperCase(Locale.ROOT);
            if (java.util.Arrays.equals(touch, lastTicker.put(symbol, touch)) && !force) {
                return;
            }
            Instrument i = b.instrument();
            String stream = symbol.toLowerCase(Locale.ROOT) + "@bookTicker";
            String raw = "{\"u\":" + b.updateId() + ",\"s\":\"" + symbol + "\",\"b\":\""
                    + Decimals.toString(touch[0], i.priceScale()) + "\",\"B\":\"" + Decimals.toString(touch[1], i.sizeScale())
                    + "\",\"a\":\"" + Decimals.toString(touch[2], i.priceScale()) + "\",\"A\":\""
                    + Decimals.toString(touch[3], i.sizeScale()) + "\"}";
            for (Client c : clients) {
                if (c.streams.contains(stream)) {
                    c.ws.writeTextMessage(c.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + raw + "}" : raw);
                }
            }
        }
    }

    /** Sends each book's pending changes as one {@code depthUpdate} to the clients following it. */
    void publish(long nowMillis) {
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
    boolean publishBook(SimBook b, long nowMillis) {
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
        String raw = faults.hit("malformed", faults.faults().malformedRate(), symbolName)
                ? FaultInjector.malformed(faults.random()) : data.toString();
        for (Client c : clients) {
            String s = c.streams.contains(stream) ? stream : c.streams.contains(stream1s) ? stream1s : null;
            if (s != null) {
                c.ws.writeTextMessage(c.combined ? "{\"stream\":\"" + s + "\",\"data\":" + raw + "}" : raw);
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
        OrderBook book = b.book();
        if (book.bidCount() == 0) {
            return false;
        }
        Instrument i = b.instrument();
        String exact = "[\"" + Decimals.toString(book.bestBid(), i.priceScale()) + "\",\""
                + Decimals.toString(book.bidSize(0), i.sizeScale()) + "\"]";
        int at = data.indexOf(exact);
        if (at >= 0 && faults.hit("corrupted", faults.faults().corruptRate(), i.symbol())) {
            String wrong = "[\"" + Decimals.toString(book.bestBid(), i.priceScale()) + "\",\""
                    + Decimals.toString(book.bidSize(0) + i.lot(), i.sizeScale()) + "\"]";
            data.replace(at, at + exact.length(), wrong);
            return true;
        }
        return false;
    }

    /** {@code trade} events (protocol reference 1.1) for the book's pending trades. */
    private void trades(SimBook b, long nowMillis) {
        Instrument i = b.instrument();
        String symbol = i.venueSymbol().toUpperCase(Locale.ROOT);
        String stream = symbol.toLowerCase(Locale.ROOT) + "@trade";
        for (long[] t : b.pendingTrades()) {
            String raw = "{\"e\":\"trade\",\"E\":" + nowMillis + ",\"s\":\"" + symbol + "\",\"t\":" + t[3]
                    + ",\"p\":\"" + Decimals.toString(t[0], i.priceScale()) + "\",\"q\":\""
                    + Decimals.toString(t[1], i.sizeScale()) + "\",\"T\":" + nowMillis + ",\"m\":" + (t[2] == 0)
                    + ",\"M\":true}";
            for (Client c : clients) {
                if (c.streams.contains(stream)) {
                    c.ws.writeTextMessage(c.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + raw + "}" : raw);
                }
            }
        }
        b.drainTrades();
    }

    private void levels(StringBuilder sb, LevelBuffer levels, Instrument i) {
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

    /** Closes every client connection (fault: disconnect). */
    void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    /** Announces a server shutdown on every connection (fault: serverShutdown). */
    void announceShutdown() {
        String data = "{\"e\":\"serverShutdown\",\"E\":" + System.currentTimeMillis() + "}";
        for (Client c : clients) {
            c.ws.writeTextMessage(c.combined ? "{\"stream\":\"!serverShutdown\",\"data\":" + data + "}" : data);
        }
        faults.count("serverShutdown");
    }

    private void rest(HttpServerRequest req) {
        String path = req.path();
        long minute = System.currentTimeMillis() / 60_000;
        if (minute != weightMinute) {
            weightMinute = minute;
            usedWeight = 0;
        }
        if ("/api/v3/depth".equals(path)) {
            depth(req);
        } else if ("/api/v3/exchangeInfo".equals(path)) {
            usedWeight += 20;
            exchangeInfo(req);
        } else if ("/api/v3/time".equals(path)) {
            usedWeight += 1;
            json(req, 200, new JsonObject().put("serverTime", System.currentTimeMillis()).encode());
        } else if ("/api/v3/order".equals(path)) {
            usedWeight += 1;
            req.body().onSuccess(body -> orderApi.handle(req, body.toString()));
        } else if ("/api/v3/ping".equals(path)) {
            usedWeight += 1;
            json(req, 200, "{}");
        } else {
            json(req, 404, "{\"code\":-1000,\"msg\":\"Unknown path " + path + "\"}");
        }
    }

    /** {@code GET /api/v3/exchangeInfo}: each simulated symbol with its PRICE_FILTER and LOT_SIZE filters. */
    private void exchangeInfo(HttpServerRequest req) {
        JsonArray symbols = new JsonArray();
        for (SimBook b : books.values()) {
            Instrument i = b.instrument();
            symbols.add(new JsonObject().put("symbol", i.venueSymbol()).put("status", "TRADING")
                    .put("baseAsset", i.symbol().substring(0, i.symbol().indexOf('-')))
                    .put("quoteAsset", i.symbol().substring(i.symbol().indexOf('-') + 1))
                    .put("filters", new JsonArray()
                            .add(new JsonObject().put("filterType", "PRICE_FILTER")
                                    .put("minPrice", Decimals.toString(Decimals.rescale(i.tick(), i.priceScale(), 8), 8))
                                    .put("maxPrice", "1000000.00000000")
                                    .put("tickSize", Decimals.toString(Decimals.rescale(i.tick(), i.priceScale(), 8), 8)))
                            .add(new JsonObject().put("filterType", "LOT_SIZE")
                                    .put("minQty", Decimals.toString(Decimals.rescale(i.lot(), i.sizeScale(), 8), 8))
                                    .put("maxQty", "9000.00000000")
                                    .put("stepSize", Decimals.toString(Decimals.rescale(i.lot(), i.sizeScale(), 8), 8)))));
        }
        json(req, 200, new JsonObject().put("timezone", "UTC").put("serverTime", System.currentTimeMillis())
                .put("rateLimits", new JsonArray().add(new JsonObject().put("rateLimitType", "REQUEST_WEIGHT")
                        .put("interval", "MINUTE").put("intervalNum", 1).put("limit", 6000)))
                .put("symbols", symbols).encode());
    }

    private void depth(HttpServerRequest req) {
        String symbol = req.getParam("symbol");
        SimBook b = symbol == null ? null : books.get(symbol.toUpperCase(Locale.ROOT));
        int limit;
        try {
            limit = Integer.parseInt(req.getParam("limit", "100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 5000) {
            json(req, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'.\"}");
            return;
        }
        usedWeight += limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
        long now = System.currentTimeMillis();
        // A request inside the window is the client ignoring Retry-After, unless it was already on its way when
        // the 429/418 left (measured: those arrive 0-3 ms later); one sent after reading the reply comes >= 1 s later.
        if (now < retryAfterUntil && now > retryAfterUntil - 1_000 + SimOrders.IN_FLIGHT_GRACE_MILLIS) {
            faults.count("retryAfterIgnored");
        }
        if (faults.hitRest("rest418", faults.faults().rest418Rate())) {
            retryAfterUntil = now + 1_000;
            req.response().putHeader("Retry-After", "1");
            json(req, 418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until "
                    + (System.currentTimeMillis() + 1_000) + ". Please use WebSocket Streams for live updates to avoid "
                    + "bans.\"}");
            return;
        }
        if (faults.hitRest("rest429", faults.faults().rest429Rate())) {
            retryAfterUntil = now + 1_000;
            req.response().putHeader("Retry-After", "1");
            json(req, 429, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request "
                    + "weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.\"}");
            return;
        }
        if (b == null) {
            json(req, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return;
        }
        snapshotRequests++;
        OrderBook book = b.book();
        Instrument i = b.instrument();
        int nb = Math.min(limit, book.bidCount());
        int na = Math.min(limit, book.askCount());
        long[] p = new long[Math.max(nb, na)];
        long[] s = new long[p.length];
        StringBuilder sb = new StringBuilder(64 + 40 * (nb + na)).append("{\"lastUpdateId\":").append(b.updateId())
                .append(",\"bids\":[");
        int n = book.topBids(p, s, nb);
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "[\"" : ",[\"").append(Decimals.toString(p[k], i.priceScale())).append("\",\"")
                    .append(Decimals.toString(s[k], i.sizeScale())).append("\"]");
        }
        sb.append("],\"asks\":[");
        n = book.topAsks(p, s, na);
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "[\"" : ",[\"").append(Decimals.toString(p[k], i.priceScale())).append("\",\"")
                    .append(Decimals.toString(s[k], i.sizeScale())).append("\"]");
        }
        json(req, 200, sb.append("]}").toString());
    }

    /** What the simulated venue saw of orders (see {@link BinanceSimOrderApi#counts()}). */
    long[] orderCounts() {
        return orderApi.counts();
    }

    void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json;charset=UTF-8")
                .putHeader("X-MBX-USED-WEIGHT-1M", Long.toString(usedWeight)).end(body);
    }
}
