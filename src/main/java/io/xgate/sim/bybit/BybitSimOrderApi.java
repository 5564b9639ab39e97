package io.xgate.sim.bybit;

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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulated Bybit venue's order endpoints (protocol reference 4.3-4.5): {@code POST /v5/order/create},
 * {@code POST /v5/order/cancel}, {@code GET /v5/order/realtime}. Each request must carry {@code X-BAPI-API-KEY}
 * (else 10003), {@code X-BAPI-SIGN} over {@code timestamp + apiKey + recvWindow + payload} (else 10004) and a
 * {@code X-BAPI-TIMESTAMP} with {@code server_time - recv_window <= timestamp < server_time + 1000} (else 10002).
 * Each endpoint and category counts over a rolling second (create and cancel: 20 spot, 10 linear; realtime 50),
 * every answer carries {@code X-Bapi-Limit}, {@code X-Bapi-Limit-Status} (what is left) and
 * {@code X-Bapi-Limit-Reset-Timestamp}, and a request over the limit (or hit by {@code order429Rate}) gets
 * {@code 10006 Too many visits!}. Orders that cross the book fill at once at the touch. Owned by the simulator's
 * context.
 */
final class BybitSimOrderApi {

    private final Map<String, SimBook> books;
    private final FaultInjector faults;
    private final VenueConfig.Credentials account;
    private final BybitSignatureCheck verifier;
    private final SimOrders orders = new SimOrders();
    /** Per {@code category path}, the times of the requests counted in the last second. */
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();
    private long maxPerSecond;
    private long rateLimited;
    private long resetIgnored;
    private long toldAt = Long.MIN_VALUE;
    private long toldUntil = Long.MIN_VALUE;

    /** @param books by {@code category:venueSymbol} */
    BybitSimOrderApi(Map<String, SimBook> books, FaultInjector faults, VenueConfig.Credentials account) {
        this.books = books;
        this.faults = faults;
        this.account = account;
        this.verifier = account == null ? null : new BybitSignatureCheck(account.apiSecret().reveal());
    }

    void handle(HttpServerRequest req, String body) {
        long now = System.currentTimeMillis();
        String path = req.path();
        boolean get = "GET".equals(req.method().name());
        String query = req.query() == null ? "" : req.query();
        String key = req.getHeader("X-BAPI-API-KEY");
        if (account == null || key == null || !new String(account.apiKey().reveal()).equals(key)) {
            answer(req, 10003, "API key is invalid.", new JsonObject(), now);
            return;
        }
        String ts = req.getHeader("X-BAPI-TIMESTAMP");
        String recv = req.getHeader("X-BAPI-RECV-WINDOW") == null ? "5000" : req.getHeader("X-BAPI-RECV-WINDOW");
        if (ts == null || !verifier.verify(ts, key, req.getHeader("X-BAPI-RECV-WINDOW") == null ? ""
                : recv, get ? query : body, req.getHeader("X-BAPI-SIGN"))) {
            answer(req, 10004, "error sign!", new JsonObject(), now); // Bybit echoes the signed text; not here

            return;
        }
        long t;
        long window;
        try {
            t = Long.parseLong(ts);
            window = Long.parseLong(recv);
        } catch (NumberFormatException e) {
            t = -1;
            window = 5000;
        }
        if (!(now - window <= t && t < now + 1_000)) {
            answer(req, 10002, "invalid request, please check your server timestamp or recv_window param. req_timestamp["
                    + t + "],server_timestamp[" + now + "],recv_window[" + window + "]", new JsonObject(), now);
            return;
        }
        Map<String, String> p = new HashMap<>();
        if (get) {
            req.params().forEach(e -> p.put(e.getKey(), e.getValue()));
        } else {
            try {
                new JsonObject(body).forEach(e -> p.put(e.getKey(), String.valueOf(e.getValue())));
            } catch (RuntimeException e) {
                answer(req, 10001, "params error: the body is not JSON", new JsonObject(), now);
                return;
            }
        }
        String category = p.getOrDefault("category", "");
        if (!category.equals("spot") && !category.equals("linear")) {
            answer(req, 10001, "params error: category must be spot or linear", new JsonObject(), now);
            return;
        }
        boolean create = path.equals("/v5/order/create");
        String endpoint = category + " " + path;
        int limit = path.equals("/v5/order/realtime") ? 50 : category.equals("spot") ? 20 : 10;
        ArrayDeque<Long> w = windows.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
        while (!w.isEmpty() && w.peekFirst() <= now - 1_000) {
            w.pollFirst();
        }
        if (create && now < toldUntil && now > toldAt + SimOrders.IN_FLIGHT_GRACE_MILLIS) {
            resetIgnored++;
        }
        long reset = w.isEmpty() ? now + 1_000 : w.peekFirst() + 1_000;
        if (w.size() >= limit || (create && faults.hitRest("order429", faults.faults().order429Rate()))) {
            rateLimited++;
            if (create) {
                toldAt = now;
                toldUntil = reset;
            }
            limitHeaders(req, limit, 0, reset);
            answer(req, 10006, "Too many visits!", new JsonObject(), now);
            return;
        }
        w.addLast(now);
        if (create) {
            maxPerSecond = Math.max(maxPerSecond, w.size());
        }
        limitHeaders(req, limit, limit - w.size(), w.peekFirst() + 1_000);
        SimBook b = books.get(category + ":" + p.getOrDefault("symbol", ""));
        if (b == null) {
            answer(req, 10001, "params error: symbol invalid", new JsonObject(), now);
            return;
        }
        SimulatedInstrument i = b.instrument();
        switch (path) {
            case "/v5/order/create" -> create(req, p, b, i, category, now);
            case "/v5/order/cancel" -> {
                SimOrders.Order o = find(p);
                if (!orders.cancel(o)) {
                    answer(req, 110001, "Order does not exist.", new JsonObject(), now);
                    return;
                }
                answer(req, 0, "OK", new JsonObject().put("orderId", o.venueId).put("orderLinkId",
                        o.clientId == null ? "" : o.clientId), now);
            }
            case "/v5/order/realtime" -> {
                SimOrders.Order o = find(p);
                JsonArray list = new JsonArray();
                if (o != null) {
                    list.add(orderJson(o, i));
                }
                answer(req, 0, "OK", new JsonObject().put("list", list).put("nextPageCursor", "")
                        .put("category", category), now);
            }
            default -> answer(req, 10001, "path not found", new JsonObject(), now);
        }
    }

    private void create(HttpServerRequest req, Map<String, String> p, SimBook b, SimulatedInstrument i,
                        String category, long now) {
        String side = p.getOrDefault("side", "");
        String type = p.getOrDefault("orderType", "");
        if (!side.equals("Buy") && !side.equals("Sell") || !type.equals("Limit") && !type.equals("Market")) {
            answer(req, 10001, "params error: side or orderType invalid", new JsonObject(), now);
            return;
        }
        String tif = p.getOrDefault("timeInForce", "GTC");
        if (!tif.equals("GTC") && !tif.equals("IOC") && !tif.equals("FOK") && !tif.equals("PostOnly")) {
            answer(req, 10001, "params error: timeInForce invalid", new JsonObject(), now);
            return;
        }
        long qty;
        long price;
        try {
            qty = parseExact(p.getOrDefault("qty", ""), i.sizeScale());
            price = type.equals("Limit") ? parseExact(p.getOrDefault("price", ""), i.priceScale()) : 0;
        } catch (RuntimeException e) {
            answer(req, category.equals("spot") ? 170137 : 10001, category.equals("spot")
                    ? "Order quantity or price has too many decimals." : "Qty invalid", new JsonObject(), now);
            return;
        }
        if (qty <= 0 || qty % i.lot() != 0) {
            answer(req, category.equals("spot") ? 170137 : 10001, category.equals("spot")
                    ? "Order quantity has too many decimals." : "Qty invalid", new JsonObject(), now);
            return;
        }
        if (type.equals("Limit") && (price <= 0 || price % i.tick() != 0)) {
            answer(req, category.equals("spot") ? 170134 : 10001, category.equals("spot")
                    ? "Order price has too many decimals." : "Price invalid", new JsonObject(), now);
            return;
        }
        SimOrders.Order o = orders.place(null, p.get("orderLinkId"), i.symbol(), side.equals("Buy"),
                type.equals("Market"), price, qty, b, tif.equals("PostOnly"));
        answer(req, 0, "OK", new JsonObject().put("orderId", o.venueId).put("orderLinkId",
                o.clientId == null ? "" : o.clientId), now);
    }

    /** A decimal at a scale, refusing more decimals than the scale has. */
    private static long parseExact(String text, int scale) {
        int dot = text.indexOf('.');
        if (dot >= 0 && text.length() - dot - 1 > scale && !text.substring(dot + 1 + scale).matches("0*")) {
            throw new IllegalArgumentException("too many decimals");
        }
        return Decimals.parse(text, scale);
    }

    private SimOrders.Order find(Map<String, String> p) {
        if (p.get("orderId") != null) {
            return orders.byVenueId(p.get("orderId"));
        }
        return p.get("orderLinkId") == null ? null : orders.byClientId(p.get("orderLinkId"));
    }

    private static JsonObject orderJson(SimOrders.Order o, SimulatedInstrument i) {
        String status = switch (o.status) {
            case "FILLED" -> "Filled";
            case "CANCELED" -> "Cancelled";
            default -> "New";
        };
        return new JsonObject().put("orderId", o.venueId).put("orderLinkId", o.clientId == null ? "" : o.clientId)
                .put("symbol", i.venueSymbol()).put("price", Decimals.toString(o.price, i.priceScale()))
                .put("qty", Decimals.toString(o.quantity, i.sizeScale())).put("side", o.buy ? "Buy" : "Sell")
                .put("orderStatus", status).put("orderType", o.market ? "Market" : "Limit")
                .put("cumExecQty", Decimals.toString(o.filled, i.sizeScale()))
                .put("avgPrice", o.filled == 0 ? "" : Decimals.toString(o.fillPrice, i.priceScale()))
                .put("createdTime", Long.toString(o.createdMillis));
    }

    private static void limitHeaders(HttpServerRequest req, int limit, int left, long reset) {
        req.response().putHeader("X-Bapi-Limit", Integer.toString(limit))
                .putHeader("X-Bapi-Limit-Status", Integer.toString(Math.max(0, left)))
                .putHeader("X-Bapi-Limit-Reset-Timestamp", Long.toString(reset));
    }

    /** The envelope of 4.4: {@code retCode}, {@code retMsg}, {@code result}, {@code retExtInfo}, {@code time}. */
    private static void answer(HttpServerRequest req, int code, String msg, JsonObject result, long now) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("retCode", code)
                .put("retMsg", msg).put("result", result).put("retExtInfo", new JsonObject()).put("time", now)
                .encode());
    }

    /** What the simulated venue saw of orders: most creates in one rolling second of one category. */
    OrderCounts counts() {
        return new OrderCounts(orders.accepted(), maxPerSecond, rateLimited, resetIgnored);
    }
}
