package io.xgate.sim.binance;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimOrders;
import io.xgate.sim.market.SimulatedInstrument;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated Binance venue's order endpoint, {@code /api/v3/order}: authentication, limits and orders, as
 * Binance documents them. Owned by the simulator's context, like the server that routes requests here.
 */
final class BinanceSimOrderApi {

    /** Writes a JSON answer the way the server does (with its weight header). */
    interface Answer {
        void write(HttpServerRequest req, int status, String body);
    }

    private final Map<String, SimBook> books;
    private final FaultInjector faults;
    private final VenueConfig.Credentials account;
    private final BinanceSignatureCheck verifier;
    private final long ordersPerSecond;
    private final Answer json;
    private final SimOrders orders = new SimOrders();
    private long orderRetryAfterUntil;
    private long orderRetryAfterIgnored;
    private long orders429;

    /**
     * @param books           the venue's books by upper-case venue symbol
     * @param account         the key pair signed requests must use, or {@code null}: every one is refused
     * @param ordersPerSecond new orders accepted per clock second (Binance's ORDERS limit)
     */
    BinanceSimOrderApi(Map<String, SimBook> books, FaultInjector faults, VenueConfig.Credentials account,
                       long ordersPerSecond, Answer json) {
        this.books = books;
        this.faults = faults;
        this.account = account;
        this.verifier = account == null ? null : new BinanceSignatureCheck(account.apiSecret().reveal());
        this.ordersPerSecond = ordersPerSecond;
        this.json = json;
    }

    /**
     * {@code POST}/{@code DELETE}/{@code GET /api/v3/order}, SIGNED as Binance documents it (protocol reference
     * 1.3-1.5): the API key header, the HMAC-SHA256 of query string + body, the timestamp inside
     * {@code recvWindow}; new orders limited per clock second (-1015 with 429 and {@code Retry-After}).
     */
    void handle(HttpServerRequest req, String body) {
        String query = req.query() == null ? "" : req.query();
        Map<String, String> p = new java.util.HashMap<>(form(body));
        p.putAll(form(query)); // the query string wins
        String key = req.getHeader("X-MBX-APIKEY");
        if (account == null || key == null || !new String(account.apiKey().reveal()).equals(key)) {
            json.write(req, 401, "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}");
            return;
        }
        String signature = p.get("signature");
        if (signature == null) {
            json.write(req, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'signature' was not sent, was empty/null, "
                    + "or malformed.\"}");
            return;
        }
        if (!verifier.verify(BinanceSignatureCheck.signedPayload(query, body), signature)) {
            json.write(req, 400, "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}");
            return;
        }
        long now = System.currentTimeMillis();
        long ts;
        long window;
        try {
            ts = Long.parseLong(p.getOrDefault("timestamp", "-1"));
            window = Long.parseLong(p.getOrDefault("recvWindow", "5000"));
        } catch (NumberFormatException e) {
            ts = -1;
            window = 5000;
        }
        if (ts < 0 || !(ts < now + 1_000 && now - ts <= window)) {
            json.write(req, 400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}");
            return;
        }
        SimBook b = books.get(p.getOrDefault("symbol", "").toUpperCase(Locale.ROOT));
        if (b == null) {
            json.write(req, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return;
        }
        SimulatedInstrument i = b.instrument();
        switch (req.method().name()) {
            case "POST": {
                if (now < orderRetryAfterUntil && now > orderRetryAfterUntil - 1_000 + SimOrders.IN_FLIGHT_GRACE_MILLIS) {
                    orderRetryAfterIgnored++;
                }
                if (orders.inCurrentSecond(now) >= ordersPerSecond
                        || faults.hitRest("order429", faults.faults().order429Rate())) {
                    orders429++;
                    orderRetryAfterUntil = now + 1_000;
                    req.response().putHeader("Retry-After", "1");
                    json.write(req, 429, "{\"code\":-1015,\"msg\":\"Too many new orders; current limit is "
                            + ordersPerSecond + " orders per SECOND.\"}");
                    return;
                }
                String side = p.getOrDefault("side", "");
                String type = p.getOrDefault("type", "");
                boolean maker = type.equals("LIMIT_MAKER"); // the documented post-only type
                if (!side.equals("BUY") && !side.equals("SELL")
                        || !type.equals("LIMIT") && !type.equals("MARKET") && !maker) {
                    json.write(req, 400, "{\"code\":-1116,\"msg\":\"Invalid orderType or side.\"}");
                    return;
                }
                long qty;
                long price;
                try {
                    qty = Decimals.parse(p.getOrDefault("quantity", ""), i.sizeScale());
                    price = type.equals("LIMIT") || maker ? Decimals.parse(p.getOrDefault("price", ""),
                            i.priceScale()) : 0;
                } catch (RuntimeException e) {
                    json.write(req, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
                    return;
                }
                if (type.equals("LIMIT") && p.get("timeInForce") == null) {
                    json.write(req, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'timeInForce' was not sent.\"}");
                    return;
                }
                long touch = side.equals("BUY") ? b.bestAsk() : b.bestBid();
                if (maker && touch > 0 && (side.equals("BUY") ? price >= touch : price <= touch)) {
                    json.write(req, 400, "{\"code\":-2010,\"msg\":\"Order would immediately match and take.\"}");
                    return;
                }
                orders.countNew(now);
                SimOrders.Order o = orders.place(null, p.get("newClientOrderId"), b.instrument().symbol(),
                        side.equals("BUY"), type.equals("MARKET"), price, qty, b);
                req.response().putHeader("X-MBX-ORDER-COUNT-1S", Long.toString(orders.inCurrentSecond(now)));
                json.write(req, 200, orderJson(o, i, b));
                return;
            }
            case "DELETE": {
                SimOrders.Order o = find(p);
                if (!orders.cancel(o)) {
                    json.write(req, 400, "{\"code\":-2011,\"msg\":\"Unknown order sent.\"}");
                    return;
                }
                json.write(req, 200, orderJson(o, i, b));
                return;
            }
            default: {
                SimOrders.Order o = find(p);
                if (o == null) {
                    json.write(req, 400, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}");
                    return;
                }
                json.write(req, 200, orderJson(o, i, b));
            }
        }
    }

    private SimOrders.Order find(Map<String, String> p) {
        if (p.get("orderId") != null) {
            try {
                return orders.byId(Long.parseLong(p.get("orderId")));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return p.get("origClientOrderId") == null ? null : orders.byClientId(p.get("origClientOrderId"));
    }

    private String orderJson(SimOrders.Order o, SimulatedInstrument i, SimBook b) {
        return new JsonObject().put("symbol", i.venueSymbol()).put("orderId", o.id).put("orderListId", -1)
                .put("clientOrderId", o.clientId == null ? "" : o.clientId).put("transactTime", o.createdMillis)
                .put("price", Decimals.toString(o.price, i.priceScale()))
                .put("origQty", Decimals.toString(o.quantity, i.sizeScale()))
                .put("executedQty", Decimals.toString(o.filled, i.sizeScale()))
                .put("cummulativeQuoteQty", "0").put("status", o.status)
                .put("timeInForce", "GTC").put("type", o.market ? "MARKET" : "LIMIT").put("side", o.buy ? "BUY" : "SELL")
                .put("fills", o.filled == 0 ? new io.vertx.core.json.JsonArray() : new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("price", Decimals.toString(o.fillPrice, i.priceScale()))
                                .put("qty", Decimals.toString(o.filled, i.sizeScale()))))
                .encode();
    }

    private static Map<String, String> form(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String kv : text.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(kv.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** What the simulated venue saw of orders. */
    OrderCounts counts() {
        return new OrderCounts(orders.accepted(), orders.maxPerSecond(), orders429, orderRetryAfterIgnored);
    }
}
