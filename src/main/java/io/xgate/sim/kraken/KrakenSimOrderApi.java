package io.xgate.sim.kraken;

import io.vertx.core.http.HttpServerRequest;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import io.xgate.sim.market.SimOrders;
import io.xgate.sim.market.SimulatedInstrument;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulated Kraken venue's private REST calls ({@code AddOrder}, {@code CancelOrder}, {@code QueryOrders}):
 * authentication, nonces, the trading counter per pair and orders, as Kraken documents them. Owned by the
 * simulator's context, like the server that routes requests here.
 */
final class KrakenSimOrderApi {

    private final String venue;
    private final Map<String, SimBook> books;
    private final FaultInjector faults;
    private final VenueConfig.Credentials account;
    private final KrakenSignatureCheck verifier;
    private final VenueConfig.RateLimit pairLimit;
    private final SimOrders orders = new SimOrders();
    /** One pair's trading counter: its value and when it last decayed. */
    private static final class PairCounter {
        double value;
        long lastMillis;

        PairCounter(long nowMillis) {
            lastMillis = nowMillis;
        }
    }

    private final Map<String, PairCounter> counters = new HashMap<>();
    private long lastNonce;
    private long rateLimited;
    private long orderRetryAfterUntil;
    private long orderRetryAfterIgnored;

    /**
     * @param books     the venue's books by venue symbol ({@code BTC/USDT})
     * @param account   the key pair signed requests must use, or {@code null}: every one is refused
     * @param pairLimit the trading counter's threshold and decay interval ({@code TRADING_PER_PAIR}), or
     *                  {@code null} for none
     */
    KrakenSimOrderApi(String venue, Map<String, SimBook> books, FaultInjector faults, VenueConfig.Credentials account,
                      VenueConfig.RateLimit pairLimit) {
        this.venue = venue;
        this.books = books;
        this.faults = faults;
        this.account = account;
        this.verifier = account == null ? null : new KrakenSignatureCheck(account.apiSecret().reveal());
        this.pairLimit = pairLimit;
    }

    /**
     * A private call (protocol reference 2.4-2.6): {@code API-Key}; {@code API-Sign} over the URI path and
     * SHA-256(nonce + POST data); a nonce above every one before; the trading counter per pair (+1 an order,
     * more to cancel a young one). Errors come in Kraken's envelope with HTTP 200.
     */
    String call(HttpServerRequest req, String body) {
        Map<String, String> p = new HashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                p.put(java.net.URLDecoder.decode(kv.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String key = req.getHeader("API-Key");
        if (account == null || key == null || !new String(account.apiKey().reveal()).equals(key)) {
            return error("EAPI:Invalid key");
        }
        long nonce;
        try {
            nonce = Long.parseLong(p.getOrDefault("nonce", "-1"));
        } catch (NumberFormatException e) {
            nonce = -1;
        }
        String sign = req.getHeader("API-Sign");
        if (nonce < 0 || sign == null || !verifier.verify(req.path(), p.get("nonce"), body, sign)) {
            return error("EAPI:Invalid signature");
        }
        if (nonce <= lastNonce) {
            return error("EAPI:Invalid nonce");
        }
        lastNonce = nonce;
        long now = System.currentTimeMillis();
        switch (req.path()) {
            case "/0/private/AddOrder": {
                if (now < orderRetryAfterUntil && now > orderRetryAfterUntil - 1_000 + SimOrders.IN_FLIGHT_GRACE_MILLIS) {
                    orderRetryAfterIgnored++;
                }
                SimBook b = books.get(p.getOrDefault("pair", ""));
                if (b == null) {
                    return error("EQuery:Unknown asset pair");
                }
                if (!charge(b.instrument().venueSymbol(), 1, now) || faults.hitRest("order429",
                        faults.faults().order429Rate())) {
                    rateLimited++;
                    orderRetryAfterUntil = now + 1_000;
                    return error("EOrder:Rate limit exceeded");
                }
                String type = p.getOrDefault("type", "");
                String ordertype = p.getOrDefault("ordertype", "");
                if (!type.equals("buy") && !type.equals("sell") || !ordertype.equals("limit") && !ordertype.equals("market")) {
                    return error("EGeneral:Invalid arguments:type");
                }
                SimulatedInstrument i = b.instrument();
                long qty;
                long price;
                try {
                    qty = Decimals.parse(p.getOrDefault("volume", ""), i.sizeScale());
                    price = ordertype.equals("limit") ? Decimals.parse(p.getOrDefault("price", ""), i.priceScale()) : 0;
                } catch (RuntimeException e) {
                    return error("EGeneral:Invalid arguments:volume");
                }
                boolean buy = type.equals("buy");
                long touch = buy ? b.bestAsk() : b.bestBid();
                if (ordertype.equals("limit") && p.getOrDefault("oflags", "").contains("post") && touch > 0
                        && (buy ? price >= touch : price <= touch)) {
                    return error("EOrder:Post only order"); // oflags=post: it would have taken liquidity
                }
                String txid = "O" + Long.toString(1_000_000 + orders.accepted(), 36).toUpperCase(java.util.Locale.ROOT)
                        + "-SIM" + venue.length() + "-" + Long.toString(now % 1_000_000, 36).toUpperCase(java.util.Locale.ROOT);
                SimOrders.Order o = orders.place(txid, p.get("cl_ord_id"), i.symbol(), type.equals("buy"),
                        ordertype.equals("market"), price, qty, b);
                if ("IOC".equals(p.get("timeinforce"))) {
                    orders.cancel(o); // immediate or cancel: what did not fill at once does not rest
                }
                return "{\"error\":[],\"result\":{\"descr\":{\"order\":\"" + type + " "
                        + Decimals.toString(qty, i.sizeScale()) + " " + i.venueSymbol() + " @ " + ordertype + " "
                        + Decimals.toStrippedString(price, i.priceScale()) + "\"},\"txid\":[\"" + o.venueId + "\"]}}";
            }
            case "/0/private/CancelOrder": {
                SimOrders.Order o = p.get("txid") != null ? orders.byVenueId(p.get("txid"))
                        : orders.byClientId(p.getOrDefault("cl_ord_id", ""));
                if (o == null) {
                    return error("EOrder:Unknown order");
                }
                int cost = KrakenCancelCost.of(now - o.createdMillis);
                String pair = books.values().stream().filter(x -> x.instrument().symbol().equals(o.symbol))
                        .findFirst().map(x -> x.instrument().venueSymbol()).orElse("");
                if (!charge(pair, cost, now)) {
                    rateLimited++;
                    return error("EOrder:Rate limit exceeded");
                }
                return "{\"error\":[],\"result\":{\"count\":" + (orders.cancel(o) ? 1 : 0) + "}}";
            }
            case "/0/private/QueryOrders": {
                SimOrders.Order o = orders.byVenueId(p.getOrDefault("txid", ""));
                if (o == null) {
                    return error("EOrder:Unknown order");
                }
                SimulatedInstrument i = books.values().stream().filter(x -> x.instrument().symbol().equals(o.symbol)).findFirst()
                        .orElseThrow().instrument();
                String status = o.status.equals("NEW") ? "open" : o.status.equals("FILLED") ? "closed" : "canceled";
                return "{\"error\":[],\"result\":{\"" + o.venueId + "\":{\"status\":\"" + status + "\",\"vol\":\""
                        + Decimals.toString(o.quantity, i.sizeScale()) + "\",\"vol_exec\":\""
                        + Decimals.toString(o.filled, i.sizeScale()) + "\",\"price\":\""
                        + Decimals.toString(o.fillPrice, i.priceScale()) + "\",\"cl_ord_id\":\""
                        + (o.clientId == null ? "" : o.clientId) + "\"}}}";
            }
            default:
                return error("EGeneral:Unknown method");
        }
    }

    /** Adds {@code cost} to a pair's decaying trading counter, unless that would pass its threshold. */
    private boolean charge(String pair, int cost, long nowMillis) {
        if (pairLimit == null) {
            return true;
        }
        PairCounter c = counters.computeIfAbsent(pair, k -> new PairCounter(nowMillis));
        double decayPerMilli = (double) pairLimit.limit() / pairLimit.interval().toMillis();
        c.value = Math.max(0, c.value - (nowMillis - c.lastMillis) * decayPerMilli);
        c.lastMillis = nowMillis;
        if (c.value + cost > pairLimit.limit()) {
            return false;
        }
        c.value += cost;
        return true;
    }

    private static String error(String e) {
        return "{\"error\":[\"" + e + "\"],\"result\":{}}";
    }

    /** What the simulated venue saw of orders (Kraken counts no orders per second: 0). */
    OrderCounts counts() {
        return new OrderCounts(orders.accepted(), 0, rateLimited, orderRetryAfterIgnored);
    }
}
