package io.xgate.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.xgate.config.VenueConfig;
import io.xgate.sim.market.FaultInjector;
import io.xgate.sim.market.OrderCounts;
import io.xgate.sim.market.SimBook;
import java.util.List;

/**
 * One running simulated venue, as its {@link SimDialect} made it. Every method runs on the simulator's context.
 */
public interface SimVenue {

    /**
     * What a dialect needs to simulate one venue.
     *
     * @param vertx    the simulator's Vert.x
     * @param venue    the venue file (its id, URLs, symbols' venue names, rate-limit settings)
     * @param books    the simulated venue's own books, one per symbol, at its own instruments' scales
     * @param faults   the faults to inject into this venue
     * @param account  the key pair signed requests must use, or {@code null}: every one is refused
     * @param seed     seed for the dialect's own randomness
     */
    record Setup(Vertx vertx, VenueConfig venue, List<SimBook> books, FaultInjector faults,
                 VenueConfig.Credentials account, long seed) {
        /** Copies the book list. */
        public Setup {
            books = List.copyOf(books);
        }
    }

    /** Starts listening on {@code host:port}. */
    Future<?> start(String host, int port);

    Future<Void> close();

    /** After each market step (e.g. Binance's {@code bookTicker}). */
    default void afterStep() {
    }

    /** Sends what changed since the last publish. */
    void publish(long nowMillis);

    /** Closes every client connection (fault: disconnect). */
    void disconnectAll();

    /** Announces a server shutdown on every connection, where the dialect has such a notice. */
    default void announceShutdown() {
    }

    /**
     * Whether the constant-rate driver of the latency harness can use this venue: each frame carries an update id
     * that the gateway's {@code BookTop} reports.
     */
    default boolean drivable() {
        return false;
    }

    /**
     * Sends one book's pending changes as one frame, now (the constant-rate driver).
     *
     * @return whether a frame went out
     */
    default boolean publishBook(SimBook book, long nowMillis) {
        return false;
    }

    /** What the venue saw of orders. */
    OrderCounts orderCounts();

    /** REST depth snapshots served (0 where the dialect has none). */
    default long snapshotRequests() {
        return 0;
    }

    /** Request weight counted in the current minute (0 where the dialect counts none). */
    default long usedWeight() {
        return 0;
    }

    /** The highest request weight counted in any one minute (0 where the dialect counts none). */
    default long maxUsedWeight() {
        return 0;
    }

    /**
     * Per client, the highest request weight counted in any one minute, and (as {@code total}) all it spent: a
     * client is the {@value #CLIENT_HEADER} header if the request has one, else its remote address, the IP a
     * venue counts by (empty where the dialect counts none).
     */
    default java.util.Map<String, ClientWeight> weightByClient() {
        return java.util.Map.of();
    }

    /** The request header that names a client for {@link #weightByClient()}, instead of its address. */
    String CLIENT_HEADER = "X-Xgate-Client";

    /**
     * One client's request weight.
     *
     * @param maxPerMinute the highest weight counted in one clock minute
     * @param total        the weight of every request it made
     */
    record ClientWeight(long maxPerMinute, long total) {
    }
}
