package io.xgate.sim.kraken;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.num.Decimals;
import io.xgate.sim.SimVenue;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.FrameTap;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimTrade;
import io.xgate.sim.market.SimulatedInstrument;
import io.xgate.sim.market.VenueListener;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One simulated Kraken Spot venue on loopback, speaking WebSocket v2 as documented (protocol reference 2.1-2.3):
 * a {@code status} message on connect, {@code subscribe}/{@code unsubscribe} acknowledged per symbol, a
 * {@code book} snapshot of the subscribed depth then updates that carry the CRC32 checksum of the top 10 levels,
 * prices and quantities as JSON numbers at the pair's full precision (sometimes shortened, as Kraken also
 * sends), {@code heartbeat} about once a second when nothing else was sent, {@code ping}/{@code pong},
 * {@code trade}, {@code ticker} and the {@code instrument} channel with the simulated venue's own instruments.
 *
 * <p>Like Kraken, it serves each client a depth-limited view: levels pushed below the subscribed depth are not
 * deleted on the wire (the client truncates), levels that come into view are sent. Runs on the simulator's
 * context.
 */
final class KrakenSimServer implements SimVenue {

    private static final int[] DEPTHS = {10, 25, 100, 500, 1000};
    /** Kraken's book has no sequence: its checksum is what catches a mutant applied (see {@link FrameTap}). */
    private static final java.util.Set<String> NO_SEQUENCE = java.util.Set.of();
    /** Frames a broken venue or proxy might send instead of a book update. */
    private static final List<String> MALFORMED = List.of("{\"channel\":\"book\",\"type\":", "not json at all",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":42}]}");

    private final String venue;
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final String firstSymbol;
    private final List<Client> clients = new ArrayList<>();
    private final SplittableRandom random;
    private final KrakenBookChecksum checksum = new KrakenBookChecksum();
    private final FaultInjector faults;
    private final VenueListener listener;
    private final KrakenSimOrderApi orderApi;
    private long connectionIds = 1_000_000;

    /** One client's {@code ticker} subscription: the best bid and offer last sent, and its trigger. */
    private static final class TickerSubscription {
        final boolean onBbo;
        long bid = -1;
        long bidQty = -1;
        long ask = -1;
        long askQty = -1;

        TickerSubscription(boolean onBbo) {
            this.onBbo = onBbo;
        }
    }

    /** A symbol's figures of the day, for the ticker (quote currency, as doubles: display only). */
    private static final class DayStats {
        double last;
        double volume;
        double notional;
        double low;
        double high;
        final double open;

        DayStats(double mid) {
            last = mid;
            low = mid;
            high = mid;
            open = mid;
        }
    }

    /** A connected client and, per subscribed symbol, the view it was last sent. */
    private static final class Client {
        final ServerWebSocket ws;
        final Map<String, KrakenDepthView> views = new HashMap<>();
        final Map<String, Integer> depths = new HashMap<>();
        final Set<String> trades = new HashSet<>();
        final Map<String, TickerSubscription> tickers = new HashMap<>();
        long lastSentMillis = System.currentTimeMillis();

        Client(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    KrakenSimServer(SimVenue.Setup setup) {
        this.venue = setup.venue().id();
        this.faults = setup.faults();
        this.random = new SplittableRandom(setup.seed());
        for (SimBook b : setup.books()) {
            books.put(b.instrument().venueSymbol(), b);
        }
        this.firstSymbol = setup.books().get(0).instrument().symbol();
        this.listener = new VenueListener(setup.vertx(), venue, "kraken", faults);
        this.orderApi = new KrakenSimOrderApi(venue, books, faults, setup.account(), setup.venue().rateLimits()
                .stream().filter(l -> l.name().equals("TRADING_PER_PAIR")).findFirst().orElse(null));
    }

    @Override
    public Future<?> start(String host, int port) {
        return listener.start(host, port, path -> path.startsWith("/v2"), this::connected, this::rest);
    }

    @Override
    public Future<Void> close() {
        return listener.close();
    }

    @Override
    public OrderCounts orderCounts() {
        return orderApi.counts();
    }

    /** Private calls go to the order API; public REST: {@code GET /0/public/Time}; else Kraken's unknown method. */
    private void rest(HttpServerRequest req) {
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
                            .put("rfc1123", DateTimeFormatter.RFC_1123_DATE_TIME
                                    .format(ZonedDateTime.now(ZoneOffset.UTC)))).encode());
        } else {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":[\"EGeneral:Unknown method\"]}");
        }
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
                    TickerSubscription t = new TickerSubscription("bbo".equals(trigger));
                    c.tickers.put(symbol, t);
                    sendTicker(c, symbol, t, true);
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
                c.views.put(symbol, new KrakenDepthView());
                sendBook(c, symbol, true);
            } else {
                c.views.remove(symbol);
                c.depths.remove(symbol);
            }
        }
    }

    /**
     * The {@code instrument} snapshot: each pair's precisions and increments as the simulated venue has them
     * ({@code simulator.instruments}), as JSON numbers.
     */
    private String instruments() {
        StringBuilder pairs = new StringBuilder();
        for (SimBook b : books.values()) {
            SimulatedInstrument i = b.instrument();
            pairs.append(pairs.length() == 0 ? "" : ",").append("{\"symbol\":\"").append(i.venueSymbol())
                    .append("\",\"base\":\"").append(i.base()).append("\",\"quote\":\"").append(i.quote())
                    .append("\",\"status\":\"online\",\"qty_precision\":").append(i.sizeScale())
                    .append(",\"qty_increment\":").append(Decimals.toStrippedString(i.lot(), i.sizeScale()))
                    .append(",\"price_precision\":").append(i.priceScale())
                    .append(",\"cost_precision\":5,\"tick_size\":")
                    .append(Decimals.toStrippedString(i.tick(), i.priceScale()))
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

    private final Map<String, DayStats> stats = new HashMap<>();
    private final Set<String> traded = new HashSet<>();

    /**
     * The {@code ticker} message: the true book's best bid and offer, with the day's figures. With
     * {@code event_trigger: bbo} it goes out whenever the best bid or offer changed (price or quantity).
     */
    private void sendTicker(Client c, String symbol, TickerSubscription last, boolean snapshot) {
        SimBook b = books.get(symbol);
        if (b.bestBid() < 0 || b.bestAsk() < 0) {
            return;
        }
        long bid = b.bestBid();
        long bidQty = b.bestBidSize();
        long ask = b.bestAsk();
        long askQty = b.bestAskSize();
        if (!snapshot && bid == last.bid && bidQty == last.bidQty && ask == last.ask && askQty == last.askQty) {
            return;
        }
        last.bid = bid;
        last.bidQty = bidQty;
        last.ask = ask;
        last.askQty = askQty;
        SimulatedInstrument i = b.instrument();
        double unit = Math.pow(10, -i.priceScale());
        double mid = (bid + ask) / 2.0 * unit;
        DayStats st = stats.computeIfAbsent(symbol, k -> new DayStats(mid));
        st.low = Math.min(st.low, mid);
        st.high = Math.max(st.high, mid);
        double vwap = st.volume > 0 ? st.notional / st.volume : mid;
        String text = "{\"channel\":\"ticker\",\"type\":\"" + (snapshot ? "snapshot" : "update")
                + "\",\"data\":[{\"symbol\":\"" + symbol + "\",\"bid\":" + Decimals.toString(bid, i.priceScale())
                + ",\"bid_qty\":" + Decimals.toString(bidQty, i.sizeScale()) + ",\"ask\":"
                + Decimals.toString(ask, i.priceScale()) + ",\"ask_qty\":" + Decimals.toString(askQty, i.sizeScale())
                + ",\"last\":" + fmt("%.1f", st.last) + ",\"volume\":" + fmt("%.8f", st.volume)
                + ",\"vwap\":" + fmt("%.1f", vwap) + ",\"low\":" + fmt("%.1f", st.low)
                + ",\"high\":" + fmt("%.1f", st.high) + ",\"change\":" + fmt("%.1f", mid - st.open)
                + ",\"change_pct\":" + fmt("%.2f", (mid / st.open - 1) * 100) + ",\"timestamp\":\""
                + Instant.now() + "\"}]}";
        send(c, text);
        if (!snapshot) {
            faults.tap().sent(c.ws, text, NO_SEQUENCE);
        }
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** Sends each client the changes of its views since the last publish, and heartbeats to idle clients. */
    @Override
    public void publish(long nowMillis) {
        String now = Instant.now().toString();
        traded.clear();
        for (SimBook b : books.values()) {
            b.drain(); // Kraken sends views, not the change log
            SimulatedInstrument i = b.instrument();
            for (SimTrade t : b.pendingTrades()) {
                DayStats st = stats.get(i.venueSymbol());
                if (st != null) {
                    double price = t.price() * Math.pow(10, -i.priceScale());
                    double qty = t.quantity() * Math.pow(10, -i.sizeScale());
                    st.last = price;
                    st.volume += qty;
                    st.notional += price * qty;
                }
                traded.add(i.venueSymbol());
                String msg = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + i.venueSymbol()
                        + "\",\"side\":\"" + (t.buyerTook() ? "buy" : "sell") + "\",\"price\":"
                        + Decimals.toString(t.price(), i.priceScale()) + ",\"qty\":"
                        + Decimals.toString(t.quantity(), i.sizeScale()) + ",\"ord_type\":\"market\",\"trade_id\":"
                        + t.id() + ",\"timestamp\":\"" + now + "\"}]}";
                for (Client c : clients) {
                    if (c.trades.contains(i.venueSymbol())) {
                        send(c, msg);
                        faults.tap().sent(c.ws, msg, NO_SEQUENCE);
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
                for (Map.Entry<String, TickerSubscription> t : c.tickers.entrySet()) {
                    if (t.getValue().onBbo) {
                        sendTicker(c, t.getKey(), t.getValue(), false);
                    } else if (traded.contains(t.getKey())) {
                        t.getValue().bid = -1; // event_trigger trades: sent on every trade, changed or not
                        sendTicker(c, t.getKey(), t.getValue(), false);
                    }
                }
            }
            if (nowMillis - c.lastSentMillis >= 1_000 && !faults.stalled()) {
                send(c, "{\"channel\":\"heartbeat\"}");
            }
        }
    }

    /**
     * A snapshot of the client's depth, or what changed between the client's view and the true book's top: the
     * levels sent are applied to the view and the view truncated to the depth, as the client must do; the
     * checksum is that of the resulting view.
     */
    private void sendBook(Client c, String symbol, boolean snapshot) {
        SimBook b = books.get(symbol);
        SimulatedInstrument i = b.instrument();
        KrakenDepthView view = c.views.get(symbol);
        int depth = c.depths.get(symbol);
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        boolean changed = diff(b, view, depth, false, bids) | diff(b, view, depth, true, asks);
        if (!snapshot && !changed) {
            return;
        }
        view.truncate(depth);
        long sum = checksum.compute(view, i.priceScale(), i.sizeScale());
        boolean large = false;
        StringBuilder sb = new StringBuilder(128 + bids.length() + asks.length())
                .append("{\"channel\":\"book\",\"type\":\"").append(snapshot ? "snapshot" : "update")
                .append("\",\"data\":[{\"symbol\":\"").append(symbol).append("\",\"bids\":[").append(bids)
                .append("],\"asks\":[").append(asks).append("],\"checksum\":");
        if (!snapshot) {
            String canonical = i.symbol();
            if (faults.stalled() || faults.hit("dropped", faults.faults().dropRate(), canonical)) {
                return; // the view moved on: the client's next checksum will not match
            }
            if (faults.hit("malformed", faults.faults().malformedRate(), canonical)) {
                send(c, faults.malformed(MALFORMED));
                return;
            }
            if (faults.hit("badChecksum", faults.faults().badChecksumRate(), canonical)) {
                sum = (sum + 1) & 0xffffffffL;
            }
        }
        sb.append(sum).append(",\"timestamp\":\"").append(Instant.now()).append("\"}]}");
        if (!snapshot) {
            large = faults.padLarge(sb, i.symbol(), firstSymbol);
        }
        if (large) {
            c.lastSentMillis = System.currentTimeMillis();
            c.ws.writeFrame(WebSocketFrame.textFrame(sb.toString(), true)); // one frame, however large
        } else {
            String text = sb.toString();
            send(c, text);
            if (!snapshot) {
                faults.tap().sent(c.ws, text, NO_SEQUENCE);
            }
        }
    }

    /**
     * The levels to send for one side: every level of the true top {@code depth} the view does not hold as is,
     * and a delete for every view level that left the true book; a view level that only moved below the depth is
     * not sent (the client truncates). Applies what it sends to the view.
     */
    private boolean diff(SimBook truth, KrakenDepthView view, int depth, boolean ask, StringBuilder out) {
        SimulatedInstrument i = truth.instrument();
        Map<Long, Long> top = new LinkedHashMap<>();
        Iterator<Map.Entry<Long, Long>> levels = (ask ? truth.asks() : truth.bids()).entrySet().iterator();
        while (top.size() < depth && levels.hasNext()) {
            Map.Entry<Long, Long> e = levels.next();
            top.put(e.getKey(), e.getValue());
        }
        Map<Long, Long> all = ask ? truth.asks() : truth.bids();
        boolean changed = false;
        for (Long price : view.copy(ask).keySet()) {
            if (!top.containsKey(price) && !all.containsKey(price)) {
                level(out, price, 0, i);
                view.set(ask, price, 0);
                changed = true;
            }
        }
        for (Map.Entry<Long, Long> e : top.entrySet()) {
            if (view.sizeAt(ask, e.getKey()) != e.getValue()) {
                level(out, e.getKey(), e.getValue(), i);
                view.set(ask, e.getKey(), e.getValue());
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    /** One level as JSON numbers: at full precision, or now and then shortened as Kraken also sends them. */
    private void level(StringBuilder out, long price, long qty, SimulatedInstrument i) {
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
