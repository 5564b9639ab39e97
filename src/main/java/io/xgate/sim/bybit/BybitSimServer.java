package io.xgate.sim.bybit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import io.xgate.sim.SimVenue;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimTrade;
import io.xgate.sim.market.SimulatedInstrument;
import io.xgate.sim.market.VenueListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One simulated Bybit v5 venue on loopback, as documented (protocol reference 4.1-4.5): the public WebSockets
 * {@code /v5/public/spot} and {@code /v5/public/linear} (a venue's spot instruments on the first, its perpetuals on
 * the second), {@code subscribe}/{@code unsubscribe} acknowledged in each market's shape (spot takes at most 10 args
 * per request), {@code {"op":"ping"}} answered with each market's pong, {@code orderbook.{1,50,200,1000}}: a
 * depth-limited book per symbol and depth, one snapshot to each new subscriber then deltas for all (levels that leave
 * the depth are deleted, levels that come into it sent), each with the stream's {@code u} and the symbol's cross
 * sequence {@code seq} (shared by its depths: an {@code orderbook.1} push and a deeper one with the same {@code seq}
 * describe the same book); {@code orderbook.1} snapshot-only; {@code publicTrade}; spot frames with {@code ts} before
 * {@code type}, linear deeper books with it after. REST: {@code /v5/market/time},
 * {@code /v5/market/instruments-info} (the simulated venue's own instruments) and the order endpoints
 * ({@link BybitSimOrderApi}).
 *
 * <p>Faults (per message, for the configured {@code symbols}): {@code snapshotRate} (a delta replaced by a
 * snapshot mid-stream), {@code restartRate} ({@code u} restarts at 1 with a snapshot), {@code earlySnapshotRate}
 * (the snapshot before the subscribe ack): all documented, none may cause a resync; {@code malformedRate} (a book
 * frame cut short: the client resyncs that symbol), {@code corruptRate} (a delta's best bid size altered, caught by
 * the {@code orderbook.1} at the same {@code seq}, which then always follows), {@code dropRate} ({@code orderbook.1}
 * and trade pushes lost: without a checksum or a gap rule a lost book delta could not be seen by any client, and
 * over TCP Bybit does not lose one, so book deltas are never dropped), stalls, disconnects, REST 429
 * ({@code rest429Rate}) and 403 ({@code rest418Rate}, Bybit's IP ban). Runs on the simulator's context.
 */
final class BybitSimServer implements SimVenue {

    /** The keys that order Bybit's book and touch streams (see {@link io.xgate.sim.market.FrameTap}). */
    private static final java.util.Set<String> SEQUENCE = java.util.Set.of("u", "seq");
    private static final int[] DEPTHS = {1, 50, 200, 1000};

    private final String venue;
    private final FaultInjector faults;
    private final SplittableRandom random;
    private final VenueListener listener;
    private final BybitSimOrderApi orderApi;
    /** {@code category:venueSymbol} to the book. */
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    /** {@code category:topic} to the stream, created on the first subscription. */
    private final Map<String, BookStream> streams = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();

    /** A depth-limited book as the venue serves it on one topic: its view, its {@code u}. */
    private static final class BookStream {
        final SimBook book;
        final boolean linear;
        final int depth;
        final String topic;
        final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long u;
        /** The symbol's cross sequence when this view last changed: what its pushes carry as {@code seq}. */
        long seq;
        /** A deeper stream was corrupted at this publish: the touch must go out at the same seq. */
        boolean forceTouch;

        BookStream(SimBook book, boolean linear, int depth, long u) {
            this.book = book;
            this.linear = linear;
            this.depth = depth;
            this.topic = "orderbook." + depth + "." + book.instrument().venueSymbol();
            this.u = u;
        }
    }

    /** A connected client: its market and topics. */
    private static final class Client {
        final ServerWebSocket ws;
        final boolean linear;
        final String connId;
        final Set<String> topics = new HashSet<>();

        Client(ServerWebSocket ws, boolean linear, String connId) {
            this.ws = ws;
            this.linear = linear;
            this.connId = connId;
        }
    }

    BybitSimServer(SimVenue.Setup setup) {
        this.venue = setup.venue().id();
        this.faults = setup.faults();
        this.random = new SplittableRandom(setup.seed());
        for (SimBook b : setup.books()) {
            Instrument configured = setup.venue().instruments().get(b.instrument().symbol());
            boolean linear = configured != null && configured.perpetual();
            books.put(key(linear, b.instrument().venueSymbol()), b);
        }
        this.listener = new VenueListener(setup.vertx(), venue, "bybit", faults);
        this.orderApi = new BybitSimOrderApi(books, faults, setup.account());
    }

    private static String key(boolean linear, String venueSymbol) {
        return (linear ? "linear:" : "spot:") + venueSymbol;
    }

    @Override
    public Future<?> start(String host, int port) {
        return listener.start(host, port, p -> p.equals("/v5/public/spot") || p.equals("/v5/public/linear"),
                this::connected, this::rest);
    }

    @Override
    public Future<Void> close() {
        return listener.close();
    }

    @Override
    public OrderCounts orderCounts() {
        return orderApi.counts();
    }

    // ------------------------------------------------------------------------------------------ REST

    private void rest(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith("/v5/order/")) {
            req.body().onSuccess(b -> orderApi.handle(req, b.toString()));
            return;
        }
        if (path.startsWith("/v5/market/")) {
            if (faults.hitRest("rest418", faults.faults().rest418Rate())) {
                req.response().setStatusCode(403).putHeader("Content-Type", "text/plain").end("access too frequent");
                return;
            }
            if (faults.hitRest("rest429", faults.faults().rest429Rate())) {
                req.response().setStatusCode(429).putHeader("Content-Type", "text/plain")
                        .end("System level frequency protection, please retry");
                return;
            }
        }
        long now = System.currentTimeMillis();
        if ("/v5/market/time".equals(path)) {
            long nanos = now * 1_000_000 + System.nanoTime() % 1_000_000;
            json(req, new JsonObject().put("retCode", 0).put("retMsg", "OK").put("result", new JsonObject()
                    .put("timeSecond", Long.toString(now / 1_000)).put("timeNano", Long.toString(nanos)))
                    .put("retExtInfo", new JsonObject()).put("time", now).encode());
        } else if ("/v5/market/instruments-info".equals(path)) {
            String category = req.getParam("category", "");
            if (!category.equals("spot") && !category.equals("linear")) {
                json(req, "{\"retCode\":10001,\"retMsg\":\"params error: category\",\"result\":{},\"retExtInfo\":{},"
                        + "\"time\":" + now + "}");
                return;
            }
            boolean linear = category.equals("linear");
            String symbol = req.getParam("symbol");
            JsonArray list = new JsonArray();
            for (Map.Entry<String, SimBook> e : books.entrySet()) {
                SimulatedInstrument i = e.getValue().instrument();
                if (e.getKey().startsWith(linear ? "linear:" : "spot:")
                        && (symbol == null || symbol.equals(i.venueSymbol()))) {
                    list.add(instrument(i, linear));
                }
            }
            json(req, new JsonObject().put("retCode", 0).put("retMsg", "OK").put("result", new JsonObject()
                    .put("category", category).put("list", list).put("nextPageCursor", ""))
                    .put("retExtInfo", new JsonObject()).put("time", now).encode());
        } else {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"retCode\":10001,\"retMsg\":\"path not found\"}");
        }
    }

    /** One instrument as {@code instruments-info} describes it: spot's {@code basePrecision}, linear's {@code qtyStep}. */
    private static JsonObject instrument(SimulatedInstrument i, boolean linear) {
        String base = i.base();
        String quote = i.quote().replace("-PERP", "");
        String tick = Decimals.toString(i.tick(), i.priceScale());
        String lot = Decimals.toString(i.lot(), i.sizeScale());
        JsonObject o = new JsonObject().put("symbol", i.venueSymbol());
        if (linear) {
            return o.put("contractType", "LinearPerpetual").put("status", "Trading").put("baseCoin", base)
                    .put("quoteCoin", quote).put("settleCoin", quote).put("priceScale", Integer.toString(i.priceScale()))
                    .put("priceFilter", new JsonObject().put("minPrice", tick).put("maxPrice", "1999999.00")
                            .put("tickSize", tick))
                    .put("lotSizeFilter", new JsonObject().put("maxOrderQty", "1000").put("minOrderQty", lot)
                            .put("qtyStep", lot));
        }
        return o.put("baseCoin", base).put("quoteCoin", quote).put("innovation", "0").put("status", "Trading")
                .put("marginTrading", "both")
                .put("lotSizeFilter", new JsonObject().put("basePrecision", lot).put("quotePrecision", "0.00000001")
                        .put("minOrderQty", lot).put("maxOrderQty", "1000").put("minOrderAmt", "1")
                        .put("maxOrderAmt", "2000000"))
                .put("priceFilter", new JsonObject().put("tickSize", tick));
    }

    private static void json(HttpServerRequest req, String body) {
        req.response().putHeader("Content-Type", "application/json").end(body);
    }

    // ------------------------------------------------------------------------------------------ WebSocket

    private void connected(ServerWebSocket ws) {
        Client c = new Client(ws, ws.path().endsWith("/linear"), new UUID(random.nextLong(), random.nextLong())
                .toString());
        clients.add(c);
        ws.textMessageHandler(text -> request(c, text));
        ws.closeHandler(v -> clients.remove(c));
        ws.exceptionHandler(e -> clients.remove(c));
    }

    private void request(Client c, String text) {
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (RuntimeException e) {
            send(c, reply(c, false, "error:request not json", null, "unknown"));
            return;
        }
        String op = req.getString("op", "");
        String reqId = req.getValue("req_id") == null ? null : String.valueOf(req.getValue("req_id"));
        if ("ping".equals(op)) {
            send(c, reply(c, true, "pong", reqId, "ping"));
            return;
        }
        if (!"subscribe".equals(op) && !"unsubscribe".equals(op)) {
            send(c, reply(c, false, "error:handler not found,op:" + op, reqId, op));
            return;
        }
        JsonArray args = req.getJsonArray("args", new JsonArray());
        if (!c.linear && args.size() > 10) {
            send(c, reply(c, false, "args size >10", reqId, op));
            return;
        }
        List<String> topics = new ArrayList<>();
        for (Object o : args) {
            String topic = String.valueOf(o);
            if (!known(c.linear, topic)) {
                send(c, reply(c, false, "Invalid symbol :[" + topic + "]", reqId, op));
                return;
            }
            topics.add(topic);
        }
        String ack = reply(c, true, c.linear ? "" : op, reqId, op);
        if (op.equals("unsubscribe")) {
            c.topics.removeAll(topics);
            send(c, ack);
            return;
        }
        List<String> snapshots = new ArrayList<>();
        for (String topic : topics) {
            c.topics.add(topic);
            if (topic.startsWith("orderbook.")) {
                BookStream s = stream(c.linear, topic);
                snapshots.add(frame(s, "snapshot", bookData(s, s.bids, s.asks, s.u), seqOf(s)));
            }
        }
        String symbol = topics.isEmpty() ? "" : books.get(key(c.linear, symbolOf(topics.get(0)))).instrument().symbol();
        boolean early = !snapshots.isEmpty() && faults.hit("earlySnapshot", faults.faults().earlySnapshotRate(), symbol);
        if (!early) {
            send(c, ack);
        }
        snapshots.forEach(f -> send(c, f));
        if (early) {
            send(c, ack);
        }
    }

    /** A reply to a request, in the client's market's shape (4.1): linear always carries {@code req_id}. */
    private static String reply(Client c, boolean success, String retMsg, String reqId, String op) {
        JsonObject o = new JsonObject().put("success", success).put("ret_msg", retMsg).put("conn_id", c.connId);
        if (c.linear || reqId != null) {
            o.put("req_id", reqId == null ? "" : reqId);
        }
        return o.put("op", op).encode();
    }

    private boolean known(boolean linear, String topic) {
        if (topic.startsWith("publicTrade.")) {
            return books.containsKey(key(linear, topic.substring("publicTrade.".length())));
        }
        if (!topic.startsWith("orderbook.")) {
            return false;
        }
        String[] parts = topic.split("\\.", 3);
        if (parts.length != 3 || !books.containsKey(key(linear, parts[2]))) {
            return false;
        }
        for (int d : DEPTHS) {
            if (Integer.toString(d).equals(parts[1])) {
                return true;
            }
        }
        return false;
    }

    private static String symbolOf(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    private BookStream stream(boolean linear, String topic) {
        return streams.computeIfAbsent((linear ? "linear:" : "spot:") + topic, k -> {
            String[] parts = topic.split("\\.", 3);
            BookStream s = new BookStream(books.get(key(linear, parts[2])), linear, Integer.parseInt(parts[1]),
                    1_000 + random.nextInt(1_000_000));
            diff(s.book.bids(), s.bids, s.depth, null, null);
            diff(s.book.asks(), s.asks, s.depth, null, null);
            s.seq = s.book.updateId();
            return s;
        });
    }

    /**
     * The symbol's cross sequence of a view: the true book's update id when the view last changed, so that two
     * depths' pushes with the same {@code seq} describe the same book.
     */
    private static long seqOf(BookStream s) {
        return s.seq;
    }

    // ------------------------------------------------------------------------------------------ publishing

    @Override
    public void publish(long nowMillis) {
        if (faults.stalled()) {
            return; // silent; the views stay behind and the next publish catches up
        }
        List<BookStream> touches = new ArrayList<>();
        for (BookStream s : streams.values()) {
            if (s.depth == 1) {
                touches.add(s);
            } else {
                publishBook(s);
            }
        }
        for (BookStream s : touches) {
            publishTouch(s);
        }
        for (Map.Entry<String, SimBook> e : books.entrySet()) {
            SimBook b = e.getValue();
            b.drain(); // Bybit serves depth views, not the change log
            boolean linear = e.getKey().startsWith("linear:");
            String topic = "publicTrade." + b.instrument().venueSymbol();
            for (SimTrade t : b.pendingTrades()) {
                if (faults.hit("dropped", faults.faults().dropRate(), b.instrument().symbol())) {
                    continue;
                }
                SimulatedInstrument i = b.instrument();
                String msg = "{\"topic\":\"" + topic + "\",\"type\":\"snapshot\",\"ts\":" + nowMillis
                        + ",\"data\":[{\"T\":" + nowMillis + ",\"s\":\"" + i.venueSymbol() + "\",\"S\":\""
                        + (t.buyerTook() ? "Buy" : "Sell") + "\",\"v\":\"" + Decimals.toString(t.quantity(), i.sizeScale())
                        + "\",\"p\":\"" + Decimals.toString(t.price(), i.priceScale()) + "\",\"L\":\"ZeroPlusTick\","
                        + "\"i\":\"" + new UUID(i.venueSymbol().hashCode(), t.id()) + "\",\"BT\":false,\"seq\":"
                        + b.updateId() + "}]}";
                for (Client c : clients) {
                    if (c.linear == linear && c.topics.contains(topic)) {
                        send(c, msg);
                        faults.tap().sent(c.ws, msg, SEQUENCE);
                    }
                }
            }
            b.drainTrades();
        }
    }

    private void publishBook(BookStream s) {
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        SimulatedInstrument i = s.book.instrument();
        boolean changed = diff(s.book.bids(), s.bids, s.depth, bids, i)
                | diff(s.book.asks(), s.asks, s.depth, asks, i);
        if (!changed) {
            return;
        }
        String symbol = i.symbol();
        s.seq = s.book.updateId();
        long seq = s.seq;
        String frame;
        boolean delta = false; // a delta as the venue sends it: a hot shape (a book snapshot is none)
        if (faults.hit("restart", faults.faults().restartRate(), symbol)) {
            s.u = 1; // the venue restarted: a snapshot with u 1, then 2, 3, ...
            frame = frame(s, "snapshot", bookData(s, s.bids, s.asks, 1), seq);
        } else if (faults.hit("midSnapshot", faults.faults().snapshotRate(), symbol)) {
            frame = frame(s, "snapshot", bookData(s, s.bids, s.asks, ++s.u), seq);
        } else if (faults.hit("malformed", faults.faults().malformedRate(), symbol)) {
            String whole = frame(s, "delta", "{\"s\":\"" + i.venueSymbol() + "\",\"b\":[" + bids + "],\"a\":[" + asks
                    + "],\"u\":" + (++s.u) + ",\"seq\":" + seq + "}", seq);
            frame = faults.malformed(List.of(whole.substring(0, whole.indexOf("\"data\"") + 20),
                    whole.replace("\"u\":" + s.u, "\"u\":\"" + s.u + "x\"")));
        } else {
            if (faults.hit("corrupted", faults.faults().corruptRate(), symbol) && !s.bids.isEmpty()) {
                Map.Entry<Long, Long> best = s.bids.firstEntry();
                bids.append(bids.length() == 0 ? "" : ",").append("[\"")
                        .append(Decimals.toString(best.getKey(), i.priceScale())).append("\",\"")
                        .append(Decimals.toString(best.getValue() + i.lot(), i.sizeScale())).append("\"]");
                BookStream touch = streams.get((s.linear ? "linear:" : "spot:") + "orderbook.1." + i.venueSymbol());
                if (touch != null) {
                    touch.forceTouch = true;
                }
            }
            frame = frame(s, "delta", "{\"s\":\"" + i.venueSymbol() + "\",\"b\":[" + bids + "],\"a\":[" + asks
                    + "],\"u\":" + (++s.u) + ",\"seq\":" + seq + "}", seq);
            delta = true;
        }
        broadcast(s, frame, delta);
    }

    private void publishTouch(BookStream s) {
        boolean changed = diff(s.book.bids(), s.bids, 1, null, null)
                | diff(s.book.asks(), s.asks, 1, null, null);
        boolean forced = s.forceTouch;
        s.forceTouch = false;
        if (!changed && !forced) {
            return;
        }
        s.seq = s.book.updateId(); // unchanged and forced: still the true touch at this seq
        s.u++;
        if (!forced && faults.hit("dropped", faults.faults().dropRate(), s.book.instrument().symbol())) {
            return;
        }
        broadcast(s, frame(s, "snapshot", bookData(s, s.bids, s.asks, s.u), seqOf(s)), true); // orderbook.1
    }

    /** @param hot whether it is one of the dialect's hot shapes, which the fuzz mode may mutate */
    private void broadcast(BookStream s, String frame, boolean hot) {
        for (Client c : clients) {
            if (c.linear == s.linear && c.topics.contains(s.topic)) {
                send(c, frame);
                if (hot) {
                    faults.tap().sent(c.ws, frame, SEQUENCE);
                }
            }
        }
    }

    /**
     * One push: spot (every depth) and linear level 1 put {@code ts} before {@code type}, linear deeper books after
     * it (4.1).
     */
    private static String frame(BookStream s, String type, String data, long seq) {
        long now = System.currentTimeMillis();
        boolean tsFirst = !s.linear || s.depth == 1;
        return "{\"topic\":\"" + s.topic + "\"," + (tsFirst ? "\"ts\":" + now + ",\"type\":\"" + type + "\""
                : "\"type\":\"" + type + "\",\"ts\":" + now) + ",\"data\":" + data + ",\"cts\":" + (now - 2) + "}";
    }

    private static String bookData(BookStream s, NavigableMap<Long, Long> bids, NavigableMap<Long, Long> asks, long u) {
        SimulatedInstrument i = s.book.instrument();
        StringBuilder b = new StringBuilder();
        StringBuilder a = new StringBuilder();
        bids.forEach((p, q) -> level(b, p, q, i));
        asks.forEach((p, q) -> level(a, p, q, i));
        return "{\"s\":\"" + i.venueSymbol() + "\",\"b\":[" + b + "],\"a\":[" + a + "],\"u\":" + u + ",\"seq\":"
                + s.seq + "}";
    }

    /**
     * Brings one side of a view to the true book's top {@code depth}: a delete for every view level no longer in it
     * (gone, or pushed below the depth), every level of the top the view does not hold as is. Appends what changed to
     * {@code out} (if not null) and applies it to the view.
     */
    private static boolean diff(NavigableMap<Long, Long> truth, TreeMap<Long, Long> view, int depth, StringBuilder out,
                                SimulatedInstrument i) {
        Map<Long, Long> top = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> e : truth.entrySet()) {
            if (top.size() == depth) {
                break;
            }
            top.put(e.getKey(), e.getValue());
        }
        boolean changed = false;
        for (Long price : new ArrayList<>(view.keySet())) {
            if (!top.containsKey(price)) {
                view.remove(price);
                changed = true;
                if (out != null) {
                    level(out, price, 0, i);
                }
            }
        }
        for (Map.Entry<Long, Long> e : top.entrySet()) {
            Long had = view.put(e.getKey(), e.getValue());
            if (had == null || !had.equals(e.getValue())) {
                changed = true;
                if (out != null) {
                    level(out, e.getKey(), e.getValue(), i);
                }
            }
        }
        return changed;
    }

    private static void level(StringBuilder out, long price, long size, SimulatedInstrument i) {
        out.append(out.length() == 0 ? "" : ",").append("[\"").append(Decimals.toString(price, i.priceScale()))
                .append("\",\"").append(Decimals.toString(size, i.sizeScale())).append("\"]");
    }

    @Override
    public void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    private static void send(Client c, String text) {
        c.ws.writeTextMessage(text);
    }
}
