package io.xgate.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.venue.kraken.KrakenChecksum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated Kraken Spot venue on loopback, speaking WebSocket v2 as documented (protocol reference 2.1-2.3):
 * a {@code status} message on connect, {@code subscribe}/{@code unsubscribe} acknowledged per symbol, a
 * {@code book} snapshot of the subscribed depth then updates that carry the CRC32 checksum of the top 10 levels,
 * prices and quantities as JSON numbers at the pair's full precision (sometimes shortened, as Kraken also
 * sends), {@code heartbeat} about once a second when nothing else was sent, and {@code ping}/{@code pong}.
 *
 * <p>Like Kraken, it serves each client a depth-limited view: levels pushed below the subscribed depth are not
 * deleted on the wire (the client truncates), levels that come into view are sent. Runs on the simulator's
 * context.
 */
final class KrakenSimServer {

    private static final Logger LOG = LoggerFactory.getLogger(KrakenSimServer.class);
    private static final int[] DEPTHS = {10, 25, 100, 500, 1000};

    private final Vertx vertx;
    private final String venue;
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final SplittableRandom random;
    private final KrakenChecksum checksum = new KrakenChecksum();
    private HttpServer server;
    private long connectionIds = 1_000_000;

    /** A connected client and, per subscribed symbol, the view it was last sent. */
    private static final class Client {
        final ServerWebSocket ws;
        final Map<String, OrderBook> views = new HashMap<>();
        final Map<String, Integer> depths = new HashMap<>();
        final java.util.Set<String> trades = new java.util.HashSet<>();
        /** Per ticker-subscribed symbol: the best bid/offer last sent {bid, bid qty, ask, ask qty}; [4] 1 if bbo. */
        final Map<String, long[]> tickers = new HashMap<>();
        long lastSentMillis = System.currentTimeMillis();

        Client(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    private final FaultInjector faults;

    private final KrakenSimOrderApi orderApi;

    KrakenSimServer(Vertx vertx, String venue, List<SimBook> venueBooks, long seed, FaultInjector faults,
                    io.xgate.config.VenueConfig.Credentials account, io.xgate.config.VenueConfig.RateLimit pairLimit) {
        this.vertx = vertx;
        this.venue = venue;
        this.faults = faults;
        this.random = new SplittableRandom(seed);
        for (SimBook b : venueBooks) {
            books.put(b.instrument().venueSymbol(), b);
        }
        this.orderApi = new KrakenSimOrderApi(venue, books, faults, account, pairLimit);
    }

    Future<HttpServer> start(String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20)
                        .setMaxWebSocketMessageSize(16 << 20))
                .webSocketHandshakeHandler(hs -> {
                    if (hs.path().startsWith("/v2")) {
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
                    LOG.info("simulated venue {} (kraken dialect) listening on {}:{}", venue, host, s.actualPort());
                });
    }

    /** Public REST: {@code GET /0/public/Time}; anything else is Kraken's unknown-method error. */
    private void rest(io.vertx.core.http.HttpServerRequest req) {
        if (req.path().startsWith("/0/private/")) {
            req.body().onSuccess(b -> {
                String answer = orderApi.call(req, b.toString());
                req.response().putHeader("Content-Type", "application/json").end(answer);
            });
            return;
        }
        if ("/0/public/Time".equals(req.path())) {
            long now = System.currentTimeMillis();
            req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("error", new JsonArray()).put("result", new JsonObject().put("unixtime", now / 1_000)
                            .put("rfc1123", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)))).encode());
        } else {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":[\"EGeneral:Unknown method\"]}");
        }
    }

    /** What the simulated venue saw of orders (see {@link KrakenSimOrderApi#counts()}). */
    long[] orderCounts() {
        return orderApi.counts();
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void connected(ServerWebSocket ws) {
        Client c = new Client(ws);
        clients.add(c);
        ws.textMessageHandler(text -> request(c, text));
        ws.closeHandler(v -> clients.remove(c));
        ws.exceptionHandler(e -> clients.remove(c));
        send(c, new JsonObject().put("channel", "status").put("type", "update").put("data", new JsonArray()
                .add(new JsonObject().put("api_version", "v2").put("connection_id", connectionIds++)
                        .put("system", "online").put("version", "2.0.0"))).encode());
    }

    private void request(Client c, String text) {
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (RuntimeException e) {
            send(c, new JsonObject().put("error", "Invalid JSON").put("success", false).encode());
            return;
        }
        String method = req.getString("method", "");
        Object reqId = req.getValue("req_id");
        String timeIn = Instant.now().toString();
        if ("ping".equals(method)) {
            send(c, new JsonObject().put("method", "pong").put("req_id", reqId).put("time_in", timeIn)
                    .put("time_out", Instant.now().toString()).encode());
            return;
        }
        JsonObject params = req.getJsonObject("params", new JsonObject());
        String channel = params.getString("channel", "");
        if (!"subscribe".equals(method) && !"unsubscribe".equals(method)) {
            send(c, new JsonObject().put("method", method).put("error", "Method not found").put("success", false)
                    .put("req_id", reqId).put("time_in", timeIn).put("time_out", Instant.now().toString()).encode());
            return;
        }
        int depth = params.getInteger("depth", 10);
        if ("instrument".equals(channel)) {
            send(c, new JsonObject().put("method", method).put("req_id", reqId).put("success", true)
                    .put("result", new JsonObject().put("channel", "instrument").put("snapshot", true))
                    .put("time_in", timeIn).put("time_out", Instant.now().toString()).encode());
            if ("subscribe".equals(method)) {
                send(c, instruments());
            }
            return;
        }
        for (Object o : params.getJsonArray("symbol", new JsonArray())) {
            String symbol = String.valueOf(o);
            JsonObject ack = new JsonObject().put("method", method).put("req_id", reqId).put("time_in", timeIn)
                    .put("time_out", Instant.now().toString());
            if ("ticker".equals(channel) && books.containsKey(symbol)) {
                String trigger = params.getString("event_trigger", "trades");
                if (!"trades".equals(trigger) && !"bbo".equals(trigger)) {
                    send(c, ack.put("success", false).put("error", "Invalid event_trigger " + trigger)
                            .put("symbol", symbol).encode());
                    continue;
                }
                send(c, ack.put("success", true).put("result", new JsonObject().put("channel", "ticker")
                        .put("event_trigger", trigger).put("snapshot", true).put("symbol", symbol)).encode());
                if ("subscribe".equals(method)) {
                    long[] last = new long[] {-1, -1, -1, -1, "bbo".equals(trigger) ? 1 : 0};
                    c.tickers.put(symbol, last);
                    sendTicker(c, symbol, last, true);
                } else {
                    c.tickers.remove(symbol);
                }
                continue;
            }
            if ("trade".equals(channel) && books.containsKey(symbol)) {
                send(c, ack.put("success", true).put("result", new JsonObject().put("channel", "trade")
                        .put("snapshot", false).put("symbol", symbol)).encode());
                if ("subscribe".equals(method)) {
                    c.trades.add(symbol);
                } else {
                    c.trades.remove(symbol);
                }
                continue;
            }
            if (!books.containsKey(symbol) || !"book".equals(channel) || !validDepth(depth)) {
                send(c, ack.put("success", false).put("error", !books.containsKey(symbol)
                        ? "Currency pair not supported " + symbol : "book".equals(channel)
                        ? "Invalid depth" : "Channel not simulated").put("symbol", symbol).encode());
                continue;
            }
            send(c, ack.put("success", true).put("result", new JsonObject().put("channel", "book")
                    .put("depth", depth).put("snapshot", true).put("symbol", symbol)).encode());
            if ("subscribe".equals(method)) {
                c.depths.put(symbol, depth);
                OrderBook view = new OrderBook(venue, symbol, books.get(symbol).instrument().priceScale(),
                        books.get(symbol).instrument().sizeScale());
                c.views.put(symbol, view);
                sendBook(c, symbol, true);
            } else {
                c.views.remove(symbol);
                c.depths.remove(symbol);
            }
        }
    }

    /** The {@code instrument} snapshot: each simulated pair's precisions and increments, as JSON numbers. */
    private String instruments() {
        StringBuilder pairs = new StringBuilder();
        for (SimBook b : books.values()) {
            Instrument i = b.instrument();
            String base = i.symbol().substring(0, i.symbol().indexOf('-'));
            String quote = i.symbol().substring(i.symbol().indexOf('-') + 1);
            pairs.append(pairs.length() == 0 ? "" : ",").append("{\"symbol\":\"").append(i.venueSymbol())
                    .append("\",\"base\":\"").append(base).append("\",\"quote\":\"").append(quote)
                    .append("\",\"status\":\"online\",\"qty_precision\":").append(i.sizeScale())
                    .append(",\"qty_increment\":").append(Decimals.toStrippedString(i.lot(), i.sizeScale()))
                    .append(",\"price_precision\":").append(i.priceScale())
                    .append(",\"cost_precision\":5,\"tick_size\":").append(Decimals.toStrippedString(i.tick(), i.priceScale()))
                    .append(",\"price_increment\":").append(Decimals.toStrippedString(i.tick(), i.priceScale()))
                    .append(",\"qty_min\":0.0001}");
        }
        return "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],\"pairs\":[" + pairs + "]}}";
    }

    private static boolean validDepth(int depth) {
        for (int d : DEPTHS) {
            if (d == depth) {
                return true;
            }
        }
        return false;
    }

    /** Per symbol: {last trade price, volume, notional (as price·qty mantissas, double), low, high, open}. */
    private final Map<String, double[]> stats = new HashMap<>();
    private final java.util.Set<String> traded = new java.util.HashSet<>();

    /**
     * The {@code ticker} message: the true book's best bid and offer, with the day's figures. With
     * {@code event_trigger: bbo} it goes out whenever the best bid or offer changed (price or quantity).
     */
    private void sendTicker(Client c, String symbol, long[] last, boolean snapshot) {
        SimBook b = books.get(symbol);
        OrderBook truth = b.book();
        if (truth.bidCount() == 0 || truth.askCount() == 0) {
            return;
        }
        long bid = truth.bestBid();
        long bidQty = truth.bidSize(0);
        long ask = truth.bestAsk();
        long askQty = truth.askSize(0);
        if (!snapshot && bid == last[0] && bidQty == last[1] && ask == last[2] && askQty == last[3]) {
            return;
        }
        last[0] = bid;
        last[1] = bidQty;
        last[2] = ask;
        last[3] = askQty;
        Instrument i = b.instrument();
        double unit = Math.pow(10, -i.priceScale());
        double mid = (bid + ask) / 2.0 * unit;
        double[] st = stats.computeIfAbsent(symbol, k -> new double[] {mid, 0, 0, mid, mid, mid});
        st[3] = Math.min(st[3], mid);
        st[4] = Math.max(st[4], mid);
        double vwap = st[1] > 0 ? st[2] / st[1] : mid;
        String text = "{\"channel\":\"ticker\",\"type\":\"" + (snapshot ? "snapshot" : "update")
                + "\",\"data\":[{\"symbol\":\"" + symbol + "\",\"bid\":" + Decimals.toString(bid, i.priceScale())
                + ",\"bid_qty\":" + Decimals.toString(bidQty, i.sizeScale()) + ",\"ask\":"
                + Decimals.toString(ask, i.priceScale()) + ",\"ask_qty\":" + Decimals.toString(askQty, i.sizeScale())
                + ",\"last\":" + String.format(java.util.Locale.ROOT, "%.1f", st[0]) + ",\"volume\":" + String.format(java.util.Locale.ROOT, "%.8f", st[1])
                + ",\"vwap\":" + String.format(java.util.Locale.ROOT, "%.1f", vwap) + ",\"low\":" + String.format(java.util.Locale.ROOT, "%.1f", st[3])
                + ",\"high\":" + String.format(java.util.Locale.ROOT, "%.1f", st[4]) + ",\"change\":" + String.format(java.util.Locale.ROOT, "%.1f", mid - st[5])
                + ",\"change_pct\":" + String.format(java.util.Locale.ROOT, "%.2f", (mid / st[5] - 1) * 100) + ",\"timestamp\":\""
                + Instant.now() + "\"}]}";
        send(c, text);
    }

    /** Sends each client the changes of its views since the last publish, and heartbeats to idle clients. */
    void publish(long nowMillis) {
        String now = Instant.now().toString();
        traded.clear();
        for (SimBook b : books.values()) {
            b.drain(); // Kraken sends views, not the change log
            Instrument i = b.instrument();
            for (long[] t : b.pendingTrades()) {
                double[] st = stats.get(i.venueSymbol());
                if (st != null) {
                    double price = t[0] * Math.pow(10, -i.priceScale());
                    double qty = t[1] * Math.pow(10, -i.sizeScale());
                    st[0] = price;
                    st[1] += qty;
                    st[2] += price * qty;
                }
                traded.add(i.venueSymbol());
                String msg = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + i.venueSymbol()
                        + "\",\"side\":\"" + (t[2] == 1 ? "buy" : "sell") + "\",\"price\":"
                        + Decimals.toString(t[0], i.priceScale()) + ",\"qty\":" + Decimals.toString(t[1], i.sizeScale())
                        + ",\"ord_type\":\"market\",\"trade_id\":" + t[3] + ",\"timestamp\":\"" + now + "\"}]}";
                for (Client c : clients) {
                    if (c.trades.contains(i.venueSymbol())) {
                        send(c, msg);
                    }
                }
            }
            b.drainTrades();
        }
        for (Client c : clients) {
            for (String symbol : c.views.keySet()) {
                sendBook(c, symbol, false);
            }
            if (!faults.stalled()) {
                for (Map.Entry<String, long[]> t : c.tickers.entrySet()) {
                    if (t.getValue()[4] == 1) {
                        sendTicker(c, t.getKey(), t.getValue(), false);
                    } else if (traded.contains(t.getKey())) {
                        t.getValue()[0] = -1; // event_trigger trades: sent on every trade, changed or not
                        sendTicker(c, t.getKey(), t.getValue(), false);
                    }
                }
            }
            if (nowMillis - c.lastSentMillis >= 1_000 && !faults.stalled()) {
                send(c, "{\"channel\":\"heartbeat\"}");
            }
        }
    }

    /** A snapshot of the client's depth, or the difference between its view and the true book's top. */
    private void sendBook(Client c, String symbol, boolean snapshot) {
        SimBook b = books.get(symbol);
        Instrument i = b.instrument();
        OrderBook truth = b.book();
        OrderBook view = c.views.get(symbol);
        int depth = c.depths.get(symbol);
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        boolean changed = diff(truth, view, depth, false, bids, i) | diff(truth, view, depth, true, asks, i);
        if (!snapshot && !changed) {
            return;
        }
        view.truncate(depth);
        long sum = checksum.compute(view);
        if (!snapshot) {
            String canonical = b.instrument().symbol();
            if (faults.stalled() || faults.hit("dropped", faults.faults().dropRate(), canonical)) {
                return; // the view moved on: the client's next checksum will not match
            }
            if (faults.hit("malformed", faults.faults().malformedRate(), canonical)) {
                send(c, FaultInjector.malformed(faults.random()));
                return;
            }
            if (faults.hit("badChecksum", faults.faults().badChecksumRate(), canonical)) {
                sum = (sum + 1) & 0xffffffffL;
            }
        }
        StringBuilder sb = new StringBuilder(128 + bids.length() + asks.length())
                .append("{\"channel\":\"book\",\"type\":\"").append(snapshot ? "snapshot" : "update")
                .append("\",\"data\":[{\"symbol\":\"").append(symbol).append("\",\"bids\":[").append(bids)
                .append("],\"asks\":[").append(asks).append("],\"checksum\":").append(sum)
                .append(",\"timestamp\":\"").append(Instant.now()).append("\"}]}");
        send(c, sb.toString());
    }

    /**
     * Brings {@code view}'s side in line with the top {@code depth} levels of {@code truth}'s side, appending
     * each level sent. Levels that left the top but still exist deeper are not sent (the client truncates).
     */
    private boolean diff(OrderBook truth, OrderBook view, int depth, boolean ask, StringBuilder out, Instrument i) {
        int n = Math.min(depth, ask ? truth.askCount() : truth.bidCount());
        long[] tp = new long[n];
        long[] ts = new long[n];
        if (ask) {
            truth.topAsks(tp, ts, n);
        } else {
            truth.topBids(tp, ts, n);
        }
        int vn = ask ? view.askCount() : view.bidCount();
        long[] vp = new long[vn];
        long[] vs = new long[vn];
        if (ask) {
            view.topAsks(vp, vs, vn);
        } else {
            view.topBids(vp, vs, vn);
        }
        Map<Long, Long> top = new HashMap<>();
        for (int k = 0; k < n; k++) {
            top.put(tp[k], ts[k]);
        }
        boolean changed = false;
        for (int k = 0; k < vn; k++) {
            if (!top.containsKey(vp[k])) {
                boolean stillThere = ask ? sizeAt(truth, true, vp[k]) > 0 : sizeAt(truth, false, vp[k]) > 0;
                if (!stillThere) {
                    level(out, vp[k], 0, i);
                    changed = true;
                }
                if (ask) {
                    view.setAsk(vp[k], 0);
                } else {
                    view.setBid(vp[k], 0);
                }
            }
        }
        for (int k = 0; k < n; k++) {
            long old = ask ? view.setAsk(tp[k], ts[k]) : view.setBid(tp[k], ts[k]);
            if (old != ts[k]) {
                level(out, tp[k], ts[k], i);
                changed = true;
            }
        }
        return changed;
    }

    private static long sizeAt(OrderBook book, boolean ask, long price) {
        int n = ask ? book.askCount() : book.bidCount();
        for (int k = 0; k < n; k++) {
            if ((ask ? book.askPrice(k) : book.bidPrice(k)) == price) {
                return ask ? book.askSize(k) : book.bidSize(k);
            }
        }
        return 0;
    }

    /** Closes every client connection (fault: disconnect). */
    void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    /** One level as JSON numbers: at full precision, or now and then shortened as Kraken also sends them. */
    private void level(StringBuilder out, long price, long qty, Instrument i) {
        boolean shortened = random.nextInt(4) == 0;
        out.append(out.length() == 0 ? "" : ",").append("{\"price\":")
                .append(shortened ? Decimals.toStrippedString(price, i.priceScale())
                        : Decimals.toString(price, i.priceScale()))
                .append(",\"qty\":")
                .append(shortened ? Decimals.toStrippedString(qty, i.sizeScale()) : Decimals.toString(qty, i.sizeScale()))
                .append('}');
    }

    private void send(Client c, String text) {
        c.lastSentMillis = System.currentTimeMillis();
        c.ws.writeTextMessage(text);
    }
}
