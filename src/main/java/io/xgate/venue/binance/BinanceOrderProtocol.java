package io.xgate.venue.binance;

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
import java.util.Map;

/**
 * Binance Spot orders (protocol reference 1.3-1.5): {@code POST}/{@code DELETE}/{@code GET /api/v3/order}, SIGNED
 * with {@code timestamp} (the venue's time) and {@code recvWindow}, the HMAC-SHA256 of query string + body as
 * {@code signature}, the key in {@code X-MBX-APIKEY}. A new order's parameters go in the form body, a cancel's and
 * a query's in the query string. Replies: 200 with the order's {@code status}; an error body
 * {@code {"code":-2010,"msg":...}}; 429 (-1015, too many orders; -1003, too much weight) and 418 with
 * {@code Retry-After}, which pause new orders; 5xx, whose outcome is unknown.
 *
 * <p>Called only on the order desk's context (the signer itself is thread-safe).
 */
public final class BinanceOrderProtocol implements OrderProtocol {

    /** The order endpoint. */
    static final String ORDER_PATH = "/api/v3/order";
    /** Documented weights of the order endpoint: new order, cancel, query (a venue file may override them). */
    static final long NEW_ORDER_WEIGHT = 1;
    static final long CANCEL_WEIGHT = 1;
    static final long QUERY_WEIGHT = 4;
    /** The window a signed request's timestamp must fall in: Binance's documented default. */
    static final long RECV_WINDOW = 5_000;
    private static final String FORM = "application/x-www-form-urlencoded";

    private final BinanceSigner signer;
    private final Map<String, String> headers;

    /** @throws IllegalArgumentException if the venue has no credentials */
    public BinanceOrderProtocol(VenueConfig venue) {
        VenueConfig.Credentials c = venue.credentials();
        if (c == null) {
            throw new IllegalArgumentException(venue.id() + " has no credentials: its orders cannot be signed");
        }
        this.signer = new BinanceSigner(c.apiKey(), c.apiSecret());
        this.headers = Map.of(BinanceSigner.API_KEY_HEADER, new String(c.apiKey().reveal()), "Content-Type", FORM);
    }

    @Override
    public WireRequest build(OrderRequest r, Instrument i, String venueOrderId, long venueNowMillis) {
        StringBuilder q = new StringBuilder("symbol=").append(i.venueSymbol());
        HttpMethod method;
        long weight;
        switch (r.action()) {
            case PLACE -> {
                method = HttpMethod.POST;
                weight = NEW_ORDER_WEIGHT;
                boolean limit = r.orderType() == OrderRequest.OrderType.LIMIT;
                boolean postOnly = r.timeInForce() == OrderRequest.TimeInForce.POST_ONLY;
                q.append("&side=").append(r.side() == Side.BUY ? "BUY" : "SELL").append("&type=")
                        .append(!limit ? "MARKET" : postOnly ? "LIMIT_MAKER" : "LIMIT"); // LIMIT_MAKER: post-only
                if (limit && !postOnly) {
                    q.append("&timeInForce=").append(r.timeInForce().name());
                }
                if (limit) {
                    q.append("&price=").append(Decimals.toString(r.price(), i.priceScale()));
                }
                q.append("&quantity=").append(Decimals.toString(r.quantity(), i.sizeScale()))
                        .append("&newClientOrderId=").append(r.clientOrderId());
            }
            case CANCEL -> {
                method = HttpMethod.DELETE;
                weight = CANCEL_WEIGHT;
                appendOrder(q, r, venueOrderId);
            }
            default -> {
                method = HttpMethod.GET;
                weight = QUERY_WEIGHT;
                appendOrder(q, r, venueOrderId);
            }
        }
        q.append("&recvWindow=").append(RECV_WINDOW).append("&timestamp=").append(venueNowMillis);
        String signature = signer.sign(q);
        String signed = q.append("&signature=").append(signature).toString();
        return method == HttpMethod.POST
                ? new WireRequest(method, ORDER_PATH, headers, signed, BinanceDialect.REQUEST_WEIGHT, weight)
                : new WireRequest(method, ORDER_PATH + '?' + signed, headers, "", BinanceDialect.REQUEST_WEIGHT,
                        weight);
    }

    private static void appendOrder(StringBuilder q, OrderRequest r, String venueOrderId) {
        q.append(venueOrderId != null ? "&orderId=" + venueOrderId : "&origClientOrderId=" + r.clientOrderId());
    }

    @Override
    public Outcome read(OrderRequest r, Instrument i, String venueOrderId, VenueHttp.Reply reply) {
        int status = reply.status();
        if (status == 200) {
            JsonObject body;
            try {
                body = reply.body().toJsonObject();
            } catch (RuntimeException e) {
                return Outcome.unknown("BAD_ANSWER", "unreadable answer (HTTP 200); the order may or may not exist: "
                        + "query it, it is not retried");
            }
            String id = String.valueOf(body.getValue("orderId", ""));
            long filled = Decimals.parse(body.getString("executedQty", "0"), i.sizeScale());
            long avg = 0;
            JsonArray fills = body.getJsonArray("fills", new JsonArray());
            if (!fills.isEmpty()) {
                avg = Decimals.parse(fills.getJsonObject(0).getString("price", "0"), i.priceScale());
            }
            String venueStatus = body.getString("status", "");
            OrderReport.Status s = switch (venueStatus) {
                case "FILLED" -> OrderReport.Status.FILLED;
                case "PARTIALLY_FILLED" -> OrderReport.Status.PARTIALLY_FILLED;
                case "CANCELED" -> OrderReport.Status.CANCELED;
                case "EXPIRED" -> OrderReport.Status.EXPIRED;
                case "REJECTED" -> OrderReport.Status.REJECTED;
                default -> OrderReport.Status.ACCEPTED;
            };
            return new Outcome(s, id, "", venueStatus, filled, avg, 0);
        }
        JsonObject body;
        try {
            body = reply.body().length() == 0 ? new JsonObject() : reply.body().toJsonObject();
        } catch (RuntimeException e) {
            body = new JsonObject();
        }
        String code = String.valueOf(body.getValue("code", status));
        String msg = body.getString("msg", reply.statusMessage());
        if (status == 429 || status == 418) {
            long retry = retryAfterMillis(reply.header("Retry-After"));
            return new Outcome(OrderReport.Status.REJECTED, "", code, msg + " (HTTP " + status
                    + ": nothing more is sent for " + retry + " ms, as the venue asks)", 0, 0, retry);
        }
        if (status >= 500) {
            return Outcome.unknown(code, "HTTP " + status + ": " + msg + "; the order may or may not exist: query it, "
                    + "it is not retried");
        }
        return Outcome.rejected(code, msg);
    }

    /** {@code Retry-After} in seconds, as milliseconds; 1 s if absent or unreadable. */
    static long retryAfterMillis(String header) {
        try {
            return header == null ? 1_000 : Math.max(1, Long.parseLong(header.trim())) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    @Override
    public String toString() {
        return "BinanceOrderProtocol[" + signer + "]";
    }
}
