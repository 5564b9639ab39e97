package io.xgate.sim.okx;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimOrders;
import io.xgate.sim.market.SimulatedInstrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The simulated OKX trade endpoints (protocol reference 3.4-3.6): {@code POST /api/v5/trade/order},
 * {@code POST /api/v5/trade/cancel-order}, {@code GET /api/v5/trade/order}. Each request must carry
 * {@code OK-ACCESS-KEY} ({@code 50111}), {@code OK-ACCESS-PASSPHRASE} ({@code 50105}), an ISO-8601 millisecond
 * {@code OK-ACCESS-TIMESTAMP} within 30 s of the venue's time ({@code 50102}, HTTP 401) and the right
 * {@code OK-ACCESS-SIGN} ({@code 50113}, HTTP 401). New orders: 60 per 2 s ({@code 50011}, HTTP 429; also the
 * {@code order429Rate} fault). Per-item results carry {@code sCode}/{@code sMsg}. {@code tdMode} must be
 * {@code cash} for SPOT and {@code cross} or {@code isolated} for SWAP; SWAP sizes are contracts, a multiple of the
 * venue's lot in contracts. Orders that cross the true book fill at once at the touch; IOC/FOK orders that do not
 * are canceled; others rest.
 */
final class OkxSimOrderApi {

    static final int ORDERS_PER_WINDOW = 60;
    static final long WINDOW_MILLIS = 2_000;
    static final long TIMESTAMP_WINDOW_MILLIS = 30_000;

    private final Map<String, SimBook> books;
    private final Map<String, BigDecimal> ctVals;
    private final FaultInjector faults;
    private final VenueConfig.Credentials account;
    private final OkxSimSignatureCheck verifier;
    private final SimOrders orders = new SimOrders();
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private long rateLimited;

    OkxSimOrderApi(Map<String, SimBook> books, Map<String, BigDecimal> ctVals, FaultInjector faults,
                   VenueConfig.Credentials account) {
        this.books = books;
        this.ctVals = ctVals;
        this.faults = faults;
        this.account = account;
        this.verifier = account == null ? null : new OkxSimSignatureCheck(account.apiSecret().reveal());
    }

    void handle(HttpServerRequest req, String body) {
        String method = req.method().name();
        String requestPath = req.uri(); // path and query, as signed
        String key = req.getHeader("OK-ACCESS-KEY");
        if (account == null || key == null || !new String(account.apiKey().reveal()).equals(key)) {
            OkxSimServer.write(req, 401, "{\"code\":\"50111\",\"msg\":\"Invalid OK-ACCESS-KEY\",\"data\":[]}");
            return;
        }
        if (account.passphrase() != null
                && !new String(account.passphrase().reveal()).equals(req.getHeader("OK-ACCESS-PASSPHRASE"))) {
            OkxSimServer.write(req, 401, "{\"code\":\"50105\",\"msg\":\"Your OK-ACCESS-PASSPHRASE is incorrect.\","
                    + "\"data\":[]}");
            return;
        }
        String ts = req.getHeader("OK-ACCESS-TIMESTAMP");
        long now = System.currentTimeMillis();
        long tsMillis;
        try {
            tsMillis = ts == null || !ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z") ? -1
                    : Instant.parse(ts).toEpochMilli();
        } catch (DateTimeParseException e) {
            tsMillis = -1;
        }
        if (tsMillis < 0) {
            OkxSimServer.write(req, 401, "{\"code\":\"50112\",\"msg\":\"Invalid OK-ACCESS-TIMESTAMP\",\"data\":[]}");
            return;
        }
        if (Math.abs(now - tsMillis) > TIMESTAMP_WINDOW_MILLIS) {
            OkxSimServer.write(req, 401, "{\"code\":\"50102\",\"msg\":\"Timestamp request expired\",\"data\":[]}");
            return;
        }
        if (!verifier.verify(ts, method, requestPath, body, req.getHeader("OK-ACCESS-SIGN"))) {
            OkxSimServer.write(req, 401, "{\"code\":\"50113\",\"msg\":\"Invalid Sign\",\"data\":[]}");
            return;
        }
        String path = req.path();
        if (method.equals("POST") && path.equals("/api/v5/trade/order")) {
            place(req, body, now);
        } else if (method.equals("POST") && path.equals("/api/v5/trade/cancel-order")) {
            cancel(req, body);
        } else if (method.equals("GET") && path.equals("/api/v5/trade/order")) {
            query(req);
        } else {
            OkxSimServer.write(req, 404, "{\"code\":\"50000\",\"msg\":\"Not found\",\"data\":[]}");
        }
    }

    private void place(HttpServerRequest req, String body, long now) {
        while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW_MILLIS) {
            recent.pollFirst();
        }
        if (recent.size() >= ORDERS_PER_WINDOW || faults.hitRest("order429", faults.faults().order429Rate())) {
            rateLimited++;
            OkxSimServer.write(req, 429, "{\"code\":\"50011\",\"msg\":\"Rate limit reached. Please refer to API "
                    + "documentation and throttle requests accordingly.\",\"data\":[]}");
            return;
        }
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (RuntimeException e) {
            OkxSimServer.write(req, 400, "{\"code\":\"50002\",\"msg\":\"JSON syntax error\",\"data\":[]}");
            return;
        }
        String clOrdId = o.getString("clOrdId", "");
        SimBook b = books.get(o.getString("instId", ""));
        if (b == null) {
            item(req, clOrdId, "", "51001", "Instrument ID does not exist.");
            return;
        }
        SimulatedInstrument i = b.instrument();
        BigDecimal ctVal = ctVals.get(i.venueSymbol());
        String tdMode = o.getString("tdMode", "");
        if (ctVal == null ? !tdMode.equals("cash") : !tdMode.equals("cross") && !tdMode.equals("isolated")) {
            item(req, clOrdId, "", "51000", "Parameter tdMode error");
            return;
        }
        String side = o.getString("side", "");
        String ordType = o.getString("ordType", "");
        if (!side.equals("buy") && !side.equals("sell")) {
            item(req, clOrdId, "", "51000", "Parameter side error");
            return;
        }
        boolean market = ordType.equals("market");
        if (!market && !ordType.equals("limit") && !ordType.equals("ioc") && !ordType.equals("fok")
                && !ordType.equals("post_only")) {
            item(req, clOrdId, "", "51000", "Parameter ordType error");
            return;
        }
        long qty;
        long price;
        try {
            BigDecimal sz = new BigDecimal(o.getString("sz", ""));
            BigDecimal base = ctVal == null ? sz : sz.multiply(ctVal);
            qty = base.movePointRight(i.sizeScale()).longValueExact();
            price = market ? 0 : Decimals.parse(o.getString("px", ""), i.priceScale());
        } catch (RuntimeException e) {
            item(req, clOrdId, "", "51000", "Parameter sz or px error");
            return;
        }
        if (qty <= 0 || qty % i.lot() != 0) {
            item(req, clOrdId, "", "51121", "Order quantity must be a multiple of the lot size.");
            return;
        }
        if (!market && (price <= 0 || price % i.tick() != 0)) {
            item(req, clOrdId, "", "51000", "Parameter px error");
            return;
        }
        boolean buy = side.equals("buy");
        if (ordType.equals("post_only")) {
            long touch = buy ? b.bestAsk() : b.bestBid();
            if (touch > 0 && (buy ? price >= touch : price <= touch)) {
                item(req, clOrdId, "", "51024", "Post only order would have been filled immediately.");
                return;
            }
        }
        recent.addLast(now);
        orders.countNew(now);
        SimOrders.Order order = orders.place(null, clOrdId, i.symbol(), buy, market, price, qty, b);
        if ((ordType.equals("ioc") || ordType.equals("fok")) && "NEW".equals(order.status)) {
            orders.cancel(order);
        }
        OkxSimServer.write(req, 200, new JsonObject().put("code", "0").put("msg", "").put("data", new JsonArray()
                .add(new JsonObject().put("clOrdId", clOrdId).put("ordId", order.venueId).put("tag", "")
                        .put("ts", Long.toString(now)).put("sCode", "0").put("sMsg", "Order placed")
                        .put("subCode", ""))).put("inTime", now * 1000 + "").put("outTime", now * 1000 + "")
                .encode());
    }

    private void cancel(HttpServerRequest req, String body) {
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (RuntimeException e) {
            OkxSimServer.write(req, 400, "{\"code\":\"50002\",\"msg\":\"JSON syntax error\",\"data\":[]}");
            return;
        }
        SimOrders.Order order = find(o.getString("instId", ""), o.getString("ordId"), o.getString("clOrdId"));
        String clOrdId = o.getString("clOrdId", "");
        if (order == null || !orders.cancel(order)) {
            item(req, clOrdId, o.getString("ordId", ""), "51400", "Order cancellation failed as the order has been "
                    + "filled, canceled or does not exist.");
            return;
        }
        OkxSimServer.write(req, 200, new JsonObject().put("code", "0").put("msg", "").put("data", new JsonArray()
                .add(new JsonObject().put("clOrdId", order.clientId == null ? "" : order.clientId)
                        .put("ordId", order.venueId).put("sCode", "0").put("sMsg", ""))).encode());
    }

    private void query(HttpServerRequest req) {
        String instId = req.getParam("instId", "");
        SimOrders.Order order = find(instId, req.getParam("ordId"), req.getParam("clOrdId"));
        if (order == null) {
            OkxSimServer.write(req, 200, "{\"code\":\"51603\",\"msg\":\"Order does not exist\",\"data\":[]}");
            return;
        }
        SimulatedInstrument i = books.get(instId).instrument();
        BigDecimal ctVal = ctVals.get(instId);
        String state = switch (order.status) {
            case "FILLED" -> "filled";
            case "CANCELED" -> "canceled";
            default -> "live";
        };
        OkxSimServer.write(req, 200, new JsonObject().put("code", "0").put("msg", "").put("data", new JsonArray()
                .add(new JsonObject().put("instId", instId).put("ordId", order.venueId)
                        .put("clOrdId", order.clientId == null ? "" : order.clientId)
                        .put("px", order.market ? "" : Decimals.toStrippedString(order.price, i.priceScale()))
                        .put("sz", OkxSimServer.size(ctVal, order.quantity, i.sizeScale()))
                        .put("side", order.buy ? "buy" : "sell").put("ordType", order.market ? "market" : "limit")
                        .put("state", state).put("accFillSz", OkxSimServer.size(ctVal, order.filled, i.sizeScale()))
                        .put("avgPx", order.filled == 0 ? "" : Decimals.toStrippedString(order.fillPrice,
                                i.priceScale())))).encode());
    }

    private SimOrders.Order find(String instId, String ordId, String clOrdId) {
        SimOrders.Order o = ordId != null && !ordId.isEmpty() ? orders.byVenueId(ordId)
                : clOrdId != null ? orders.byClientId(clOrdId) : null;
        SimBook b = books.get(instId);
        return o == null || b == null || !o.symbol.equals(b.instrument().symbol()) ? null : o;
    }

    /** A per-item failure: code 1 ("all operations failed") with the item's sCode/sMsg. */
    private static void item(HttpServerRequest req, String clOrdId, String ordId, String sCode, String sMsg) {
        OkxSimServer.write(req, 200, new JsonObject().put("code", "1").put("msg", "All operations failed")
                .put("data", new JsonArray().add(new JsonObject().put("clOrdId", clOrdId).put("ordId", ordId)
                        .put("tag", "").put("sCode", sCode).put("sMsg", sMsg))).encode());
    }

    OrderCounts counts() {
        return new OrderCounts(orders.accepted(), orders.maxPerSecond(), rateLimited, 0);
    }
}
