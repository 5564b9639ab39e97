package io.xgate.venue.bybit;

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
import java.util.HashMap;
import java.util.Map;

/**
 * Bybit v5 orders (protocol reference 4.3-4.5): {@code POST /v5/order/create}, {@code POST /v5/order/cancel} (JSON
 * bodies) and {@code GET /v5/order/realtime} (query), category {@code spot} or {@code linear} by the instrument's
 * kind, signed with {@code X-BAPI-API-KEY}, {@code X-BAPI-TIMESTAMP} (the venue's clock), {@code X-BAPI-RECV-WINDOW}
 * (5000) and {@code X-BAPI-SIGN} ({@link BybitSigner}). Bybit answers HTTP 200 with {@code retCode}/{@code retMsg}:
 * 0 is success, anything else a refusal reported with the venue's code and message; {@code 10006} (too many visits)
 * pauses new orders until {@code X-Bapi-Limit-Reset-Timestamp}, and so does an accepted order whose
 * {@code X-Bapi-Limit-Status} (what the venue has left in its window) is 0. HTTP 403 (the IP's limit) is a refusal, and the
 * REST client opens its ban circuit ({@link BybitDialect#banStatuses()}); a 5xx or an unreadable answer is UNKNOWN.
 * Quantities go out in base units for a contract size of one base unit (Bybit linear), else in whole contracts: a
 * quantity that is not a whole number of lots or contracts is refused here, before anything is sent.
 *
 * <p>Called only on the order desk's context (the signer itself is thread-safe).
 */
public final class BybitOrderProtocol implements OrderProtocol {

    static final String CREATE = "/v5/order/create";
    static final String CANCEL = "/v5/order/cancel";
    static final String REALTIME = "/v5/order/realtime";
    /** The rate-limit refusal (4.4). */
    static final String TOO_MANY_VISITS = "10006";

    private final BybitSigner signer;
    private final String apiKey;

    /** @throws IllegalArgumentException if the venue has no credentials */
    public BybitOrderProtocol(VenueConfig venue) {
        VenueConfig.Credentials c = venue.credentials();
        if (c == null) {
            throw new IllegalArgumentException(venue.id() + " has no credentials: its orders cannot be signed");
        }
        this.signer = new BybitSigner(c.apiKey(), c.apiSecret(), BybitSigner.DEFAULT_RECV_WINDOW_MILLIS);
        this.apiKey = new String(c.apiKey().reveal());
    }

    @Override
    public WireRequest build(OrderRequest r, Instrument i, String venueOrderId, long venueNowMillis) {
        String category = BybitDialect.category(i);
        switch (r.action()) {
            case PLACE -> {
                // field order as documented; the body is signed exactly as sent
                JsonObject b = new JsonObject().put("category", category).put("symbol", i.venueSymbol())
                        .put("side", r.side() == Side.BUY ? "Buy" : "Sell")
                        .put("orderType", r.orderType() == OrderRequest.OrderType.LIMIT ? "Limit" : "Market")
                        .put("qty", quantity(r.quantity(), i));
                if (r.orderType() == OrderRequest.OrderType.LIMIT) {
                    b.put("price", Decimals.toStrippedString(r.price(), i.priceScale()))
                            .put("timeInForce", timeInForce(r.timeInForce()));
                } else if (r.timeInForce() != OrderRequest.TimeInForce.GTC) {
                    b.put("timeInForce", timeInForce(r.timeInForce()));
                }
                b.put("orderLinkId", r.clientOrderId());
                return post(CREATE, b.encode(), venueNowMillis);
            }
            case CANCEL -> {
                JsonObject b = new JsonObject().put("category", category).put("symbol", i.venueSymbol());
                if (venueOrderId != null) {
                    b.put("orderId", venueOrderId);
                } else {
                    b.put("orderLinkId", r.clientOrderId());
                }
                return post(CANCEL, b.encode(), venueNowMillis);
            }
            default -> {
                String q = "category=" + category + "&symbol=" + i.venueSymbol()
                        + (venueOrderId != null ? "&orderId=" + venueOrderId : "&orderLinkId=" + r.clientOrderId());
                BybitSigner.SignedHeaders s = signer.sign(venueNowMillis, q);
                return new WireRequest(HttpMethod.GET, REALTIME + "?" + q, headers(s, false), "", BybitDialect.IP, 1);
            }
        }
    }

    /**
     * The {@code qty} text: base units when a contract is one base unit (spot, Bybit linear), else whole contracts.
     *
     * @throws IllegalArgumentException if it is not a positive whole number of lots (or of contracts)
     */
    static String quantity(long quantity, Instrument i) {
        if (quantity <= 0 || quantity % i.lot() != 0) {
            throw new IllegalArgumentException("quantity " + Decimals.toStrippedString(quantity, i.sizeScale())
                    + " of " + i.symbol() + " is not a positive whole number of lots of " + i.lotSize());
        }
        long one = Decimals.pow10(i.sizeScale());
        if (i.contractSize() == one) {
            return Decimals.toStrippedString(quantity, i.sizeScale());
        }
        if (quantity % i.contractSize() != 0) {
            throw new IllegalArgumentException("quantity " + Decimals.toStrippedString(quantity, i.sizeScale())
                    + " of " + i.symbol() + " is not a whole number of contracts of " + i.contractSizeText());
        }
        return Long.toString(quantity / i.contractSize());
    }

    private WireRequest post(String path, String body, long venueNowMillis) {
        BybitSigner.SignedHeaders s = signer.sign(venueNowMillis, body);
        return new WireRequest(HttpMethod.POST, path, headers(s, true), body, BybitDialect.IP, 1);
    }

    private Map<String, String> headers(BybitSigner.SignedHeaders s, boolean json) {
        Map<String, String> h = new HashMap<>();
        h.put(BybitSigner.API_KEY_HEADER, apiKey);
        h.put(BybitSigner.TIMESTAMP_HEADER, s.timestamp());
        h.put(BybitSigner.RECV_WINDOW_HEADER, s.recvWindow());
        h.put(BybitSigner.SIGN_HEADER, s.sign());
        if (json) {
            h.put("Content-Type", "application/json");
        }
        return h;
    }

    @Override
    public Outcome read(OrderRequest r, Instrument i, String venueOrderId, VenueHttp.Reply reply) {
        int status = reply.status();
        if (status >= 500) {
            return Outcome.unknown(String.valueOf(status), "HTTP " + status + ": " + reply.statusMessage()
                    + "; the order may or may not exist: query it, it is not retried");
        }
        JsonObject body;
        try {
            body = reply.body().toJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (status != 200 || body == null) {
            if (status == 403) {
                return Outcome.rejected("403", "HTTP 403 (" + reply.body() + "): the IP's request limit; the venue "
                        + "bans it for 10 minutes");
            }
            if (status == 429) {
                return new Outcome(OrderReport.Status.REJECTED, "", "429", "HTTP 429 (system level frequency "
                        + "protection): nothing more is sent for 1000 ms", 0, 0, 1_000);
            }
            return status == 200 ? Outcome.unknown("BAD_ANSWER", "unreadable answer (HTTP 200); the order may or may "
                    + "not exist: query it, it is not retried") : Outcome.rejected(String.valueOf(status),
                    "HTTP " + status + ": " + reply.body());
        }
        String code = String.valueOf(body.getValue("retCode", "?"));
        String msg = body.getString("retMsg", "");
        if (!"0".equals(code)) {
            if (TOO_MANY_VISITS.equals(code)) {
                long pause = pauseUntilReset(reply.header("X-Bapi-Limit-Reset-Timestamp"), System.currentTimeMillis());
                return new Outcome(OrderReport.Status.REJECTED, "", code, msg + " (retCode 10006: no new order for "
                        + pause + " ms, until the venue's limit resets)", 0, 0, pause);
            }
            return Outcome.rejected(code, msg);
        }
        JsonObject result = body.getJsonObject("result", new JsonObject());
        switch (r.action()) {
            case PLACE: {
                // the venue's own count: nothing left in its window means the next order would be refused
                long hold = "0".equals(trim(reply.header("X-Bapi-Limit-Status")))
                        ? pauseUntilReset(reply.header("X-Bapi-Limit-Reset-Timestamp"), System.currentTimeMillis()) : 0;
                return new Outcome(OrderReport.Status.ACCEPTED, result.getString("orderId", ""), "", hold == 0 ? msg
                        : msg + " (X-Bapi-Limit-Status 0: no new order for " + hold + " ms)", 0, 0, hold);
            }
            case CANCEL:
                return new Outcome(OrderReport.Status.CANCELED, result.getString("orderId",
                        venueOrderId == null ? "" : venueOrderId), "", msg, 0, 0, 0);
            default:
                JsonArray list = result.getJsonArray("list", new JsonArray());
                if (list.isEmpty()) {
                    return Outcome.rejected("NOT_FOUND", "the venue knows no such order (empty list)");
                }
                JsonObject o = list.getJsonObject(0);
                String venueStatus = o.getString("orderStatus", "");
                OrderReport.Status s = switch (venueStatus) {
                    case "Filled" -> OrderReport.Status.FILLED;
                    case "PartiallyFilled" -> OrderReport.Status.PARTIALLY_FILLED;
                    case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> OrderReport.Status.CANCELED;
                    case "Rejected" -> OrderReport.Status.REJECTED;
                    default -> OrderReport.Status.ACCEPTED;
                };
                long filled = fromVenueQty(o.getString("cumExecQty", "0"), i);
                String avg = o.getString("avgPrice", "");
                long price = avg == null || avg.isEmpty() ? 0 : Decimals.parse(avg, i.priceScale());
                return new Outcome(s, o.getString("orderId", venueOrderId == null ? "" : venueOrderId), "",
                        venueStatus, filled, price, 0);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static long fromVenueQty(String qty, Instrument i) {
        return BybitProtocol.base(i, Decimals.parse(qty, i.sizeScale()));
    }

    /** Milliseconds until {@code X-Bapi-Limit-Reset-Timestamp}; 1 s when absent or unreadable; at least 1. */
    static long pauseUntilReset(String resetTimestamp, long nowMillis) {
        try {
            return resetTimestamp == null ? 1_000 : Math.max(1, Long.parseLong(resetTimestamp.trim()) - nowMillis);
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    @Override
    public String toString() {
        return "BybitOrderProtocol[" + signer + "]";
    }

    /** Bybit's {@code timeInForce}: GTC, IOC, FOK, and post-only as {@code PostOnly} (protocol reference 4.5). */
    private static String timeInForce(OrderRequest.TimeInForce t) {
        return t == OrderRequest.TimeInForce.POST_ONLY ? "PostOnly" : t.name();
    }
}
