package io.xgate.venue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One set of market-data connections of a venue: the instruments it carries and where it connects. Most venues
 * serve every instrument on one endpoint and have one group (the default of {@link Dialect#connectionGroups});
 * a venue that serves its markets on different endpoints (spot and perpetuals) has one group per endpoint. Each
 * group has its own connections, reconnect back-off, rotation and protocol instances; the venue's symbol states,
 * status, clock and REST client stay one per venue.
 *
 * @param name  the group's name for logs ({@code ""} for a venue's only group)
 * @param venue the venue's configuration narrowed to the group: only its instruments, and its own
 *              {@code websocket} section (URL); given to {@link Dialect#marketData} for the group's protocols
 */
public record ConnectionGroup(String name, VenueConfig venue) {

    /** The one group of a venue that serves everything on its configured endpoint. */
    public static ConnectionGroup whole(VenueConfig venue) {
        return new ConnectionGroup("", venue);
    }

    /** A group of some of the venue's instruments, connecting to {@code url} with the venue's other settings. */
    public static ConnectionGroup of(String name, VenueConfig venue, Collection<Instrument> instruments, URI url) {
        Map<String, Instrument> mine = new LinkedHashMap<>();
        instruments.forEach(i -> mine.put(i.symbol(), i));
        VenueConfig.WebSocket w = venue.websocket();
        VenueConfig.WebSocket ws = new VenueConfig.WebSocket(url, w.maxConnectionAge(), w.pingInterval(),
                w.pongTimeout(), w.staleAfter(), w.reconnectInitialDelay(), w.reconnectMaxDelay(),
                w.reconnectJitter(), w.maxMessageBytes(), w.connectTimeout(), w.stableAfter());
        return new ConnectionGroup(name, new VenueConfig(venue.file(), venue.id(), venue.dialect(), ws, venue.rest(),
                venue.bookDepth(), mine, venue.fees(), venue.rateLimits(), venue.endpointWeights(),
                venue.credentials(), venue.risk()));
    }

    /** {@code venue} or {@code venue/group}, for logs. */
    public String label() {
        return name.isEmpty() ? venue.id() : venue.id() + "/" + name;
    }
}
