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
 */
public record VenueStatus(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                          long publishTsNanos, Connection connection, String reason, List<SymbolStatus> symbols)
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
    public record SymbolStatus(String symbol, SyncState state, long resyncs, String reason) {
        /** Validates non-null fields. */
        public SymbolStatus {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Validates non-null fields and copies the symbol list. */
    public VenueStatus {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(reason, "reason");
        symbols = List.copyOf(symbols);
    }

    @Override
    public EventType type() {
        return EventType.VENUE_STATUS;
    }
}
