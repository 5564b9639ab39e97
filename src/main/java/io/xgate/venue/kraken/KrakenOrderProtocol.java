package io.xgate.venue.kraken;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.num.Decimals;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.OrderProtocol;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Kraken Spot orders (protocol reference 2.4-2.6): {@code POST /0/private/AddOrder}, {@code CancelOrder} and
 * {@code QueryOrders}, a form body that starts with a strictly increasing {@code nonce}, signed as {@code API-Sign}
 * with the key in {@code API-Key}. Replies are {@code {"error":[...],"result":{...}}}; the first error is the code
 * ({@code EAPI:Invalid nonce}), and {@code EOrder:Rate limit exceeded} (the pair's trading counter) pauses new
 * orders for a second (Kraken sends no {@code Retry-After}). AddOrder and CancelOrder spend the trading counter
 * only (see {@link KrakenOrderLimits}); QueryOrders counts one on the REST call counter ({@code CALL_COUNTER}).
 *
 * <p>Called only on the order desk's context (the signer itself is thread-safe).
 */
public final class KrakenOrderProtocol implements OrderProtocol {

    /** Kraken's REST call counter per API key, as named in the venue file (AddOrder and CancelOrder do not count). */
    public static final String CALL_COUNTER = "CALL_COUNTER";
    /** How long new orders wait after {@code EOrder:Rate limit exceeded}. */
    static final long RATE_LIMIT_PAUSE_MILLIS = 1_000;

    private final KrakenSigner signer;
    private final String apiKey;

    /** @throws IllegalArgumentException if the venue has no credentials, or its secret is not base64 */
    public KrakenOrderProtocol(VenueConfig venue) {
        VenueConfig.Credentials c = venue.credentials();
        if (c == null) {
            throw new IllegalArgumentException(venue.id() + " has no credentials: its orders cannot be signed");
        }
        this.signer = new KrakenSigner(c.apiKey(), c.apiSecret());
        this.apiKey = new String(c.apiKey().reveal());
    }

    @Override
    public WireRequest build(OrderRequest r, Instrument i, String venueOrderId, long venueNowMillis) {
        long nonce = signer.nextNonce(venueNowMillis);
        StringBuilder b = new StringBuilder("nonce=").append(nonce);
        String path;
        String limitClass = "";
        long cost = 0;
        switch (r.action()) {
            case PLACE -> {
                path = "/0/private/AddOrder";
                boolean limit = r.orderType() == OrderRequest.OrderType.LIMIT;
                b.append("&ordertype=").append(limit ? "limit" : "market")
                        .append("&type=").append(r.side() == Side.BUY ? "buy" : "sell")
                        .append("&volume=").append(Decimals.toString(r.quantity(), i.sizeScale()))
                        .append("&pair=").append(URLEncoder.encode(i.venueSymbol(), StandardCharsets.UTF_8));
                if (limit) {
                    b.append("&price=").append(Decimals.toString(r.price(), i.priceScale()));
                }
                switch (r.timeInForce()) {
                    case POST_ONLY -> b.append("&oflags=post"); // documented: a post-only limit order
                    case IOC -> b.append("&timeinforce=IOC");
                    case FOK -> throw new IllegalArgumentException("Kraken takes GTC, IOC or post-only orders, not FOK");
                    default -> {
                    }
                }
                b.append("&cl_ord_id=").append(r.clientOrderId());
            }
            case CANCEL -> {
                path = "/0/private/CancelOrder";
                b.append(venueOrderId != null ? "&txid=" + venueOrderId : "&cl_ord_id=" + r.clientOrderId());
            }
            default -> {
                path = "/0/private/QueryOrders";
                b.append("&txid=").append(venueOrderId == null ? "" : venueOrderId);
                limitClass = CALL_COUNTER;
                cost = 1;
            }
        }
        String body = b.toString();
        return new WireRequest(HttpMethod.POST, path, Map.of(KrakenSigner.API_KEY_HEADER, apiKey,
                KrakenSigner.API_SIGN_HEADER, signer.sign(path, nonce, body),
                "Content-Type", "application/x-www-form-urlencoded"), body, limitClass, cost);
    }

    @Override
    public Outcome read(OrderRequest r, Instrument i, String venueOrderId, VenueHttp.Reply reply) {
        if (reply.status() >= 500) {
            return Outcome.unknown(String.valueOf(reply.status()), "HTTP " + reply.status()
                    + "; the order may or may not exist: query it, it is not retried");
        }
        JsonObject body;
        try {
            body = reply.body().toJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            return Outcome.unknown("BAD_ANSWER", "unreadable answer (HTTP " + reply.status() + "); query the order");
        }
        JsonArray errors = body.getJsonArray("error", new JsonArray());
        if (!errors.isEmpty()) {
            String e = errors.getString(0);
            return new Outcome(OrderReport.Status.REJECTED, "", e, String.join("; ",
                    errors.stream().map(String::valueOf).toList()), 0, 0,
                    e.contains("Rate limit") ? RATE_LIMIT_PAUSE_MILLIS : 0);
        }
        JsonObject result = body.getJsonObject("result", new JsonObject());
        switch (r.action()) {
            case PLACE: {
                JsonArray txid = result.getJsonArray("txid", new JsonArray());
                return new Outcome(OrderReport.Status.ACCEPTED, txid.isEmpty() ? "" : txid.getString(0), "",
                        result.getJsonObject("descr", new JsonObject()).getString("order", ""), 0, 0, 0);
            }
            case CANCEL: {
                int count = result.getInteger("count", 0);
                return new Outcome(count > 0 ? OrderReport.Status.CANCELED : OrderReport.Status.REJECTED,
                        venueOrderId == null ? "" : venueOrderId, "", "count " + count, 0, 0, 0);
            }
            default: {
                String id = result.fieldNames().stream().findFirst().orElse("");
                JsonObject o = result.getJsonObject(id, new JsonObject());
                OrderReport.Status s = switch (o.getString("status", "")) {
                    case "closed" -> OrderReport.Status.FILLED;
                    case "canceled" -> OrderReport.Status.CANCELED;
                    case "expired" -> OrderReport.Status.EXPIRED;
                    default -> OrderReport.Status.ACCEPTED;
                };
                return new Outcome(s, id, "", o.getString("status", ""),
                        Decimals.parse(o.getString("vol_exec", "0"), i.sizeScale()),
                        Decimals.parse(o.getString("price", "0"), i.priceScale()), 0);
            }
        }
    }

    @Override
    public String toString() {
        return "KrakenOrderProtocol[" + signer + "]";
    }
}
