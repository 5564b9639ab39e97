package io.xgate.venue.okx;

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
 * OKX v5 orders (protocol reference 3.4-3.6): {@code POST /api/v5/trade/order}, {@code POST
 * /api/v5/trade/cancel-order} and {@code GET /api/v5/trade/order}, signed with {@link OkxSigner}
 * ({@code OK-ACCESS-KEY}, {@code -SIGN}, {@code -TIMESTAMP} as ISO-8601 milliseconds of the venue's clock,
 * {@code -PASSPHRASE}). {@code tdMode} is {@code cash} for spot and {@code cross} for swaps. Time in force maps to
 * {@code ordType}: GTC {@code limit}, IOC {@code ioc}, FOK {@code fok}, and {@code market}; a spot market order
 * gives its size in the base currency ({@code tgtCcy: base_ccy}). The SPI has no post-only flag, so
 * {@code post_only} is not sent.
 *
 * <p>Swap quantities go out in <b>whole contracts</b>: base units divided by the instrument's contract size
 * exactly; a quantity that is not a whole number of contracts (0.015 BTC on a 0.01 BTC contract) is refused
 * locally, nothing is sent. Filled sizes come back in contracts and are converted to base units.
 *
 * <p>Replies: the envelope's {@code code}, and each item's {@code sCode}/{@code sMsg}; {@code 50011} (rate limit)
 * pauses new orders for OKX's 2 s window; {@code 50102} (timestamp expired) and {@code 50113} (bad signature) are
 * rejections that say what to check. Called only on the order desk's context.
 */
public final class OkxOrderProtocol implements OrderProtocol {

    /** Place an order. */
    public static final String ORDER_PATH = "/api/v5/trade/order";
    /** Cancel an order. */
    public static final String CANCEL_PATH = "/api/v5/trade/cancel-order";
    /** OKX's rate-limit error. */
    public static final String RATE_LIMITED = "50011";
    /** The request's timestamp is more than 30 s from the venue's time. */
    public static final String TIMESTAMP_EXPIRED = "50102";
    /** The signature is invalid. */
    public static final String INVALID_SIGN = "50113";
    /** OKX's trade limits are per 2 s windows: how long new orders wait after a 50011. */
    static final long RATE_LIMIT_PAUSE_MILLIS = 2_000;
    /** The REST limit class of an order query (60 requests / 2 s), as named in the venue file. */
    public static final String ORDER_QUERY = "ORDER_QUERY";

    private final OkxSigner signer;
    private final String apiKey;
    private final String passphrase;

    /** @throws IllegalArgumentException if the venue has no credentials or no passphrase */
    public OkxOrderProtocol(VenueConfig venue) {
        VenueConfig.Credentials c = venue.credentials();
        if (c == null || c.passphrase() == null) {
            throw new IllegalArgumentException(venue.id() + " has no credentials with a passphrase: its orders cannot "
                    + "be signed");
        }
        this.signer = new OkxSigner(c.apiKey(), c.apiSecret(), c.passphrase());
        this.apiKey = new String(c.apiKey().reveal());
        this.passphrase = new String(c.passphrase().reveal());
    }

    @Override
    public WireRequest build(OrderRequest r, Instrument i, String venueOrderId, long venueNowMillis) {
        String clOrdId = r.clientOrderId();
        HttpMethod method = HttpMethod.POST;
        String path;
        String body;
        String limitClass = "";
        long cost = 0;
        switch (r.action()) {
            case PLACE -> {
                if (!clOrdId.matches("[A-Za-z0-9]{1,32}")) {
                    throw new IllegalArgumentException("OKX's clOrdId is 1 to 32 letters and digits, got '" + clOrdId
                            + "'");
                }
                path = ORDER_PATH;
                boolean market = r.orderType() == OrderRequest.OrderType.MARKET;
                String ordType = market ? "market" : switch (r.timeInForce()) {
                    case IOC -> "ioc";
                    case FOK -> "fok";
                    case POST_ONLY -> "post_only";
                    default -> "limit";
                };
                JsonObject o = new JsonObject().put("instId", i.venueSymbol())
                        .put("tdMode", i.perpetual() ? "cross" : "cash").put("clOrdId", clOrdId)
                        .put("side", r.side() == Side.BUY ? "buy" : "sell").put("ordType", ordType);
                if (!market) {
                    o.put("px", Decimals.toStrippedString(r.price(), i.priceScale()));
                }
                o.put("sz", size(r.quantity(), i));
                if (market && !i.perpetual()) {
                    o.put("tgtCcy", "base_ccy");
                }
                body = o.encode();
            }
            case CANCEL -> {
                path = CANCEL_PATH;
                JsonObject o = new JsonObject().put("instId", i.venueSymbol());
                if (venueOrderId != null) {
                    o.put("ordId", venueOrderId);
                } else {
                    o.put("clOrdId", clOrdId);
                }
                body = o.encode();
            }
            default -> {
                method = HttpMethod.GET;
                path = ORDER_PATH + "?instId=" + i.venueSymbol() + (venueOrderId != null ? "&ordId=" + venueOrderId
                        : "&clOrdId=" + clOrdId);
                body = "";
                limitClass = ORDER_QUERY;
                cost = 1;
            }
        }
        OkxSigner.SignedHeaders signed = signer.sign(venueNowMillis, method.name(), path, body);
        return new WireRequest(method, path, Map.of(OkxSigner.ACCESS_KEY_HEADER, apiKey,
                OkxSigner.ACCESS_SIGN_HEADER, signed.sign(), OkxSigner.ACCESS_TIMESTAMP_HEADER, signed.timestamp(),
                OkxSigner.ACCESS_PASSPHRASE_HEADER, passphrase, "Content-Type", "application/json"), body, limitClass,
                cost);
    }

    /**
     * The order's {@code sz}: base units for spot; whole contracts for a swap.
     *
     * @throws IllegalArgumentException if a swap quantity is not a whole number of contracts
     */
    static String size(long quantity, Instrument i) {
        if (!i.perpetual()) {
            return Decimals.toStrippedString(quantity, i.sizeScale());
        }
        OkxContractSize ct = new OkxContractSize(i.contractSize(), i.sizeScale());
        try {
            return Long.toString(ct.toContracts(quantity, i.sizeScale(), 0));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(i.symbol() + ": " + Decimals.toStrippedString(quantity, i.sizeScale())
                    + " base units is not a whole number of contracts of " + i.contractSizeText()
                    + " (OKX swaps are ordered in contracts)");
        }
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
        String code = String.valueOf(body.getValue("code", ""));
        JsonArray data = body.getJsonArray("data", new JsonArray());
        JsonObject item = data.isEmpty() || !(data.getValue(0) instanceof JsonObject d) ? null : d;
        if (item != null && item.getString("sCode") != null && !"0".equals(item.getString("sCode"))) {
            return refusal(item.getString("sCode"), item.getString("sMsg", ""));
        }
        if (!"0".equals(code)) {
            return refusal(code, body.getString("msg", ""));
        }
        if (item == null) {
            return Outcome.unknown("BAD_ANSWER", "code 0 without data; query the order");
        }
        String ordId = item.getString("ordId", venueOrderId == null ? "" : venueOrderId);
        return switch (r.action()) {
            case PLACE -> new Outcome(OrderReport.Status.ACCEPTED, ordId, "", "accepted", 0, 0, 0);
            case CANCEL -> new Outcome(OrderReport.Status.CANCELED, ordId, "", "canceled", 0, 0, 0);
            default -> {
                String state = item.getString("state", "");
                OrderReport.Status s = switch (state) {
                    case "filled" -> OrderReport.Status.FILLED;
                    case "partially_filled" -> OrderReport.Status.PARTIALLY_FILLED;
                    case "canceled", "mmp_canceled" -> OrderReport.Status.CANCELED;
                    default -> OrderReport.Status.ACCEPTED;
                };
                String acc = item.getString("accFillSz", "0");
                String avg = item.getString("avgPx", "");
                yield new Outcome(s, ordId, "", state, filled(acc.isEmpty() ? "0" : acc, i),
                        avg.isEmpty() ? 0 : Decimals.parse(avg, i.priceScale()), 0);
            }
        };
    }

    /** {@code accFillSz}: base units for spot, contracts for a swap. */
    private static long filled(String accFillSz, Instrument i) {
        long v = Decimals.parse(accFillSz, i.sizeScale());
        return i.perpetual() ? new OkxContractSize(i.contractSize(), i.sizeScale()).toBase(v, i.sizeScale(),
                i.sizeScale()) : v;
    }

    private static Outcome refusal(String code, String msg) {
        return switch (code) {
            case RATE_LIMITED -> new Outcome(OrderReport.Status.REJECTED, "", code, "OKX rate limit reached (" + msg
                    + "): new orders wait " + RATE_LIMIT_PAUSE_MILLIS + " ms", 0, 0, RATE_LIMIT_PAUSE_MILLIS);
            case TIMESTAMP_EXPIRED -> Outcome.rejected(code, "OKX refused the timestamp as expired (" + msg
                    + "): the request's OK-ACCESS-TIMESTAMP is more than 30 s from OKX's time; check the clock");
            case INVALID_SIGN -> Outcome.rejected(code, "OKX refused the signature (" + msg + "): check the API "
                    + "secret");
            default -> Outcome.rejected(code, msg);
        };
    }

    @Override
    public String toString() {
        return "OkxOrderProtocol[" + signer + "]";
    }
}
