package io.xgate.venue.binance;

import io.vertx.core.json.JsonObject;
import io.xgate.book.BookRules;
import io.xgate.config.VenueConfig;
import io.xgate.venue.Dialect;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.OrderLimitRules;
import io.xgate.venue.OrderProtocol;
import io.xgate.venue.ServerTimeEndpoint;
import io.xgate.venue.SessionRules;
import io.xgate.venue.SigningTool;
import java.util.Map;

/**
 * The Binance Spot dialect (protocol reference section 1): combined streams with REST-snapshot book sync, the
 * {@code bookTicker} as the book's touch at the same update id, HMAC-SHA256 signed orders, request weight and
 * order-count limits. Also serves sister venues on the same wire format (Binance.US, testnets) by configuration.
 */
public final class BinanceDialect implements Dialect {

    /** The dialect's name in venue files. */
    public static final String NAME = "binance";
    /** Binance's request-weight limit class, as named in its exchangeInfo and in the venue file. */
    public static final String REQUEST_WEIGHT = "REQUEST_WEIGHT";
    /** The documented largest snapshot limit of {@code GET /api/v3/depth}. */
    static final int MAX_DEPTH_LIMIT = 5000;

    @Override
    public String name() {
        return NAME;
    }

    /** {@code REQUEST_WEIGHT} is counted per IP: one budget for the cluster; the order classes per account. */
    @Override
    public io.xgate.config.VenueConfig.RateLimit.Scope defaultScope(String limitClass) {
        return REQUEST_WEIGHT.equals(limitClass) ? io.xgate.config.VenueConfig.RateLimit.Scope.CLUSTER : io.xgate.config.VenueConfig.RateLimit.Scope.NODE;
    }

    @Override
    public void check(VenueConfig venue, Problems problems) {
        if (venue.bookDepth() > MAX_DEPTH_LIMIT) {
            throw problems.at("bookDepth", "is " + venue.bookDepth() + "; Binance's REST snapshot (the book's depth) "
                    + "allows at most " + MAX_DEPTH_LIMIT);
        }
    }

    @Override
    public MarketDataProtocol marketData(VenueConfig venue, InstrumentMetadata metadata) {
        return new BinanceProtocol(venue, metadata);
    }

    @Override
    public BookRules bookRules(VenueConfig venue) {
        // no checksum, no truncation; the bookTicker must equal the book's touch at the same update id
        return new BookRules(0, null, BookRules.TouchRule.atSameSequence("bookTicker"));
    }

    @Override
    public SessionRules session(VenueConfig venue) {
        // the venue pings every 20 s and closes a connection that does not answer within a minute (Vert.x answers)
        return new SessionRules(SessionRules.KeepAlive.WEBSOCKET_PING, null, null);
    }

    @Override
    public Map<String, String> usageHeaders() {
        return Map.of("X-MBX-USED-WEIGHT-1M", REQUEST_WEIGHT);
    }

    @Override
    public ServerTimeEndpoint serverTime() {
        return new ServerTimeEndpoint("/api/v3/time", REQUEST_WEIGHT, 1, 1,
                body -> new JsonObject(body).getLong("serverTime"));
    }

    @Override
    public OrderProtocol orders(VenueConfig venue) {
        return new BinanceOrderProtocol(venue);
    }

    @Override
    public OrderLimitRules orderLimits(VenueConfig venue) {
        return new BinanceOrderLimits(venue);
    }

    @Override
    public SigningTool signing() {
        return new BinanceSigningTool();
    }
}
