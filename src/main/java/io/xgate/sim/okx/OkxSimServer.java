package io.xgate.sim.okx;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import io.xgate.sim.SimVenue;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.LevelChanges;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimTrade;
import io.xgate.sim.market.SimulatedInstrument;
import io.xgate.sim.market.VenueListener;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One simulated OKX v5 venue on loopback, as protocol reference 3.1-3.6 (with 3.2a) documents it:
 * {@code /ws/v5/public} with {@code subscribe}/{@code unsubscribe} acks per argument, {@code books} (an in-band
 * snapshot, {@code prevSeqId -1}, then updates chained by {@code prevSeqId}/{@code seqId} and the venue's CRC32 over
 * the exact strings sent), {@code bbo-tbt} at the book's {@code seqId} (pushed before the book, the documented
 * order), {@code trades}, the literal {@code ping}/{@code pong}, the {@code 64008} notice; REST
 * {@code GET /api/v5/market/books}, {@code /api/v5/public/time}, {@code /api/v5/public/instruments}, and the trade
 * endpoints ({@link OkxSimOrderApi}). SWAP books and trades are quoted in contracts of the instrument's
 * {@code ctVal}.
 *
 * <p>Every client sees one venue-wide sequence per instrument (as OKX's {@code seqId} is). Faults: dropped and
 * malformed book messages, bad checksums, stalls and disconnects (the usual keys), and the documented sequence
 * exceptions ({@code simulator.faults.<venue>.keepaliveRate}, {@code seqResetRate}), subscriptions without the
 * in-band snapshot ({@code noSnapshotRate}: the client bootstraps from REST) and {@code checksum: 0}
 * ({@code zeroChecksumRate}). Runs on the simulator's context.
 */
final class OkxSimServer implements SimVenue {

    static final String PATH = "/ws/v5/public";
    /** Levels the {@code books} channel and {@code GET /api/v5/market/books} hold at most. */
    static final int MAX_LEVELS = 400;
    /** The keys that chain OKX's books and order its touches (see {@link io.xgate.sim.market.FrameTap}). */
    private static final java.util.Set<String> SEQUENCE = java.util.Set.of("seqId", "prevSeqId");
    private static final List<String> MALFORMED = List.of("{\"arg\":{\"channel\":\"books\",\"instId\":",
            "not json at all", "{\"arg\":{\"channel\":\"books\",\"instId\":\"%s\"},\"action\":\"update\","
                    + "\"data\":[{\"asks\":[[\"x\",\"1\",\"0\",\"1\"]],\"bids\":[],\"ts\":\"1\",\"checksum\":0,"
                    + "\"prevSeqId\":1,\"seqId\":2}]}");

    /** The venue's view of one instrument: what it has sent, as the strings it sent, and its sequence. */
    private static final class Wire {
        final SimBook book;
        final BigDecimal ctVal;
        final TreeMap<Long, String[]> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, String[]> asks = new TreeMap<>();
        long seqId;

        Wire(SimBook book, BigDecimal ctVal, long seqId) {
            this.book = book;
            this.ctVal = ctVal;
            this.seqId = seqId;
        }
    }

    /** A connected client and its subscriptions by {@code instId}. */
    private static final class Client {
        final ServerWebSocket ws;
        final String connId;
        final Set<String> books = new HashSet<>();
        final Set<String> bbo = new HashSet<>();
        final Set<String> trades = new HashSet<>();

        Client(ServerWebSocket ws, String connId) {
            this.ws = ws;
            this.connId = connId;
        }
    }

    private final String venue;
    private final Map<String, Wire> wires = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final FaultInjector faults;
    private final VenueListener listener;
    private final OkxSimOrderApi orderApi;
    private final SplittableRandom random;
    private long snapshotRequests;
    private long connIds = 0xa4d3ae55L;

    OkxSimServer(SimVenue.Setup setup) {
        this.venue = setup.venue().id();
        this.faults = setup.faults();
        this.random = new SplittableRandom(setup.seed());
        Map<String, BigDecimal> ctVals = new HashMap<>();
        for (Instrument i : setup.venue().instruments().values()) {
            if (i.perpetual()) {
                ctVals.put(i.venueSymbol(), new BigDecimal(i.contractSizeText()));
            }
        }
        for (SimBook b : setup.books()) {
            String instId = b.instrument().venueSymbol();
            wires.put(instId, new Wire(b, ctVals.get(instId), 1_000_000 + random.nextInt(1_000_000)));
        }
        this.listener = new VenueListener(setup.vertx(), venue, "okx", faults);
        Map<String, SimBook> books = new LinkedHashMap<>();
        wires.forEach((k, w) -> books.put(k, w.book));
        this.orderApi = new OkxSimOrderApi(books, ctVals, faults, setup.account());
    }

    @Override
    public Future<?> start(String host, int port) {
        return listener.start(host, port, PATH::equals, this::connected, this::rest);
    }

    @Override
    public Future<Void> close() {
        return listener.close();
    }

    @Override
    public OrderCounts orderCounts() {
        return orderApi.counts();
    }

    @Override
    public long snapshotRequests() {
        return snapshotRequests;
    }

    // ---------------------------------------------------------------------------------------------- REST

    private void rest(HttpServerRequest req) {
        if (req.path().startsWith("/api/v5/trade/")) {
            req.body().onSuccess(b -> orderApi.handle(req, b.toString()));
            return;
        }
        switch (req.path()) {
            case "/api/v5/public/time" -> write(req, 200, "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"ts\":\""
                    + System.currentTimeMillis() + "\"}]}");
            case "/api/v5/public/instruments" -> write(req, 200, instruments(req.getParam("instType", "")));
            case "/api/v5/market/books" -> {
                if (faults.hitRest("rest429", faults.faults().rest429Rate())) {
                    write(req, 429, "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}");
                    return;
                }
                Wire w = wires.get(req.getParam("instId", ""));
                if (w == null) {
                    write(req, 200, "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}");
                    return;
                }
                int sz;
                try {
                    sz = Math.min(MAX_LEVELS, Math.max(1, Integer.parseInt(req.getParam("sz", "1"))));
                } catch (NumberFormatException e) {
                    write(req, 200, "{\"code\":\"51000\",\"msg\":\"Parameter sz error\",\"data\":[]}");
                    return;
                }
                snapshotRequests++;
                write(req, 200, "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"asks\":[" + levels(w.asks, sz)
                        + "],\"bids\":[" + levels(w.bids, sz) + "],\"ts\":\"" + System.currentTimeMillis()
                        + "\",\"seqId\":" + w.seqId + "}]}");
            }
            default -> write(req, 404, "{\"code\":\"50000\",\"msg\":\"Not found\",\"data\":[]}");
        }
    }

    /** The simulated venue's own instruments ({@code simulator.instruments}), SWAP lots in contracts. */
    private String instruments(String type) {
        JsonArray data = new JsonArray();
        for (Wire w : wires.values()) {
            boolean swap = w.ctVal != null;
            if (!type.equals(swap ? "SWAP" : "SPOT")) {
                continue;
            }
            SimulatedInstrument i = w.book.instrument();
            BigDecimal lot = new BigDecimal(i.lotSize());
            JsonObject o = new JsonObject().put("instType", type).put("instId", i.venueSymbol())
                    .put("tickSz", new BigDecimal(i.tickSize()).stripTrailingZeros().toPlainString())
                    .put("lotSz", (swap ? lot.divide(w.ctVal) : lot).stripTrailingZeros().toPlainString())
                    .put("minSz", (swap ? lot.divide(w.ctVal) : lot).stripTrailingZeros().toPlainString())
                    .put("state", "live");
            if (swap) {
                o.put("ctVal", w.ctVal.stripTrailingZeros().toPlainString()).put("ctType", "linear")
                        .put("ctValCcy", i.base()).put("settleCcy", i.quote()).put("uly", i.base() + "-" + i.quote());
            } else {
                o.put("baseCcy", i.base()).put("quoteCcy", i.quote());
            }
            data.add(o);
        }
        return new JsonObject().put("code", "0").put("msg", "").put("data", data).encode();
    }

    static void write(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    // ---------------------------------------------------------------------------------------------- WebSocket

    private void connected(ServerWebSocket ws) {
        Client c = new Client(ws, Long.toHexString(connIds++));
        clients.add(c);
        ws.textMessageHandler(text -> request(c, text));
        ws.closeHandler(v -> clients.remove(c));
        ws.exceptionHandler(e -> clients.remove(c));
    }

    private void request(Client c, String text) {
        if ("ping".equals(text)) {
            c.ws.writeTextMessage("pong");
            return;
        }
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (RuntimeException e) {
            send(c, error(null, "60012", "Invalid request: " + text, c));
            return;
        }
        String op = req.getString("op", "");
        String id = req.getValue("id") instanceof String s ? s : null;
        if (!op.equals("subscribe") && !op.equals("unsubscribe")) {
            send(c, error(id, "60012", "Invalid request: " + text, c));
            return;
        }
        JsonArray args = req.getJsonArray("args", new JsonArray());
        for (Object o : args) {
            if (!(o instanceof JsonObject arg)) {
                send(c, error(id, "60012", "Invalid request: " + text, c));
                continue;
            }
            String channel = arg.getString("channel", "");
            String instId = arg.getString("instId", "");
            Wire w = wires.get(instId);
            Set<String> set = switch (channel) {
                case "books" -> c.books;
                case "bbo-tbt" -> c.bbo;
                case "trades" -> c.trades;
                default -> null;
            };
            if (set == null || w == null) {
                send(c, error(id, "60018", "Wrong URL or channel:" + channel + ",instId:" + instId
                        + " doesn't exist. Please use the correct URL, channel and parameters referring to API "
                        + "document.", c));
                continue;
            }
            JsonObject ack = new JsonObject();
            if (id != null) {
                ack.put("id", id);
            }
            send(c, ack.put("event", op).put("arg", new JsonObject().put("channel", channel).put("instId", instId))
                    .put("connId", c.connId).encode());
            if (op.equals("unsubscribe")) {
                set.remove(instId);
                continue;
            }
            set.add(instId);
            if (set == c.books) {
                if (faults.hit("noSnapshot", faults.faults().sequence().noSnapshotRate(), w.book.instrument().symbol())) {
                    continue; // 3.2a: the client must bootstrap from REST
                }
                send(c, bookMessage(w, "snapshot", -1, w.seqId, levels(w.bids, MAX_LEVELS), levels(w.asks, MAX_LEVELS),
                        checksum(w)));
            }
        }
    }

    private static String error(String id, String code, String msg, Client c) {
        JsonObject e = new JsonObject();
        if (id != null) {
            e.put("id", id);
        }
        return e.put("event", "error").put("code", code).put("msg", msg).put("connId", c.connId).encode();
    }

    /** The 64008 service-upgrade notice on every connection (fault {@code shutdownEvery}). */
    @Override
    public void announceShutdown() {
        for (Client c : clients) {
            send(c, "{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a "
                    + "service upgrade. Please reconnect.\",\"connId\":\"" + c.connId + "\"}");
        }
        faults.count("notice64008");
    }

    @Override
    public void disconnectAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        faults.count("disconnect");
    }

    /** Sends each instrument's changes since the last publish as one update, its touch and its trades. */
    @Override
    public void publish(long nowMillis) {
        for (Wire w : wires.values()) {
            SimBook b = w.book;
            String symbol = b.instrument().symbol();
            if (faults.hit("keepalive", faults.faults().sequence().keepaliveRate(), symbol)) {
                // 3.2 exception 1: empty, seqId == prevSeqId == the last seqId
                broadcastBook(w, bookMessage(w, "update", w.seqId, w.seqId, "", "", checksum(w)), false);
            }
            if (b.hasPending()) {
                StringBuilder bids = new StringBuilder();
                StringBuilder asks = new StringBuilder();
                int n = apply(w, b.pendingBids(), w.bids, bids) + apply(w, b.pendingAsks(), w.asks, asks);
                b.drain();
                long prev = w.seqId;
                // a reset goes lower: at seqId 1 (just reset) there is nothing lower to go to
                if (prev > 1 && faults.hit("seqReset", faults.faults().sequence().seqResetRate(), symbol)) {
                    w.seqId = 1 + random.nextInt((int) Math.min(prev - 1, 1_000)); // 3.2 exception 2: lower
                } else {
                    w.seqId = prev + n;
                }
                String msg = bookMessage(w, "update", prev, w.seqId, bids.toString(), asks.toString(), checksum(w));
                broadcastBbo(w);
                broadcastBook(w, msg, true);
            }
            for (SimTrade t : b.pendingTrades()) {
                String msg = "{\"arg\":{\"channel\":\"trades\",\"instId\":\"" + b.instrument().venueSymbol()
                        + "\"},\"data\":[{\"instId\":\"" + b.instrument().venueSymbol() + "\",\"tradeId\":\"" + t.id()
                        + "\",\"px\":\"" + price(w, t.price()) + "\",\"sz\":\"" + size(w, t.quantity())
                        + "\",\"side\":\"" + (t.buyerTook() ? "buy" : "sell") + "\",\"ts\":\"" + nowMillis
                        + "\",\"count\":\"1\",\"source\":\"0\",\"seqId\":" + w.seqId + "}]}";
                for (Client c : clients) {
                    if (c.trades.contains(b.instrument().venueSymbol()) && !faults.stalled()) {
                        send(c, msg);
                        faults.tap().sent(c.ws, msg, SEQUENCE);
                    }
                }
            }
            b.drainTrades();
        }
    }

    private void broadcastBook(Wire w, String msg, boolean faultable) {
        String instId = w.book.instrument().venueSymbol();
        String symbol = w.book.instrument().symbol();
        for (Client c : clients) {
            if (!c.books.contains(instId)) {
                continue;
            }
            if (faults.stalled()) {
                continue; // nothing is sent; the sequence moves on, so the client sees a gap afterwards
            }
            if (faultable && faults.hit("dropped", faults.faults().dropRate(), symbol)) {
                continue;
            }
            if (faultable && faults.hit("malformed", faults.faults().malformedRate(), symbol)) {
                send(c, String.format(faults.malformed(MALFORMED), instId));
                continue;
            }
            send(c, msg);
            if (faultable) {
                faults.tap().sent(c.ws, msg, SEQUENCE); // an update (the keepalive is not a hot shape)
            }
        }
    }

    private void broadcastBbo(Wire w) {
        if (w.bids.isEmpty() || w.asks.isEmpty() || faults.stalled()) {
            return;
        }
        String instId = w.book.instrument().venueSymbol();
        String[] bid = w.bids.firstEntry().getValue();
        String[] ask = w.asks.firstEntry().getValue();
        String msg = "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"" + instId + "\"},\"data\":[{\"asks\":[[\""
                + ask[0] + "\",\"" + ask[1] + "\",\"0\",\"1\"]],\"bids\":[[\"" + bid[0] + "\",\"" + bid[1]
                + "\",\"0\",\"1\"]],\"ts\":\"" + System.currentTimeMillis() + "\",\"seqId\":" + w.seqId + "}]}";
        for (Client c : clients) {
            if (c.bbo.contains(instId)) {
                send(c, msg);
                faults.tap().sent(c.ws, msg, SEQUENCE);
            }
        }
    }

    /** Applies the true book's changes to the wire book, writing each level as sent; returns how many. */
    private int apply(Wire w, LevelChanges changes, TreeMap<Long, String[]> side, StringBuilder out) {
        Map<Long, Long> last = new LinkedHashMap<>();
        for (int k = 0; k < changes.count(); k++) {
            last.put(changes.price(k), changes.size(k)); // OKX sends a price once per message: its last size
        }
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            String[] level = {price(w, e.getKey()), size(w, e.getValue())};
            if (e.getValue() == 0) {
                side.remove(e.getKey());
            } else {
                side.put(e.getKey(), level);
            }
            out.append(out.isEmpty() ? "" : ",").append("[\"").append(level[0]).append("\",\"").append(level[1])
                    .append("\",\"0\",\"").append(e.getValue() == 0 ? 0 : 1 + random.nextInt(9)).append("\"]");
        }
        return Math.max(1, changes.count());
    }

    private int checksum(Wire w) {
        String symbol = w.book.instrument().symbol();
        if (faults.hit("zeroChecksum", faults.faults().sequence().zeroChecksumRate(), symbol)) {
            return 0; // 3.2a: "no checksum"
        }
        int sum = OkxSimChecksum.of(top(w.bids), top(w.asks));
        if (faults.hit("badChecksum", faults.faults().badChecksumRate(), symbol)) {
            sum = sum + 1 == 0 ? 2 : sum + 1;
        }
        return sum;
    }

    private static List<String[]> top(TreeMap<Long, String[]> side) {
        List<String[]> out = new ArrayList<>(OkxSimChecksum.LEVELS);
        for (String[] l : side.values()) {
            if (out.size() == OkxSimChecksum.LEVELS) {
                break;
            }
            out.add(l);
        }
        return out;
    }

    private static String bookMessage(Wire w, String action, long prev, long seq, String bids, String asks,
                                      int checksum) {
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + w.book.instrument().venueSymbol() + "\"},\"action\":\""
                + action + "\",\"data\":[{\"asks\":[" + asks + "],\"bids\":[" + bids + "],\"ts\":\""
                + System.currentTimeMillis() + "\",\"checksum\":" + checksum + ",\"prevSeqId\":" + prev
                + ",\"seqId\":" + seq + "}]}";
    }

    private static String levels(TreeMap<Long, String[]> side, int max) {
        StringBuilder out = new StringBuilder();
        int k = 0;
        for (String[] l : side.values()) {
            if (k++ == max) {
                break;
            }
            out.append(out.isEmpty() ? "" : ",").append("[\"").append(l[0]).append("\",\"").append(l[1])
                    .append("\",\"0\",\"1\"]");
        }
        return out.toString();
    }

    private static String price(Wire w, long price) {
        return Decimals.toStrippedString(price, w.book.instrument().priceScale());
    }

    /** A size as OKX sends it: base units for SPOT, contracts of {@code ctVal} for SWAP. */
    static String size(BigDecimal ctVal, long size, int sizeScale) {
        BigDecimal base = BigDecimal.valueOf(size, sizeScale);
        return (ctVal == null ? base : base.divide(ctVal)).stripTrailingZeros().toPlainString();
    }

    private static String size(Wire w, long size) {
        return size(w.ctVal, size, w.book.instrument().sizeScale());
    }

    private void send(Client c, String text) {
        c.ws.writeTextMessage(text);
    }
}
