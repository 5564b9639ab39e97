package io.xgate.venue;

import io.xgate.book.BookRules;
import io.xgate.config.DialectSchema;
import io.xgate.config.VenueConfig;
import java.util.List;
import java.util.Map;

/**
 * One wire dialect as a plug-in: everything venue-specific that the dialect-free runtime (venue connections and
 * symbol states, books, the order desk, the REST client, the command line) needs. A dialect lives in
 * {@code io.xgate.venue.<dialect>} (and its simulation in {@code io.xgate.sim.<dialect>}); it is registered once,
 * in {@code META-INF/services/io.xgate.config.DialectSchema}, and found through {@link Dialects}. Nothing outside
 * those packages names a dialect.
 *
 * <p>Threading: a {@code Dialect} object is immutable and shared. What it makes ({@link MarketDataProtocol},
 * {@link OrderProtocol}, {@link OrderLimitRules}) belongs to one verticle and is called only on that verticle's
 * context.
 */
public interface Dialect extends DialectSchema {

    /**
     * A market-data protocol for one connection of a venue: a rotation's new connection gets its own instance,
     * so that it syncs on its own while the old one keeps serving.
     *
     * @param metadata the venue's instrument metadata, shared by its connections
     */
    MarketDataProtocol marketData(VenueConfig venue, InstrumentMetadata metadata);

    /**
     * The venue's market-data connection groups: which instruments travel on which endpoint. Each group gets its own
     * connections (reconnects, rotation) and protocol instances, made by {@link #marketData} with the group's narrowed
     * configuration. Default: one group with every instrument on {@code websocket.url}.
     */
    default List<ConnectionGroup> connectionGroups(VenueConfig venue) {
        return List.of(ConnectionGroup.whole(venue));
    }

    /** What this venue's books must satisfy beyond never being crossed: checksum, depth, the venue's touch. */
    BookRules bookRules(VenueConfig venue);

    /** Keep-alive and session rules of the market-data connection. */
    SessionRules session(VenueConfig venue);

    /**
     * Response headers in which the venue reports what it has counted, mapped to the limit class they count
     * (Binance: {@code X-MBX-USED-WEIGHT-1M} → {@code REQUEST_WEIGHT}).
     */
    default Map<String, String> usageHeaders() {
        return Map.of();
    }

    /**
     * The HTTP statuses with which the venue bans us, each to the shortest ban it means (used when the answer
     * carries no longer {@code Retry-After}): the REST client opens its ban circuit for them. Default: Binance's
     * 418, for its {@code Retry-After} (1 s without one).
     */
    default Map<Integer, Long> banStatuses() {
        return Map.of(418, 0L);
    }

    /** Where the venue tells its time, or {@code null} if this dialect has no such endpoint. */
    default ServerTimeEndpoint serverTime() {
        return null;
    }

    /** The order protocol of a venue: building, signing and reading its order requests. */
    OrderProtocol orders(VenueConfig venue);

    /** The venue's order-limit rules: what each request costs, in which limit class. */
    OrderLimitRules orderLimits(VenueConfig venue);

    /** What {@code xgate sign} does for this dialect. */
    SigningTool signing();
}
