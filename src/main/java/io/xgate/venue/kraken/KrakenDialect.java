package io.xgate.venue.kraken;

import io.vertx.core.json.JsonArray;
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
import java.time.Duration;
import java.util.List;

/**
 * The Kraken Spot WebSocket v2 dialect (protocol reference section 2): subscribed book depth with the venue's
 * CRC32 after every update, the {@code ticker} (bbo) as the touch with a tolerance, application pings,
 * HMAC-SHA512 signed orders with nonces, and the per-pair trading counter.
 */
public final class KrakenDialect implements Dialect {

    /** The dialect's name in venue files. */
    public static final String NAME = "kraken";
    /** The book depths Kraken's v2 {@code book} channel accepts. */
    static final List<Integer> DEPTHS = List.of(10, 25, 100, 500, 1000);
    /** Kraken's public REST, limited per IP (about one call a second is safe); not a configured class. */
    static final String PUBLIC = "PUBLIC";
    /** How long the ticker's best bid/offer may disagree with the book's touch before the book is resynced. */
    public static final Duration TICKER_TOLERANCE = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Kraken's configured classes ({@code CALL_COUNTER}, {@code TRADING_PER_PAIR}) count per API key: node;
     * {@code PUBLIC} (per IP) is cluster if a venue file configures it.
     */
    @Override
    public io.xgate.config.VenueConfig.RateLimit.Scope defaultScope(String limitClass) {
        return PUBLIC.equals(limitClass) ? io.xgate.config.VenueConfig.RateLimit.Scope.CLUSTER : io.xgate.config.VenueConfig.RateLimit.Scope.NODE;
    }

    @Override
    public void check(VenueConfig venue, Problems problems) {
        if (!DEPTHS.contains(venue.bookDepth())) {
            throw problems.at("bookDepth", "is " + venue.bookDepth() + "; Kraken's book channel accepts one of "
                    + DEPTHS);
        }
    }

    @Override
    public MarketDataProtocol marketData(VenueConfig venue, InstrumentMetadata metadata) {
        return new KrakenProtocol(venue, metadata);
    }

    @Override
    public BookRules bookRules(VenueConfig venue) {
        // the checksum covers the top 10 of the book truncated to the subscribed depth; the ticker and the book
        // share no sequence, so their touch may disagree for a while
        return new BookRules(venue.bookDepth(), () -> new KrakenChecksum()::compute,
                BookRules.TouchRule.within(TICKER_TOLERANCE.toNanos(), "the ticker (bbo)"));
    }

    @Override
    public SessionRules session(VenueConfig venue) {
        return new SessionRules(SessionRules.KeepAlive.APPLICATION, null, null);
    }

    @Override
    public ServerTimeEndpoint serverTime() {
        return new ServerTimeEndpoint("/0/public/Time", PUBLIC, 1, 1_000, body -> {
            JsonObject o = new JsonObject(body);
            if (!o.getJsonArray("error", new JsonArray()).isEmpty()) {
                throw new IllegalStateException("Kraken answered " + o.getJsonArray("error"));
            }
            return o.getJsonObject("result").getLong("unixtime") * 1_000;
        });
    }

    @Override
    public OrderProtocol orders(VenueConfig venue) {
        return new KrakenOrderProtocol(venue);
    }

    @Override
    public OrderLimitRules orderLimits(VenueConfig venue) {
        return new KrakenOrderLimits();
    }

    @Override
    public SigningTool signing() {
        return new KrakenSigningTool();
    }
}
