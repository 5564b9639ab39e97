package io.xgate.venue;

import io.vertx.core.http.HttpMethod;
import io.xgate.config.Instrument;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.rest.VenueHttp;
import java.util.Map;

/**
 * Part of the {@link Dialect} SPI: the order side of a dialect, for one venue and its credentials. It builds and
 * signs the venue's request for a place, cancel or query, and reads the venue's reply into a normalized
 * {@link Outcome}; the dialect-free order desk ({@code io.xgate.order}) does everything else (validation, risk,
 * limits, open orders, reports) and sends through the venue's one REST client ({@link VenueHttp}).
 *
 * <p>Threading: made once per order desk and called only on the order desk's context. Implementations hold the
 * credential's signer; they never put a secret in a log line, an exception, an outcome or {@code toString()}.
 */
public interface OrderProtocol {

    /**
     * One signed request, as it goes on the wire.
     *
     * @param method       the HTTP method
     * @param pathAndQuery the path from the venue's REST base URL, with its query string if any
     * @param headers      request headers (API key, signature, content type)
     * @param body         the body, {@code ""} if none
     * @param limitClass   the REST limit class the request spends ({@code REQUEST_WEIGHT}), or {@code ""} if none
     * @param cost         its documented cost in that class (a venue file's {@code endpointWeights} may override it,
     *                     by {@link #endpoint()})
     */
    record WireRequest(HttpMethod method, String pathAndQuery, Map<String, String> headers, String body,
                       String limitClass, long cost) {
        /** Copies the headers. */
        public WireRequest {
            headers = Map.copyOf(headers);
        }

        /** {@code "METHOD /path"}, as {@code endpointWeights} names it (no query string). */
        public String endpoint() {
            int q = pathAndQuery.indexOf('?');
            return method.name() + ' ' + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        }

        @Override
        public String toString() { // the headers hold the API key and the signature
            return "WireRequest[" + endpoint() + ", " + limitClass + " " + cost + "]";
        }
    }

    /**
     * What the venue said of a request, normalized.
     *
     * @param status          ACCEPTED, FILLED, PARTIALLY_FILLED, CANCELED, EXPIRED, REJECTED or UNKNOWN (no
     *                        readable answer, or a 5xx: the order may exist)
     * @param venueOrderId    the venue's order id, {@code ""} if unknown
     * @param code            the venue's error code ({@code -1022}, {@code EAPI:Invalid nonce}), {@code ""} if none
     * @param message         the venue's message, or what the reply said
     * @param filledQuantity  filled quantity, mantissa at the instrument's size scale
     * @param averagePrice    average fill price, mantissa at the instrument's price scale, 0 if none
     * @param pauseNewOrdersMillis how long the venue asked us to send no new order (Binance 429 {@code Retry-After},
     *                        Kraken {@code EOrder:Rate limit exceeded}), 0 if it did not
     */
    record Outcome(OrderReport.Status status, String venueOrderId, String code, String message, long filledQuantity,
                   long averagePrice, long pauseNewOrdersMillis) {

        /** An answer that says nothing certain: the order may or may not exist. */
        public static Outcome unknown(String code, String message) {
            return new Outcome(OrderReport.Status.UNKNOWN, "", code, message, 0, 0, 0);
        }

        /** A refusal by the venue. */
        public static Outcome rejected(String code, String message) {
            return new Outcome(OrderReport.Status.REJECTED, "", code, message, 0, 0, 0);
        }
    }

    /**
     * Builds and signs the request for {@code r}.
     *
     * @param venueOrderId   the venue's id of the order (cancel, query), or {@code null} if not known: then the client
     *                       order id is used where the venue allows it
     * @param venueNowMillis the venue's time now (local clock plus the last sampled offset): Binance's
     *                       {@code timestamp}; Kraken's nonces never go below it in microseconds, and strictly increase
     */
    WireRequest build(OrderRequest r, Instrument i, String venueOrderId, long venueNowMillis);

    /**
     * Reads the venue's reply to the request built for {@code r}. A 5xx or an unreadable answer is UNKNOWN.
     *
     * @param venueOrderId as given to {@link #build}
     */
    Outcome read(OrderRequest r, Instrument i, String venueOrderId, VenueHttp.Reply reply);
}
