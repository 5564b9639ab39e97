package io.xgate.venue;

/**
 * The connections of one connection group, as a {@link VenueConnection} sees them: {@link VenueConnections} live, a
 * replay's when a journal is played back.
 */
interface ConnectionSet {

    /** The connection that publishes, or {@code null}. */
    VenueConnection active();

    /** How many instruments the group carries. */
    int symbolCount();

    /** The standby is LIVE on every symbol: it takes over. */
    void promote(VenueConnection c);

    /** The connection is broken: drop it (and reconnect). */
    void reconnect(VenueConnection c, String reason);

    /** Replace the active connection make-before-break. */
    void rotate(String reason);
}
