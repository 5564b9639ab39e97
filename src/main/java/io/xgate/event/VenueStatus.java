package io.xgate.event;

import java.util.List;
import java.util.Objects;

/**
 * A venue's connection state and every symbol's sync state, published on {@code xgate.venue.status.<venue>}
 * whenever one of them changes. {@link #symbol()} is {@code ""}.
 *
 * @param connection the market-data connection state
 * @param reason     why the last change happened (human-readable; {@code ""} if none)
 * @param symbols    one entry per configured symbol
 * @param epoch the epoch of the venue leader that published it (high availability); 0 without
 * @param node  the node that published it ({@code ha.nodeId}), {@code ""} without high availability
 * @param role  that node's role for the venue
 */
public record VenueStatus(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                          long publishTsNanos, Connection connection, String reason, List<SymbolStatus> symbols, long epoch, String node, Role role)
        implements Event {

    /** State of the venue's market-data connection. Wire codes are part of the public contract. */
    public enum Connection {
        CONNECTING(1),
        CONNECTED(2),
        DISCONNECTED(3),
        /** The venue banned us (e.g. Binance 418); requests are suspended until the ban expires. */
        BANNED(4);

        private final int code;

        Connection(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The state for a wire code, or {@code null}. */
        public static Connection ofCode(int code) {
            for (Connection c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * One symbol's state.
     *
     * @param resyncs how many times this symbol has been resynced since start
     * @param reason  why it entered its current state ({@code ""} if none)
     */
    /** A publishing node's role for the venue (high availability). */
    public enum Role {
        /** Not elected: high availability is off. */
        NONE(0),
        /** The venue's leader: it publishes the venue's events cluster-wide and serves its orders. */
        LEADER(1),
        /** A hot standby: connected and LIVE, publishing its own status on {@code xgate.ha.standby.<venue>} only. */
        STANDBY(2);

        private final int code;

        Role(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The role of a wire code, or {@code null}. */
        public static Role ofCode(int code) {
            for (Role r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * One symbol's book.
     *
     * @param cause the {@link ResyncCause} label of its latest resync ({@code gap}, {@code checksum}...), {@code ""}
     *              if it never resynced (appended to the wire; an older publisher's status reads {@code ""})
     */
    public record SymbolStatus(String symbol, SyncState state, long resyncs, String reason, String cause) {
        /** Validates non-null fields. */
        public SymbolStatus {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
        }

        /** A symbol status without a resync cause. */
        public SymbolStatus(String symbol, SyncState state, long resyncs, String reason) {
            this(symbol, state, resyncs, reason, "");
        }
    }

    /** Validates non-null fields and copies the symbol list. */
    public VenueStatus {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(reason, "reason");
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(role, "role");
    }

    /** A status published without high availability: epoch 0, no node, role {@link Role#NONE}. */
    public VenueStatus(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, Connection connection, String reason, List<SymbolStatus> symbols) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, connection, reason, symbols, 0L, "", Role.NONE);
    }

    /** This status as published by {@code node} in {@code role} under the leader's {@code epoch}. */
    public VenueStatus withLeadership(long epoch, String node, Role role) {
        return new VenueStatus(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, connection, reason, symbols, epoch, node, role);
    }

    @Override
    public EventType type() {
        return EventType.VENUE_STATUS;
    }
}
