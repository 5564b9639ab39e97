package io.xgate.order;

import io.vertx.core.Future;
import java.util.Map;

/**
 * Where a venue's order desk mirrors the orders that may rest at the venue, so that the node that leads the venue
 * next (high availability) knows them and can reconcile them with the venue. {@link #NONE} without high
 * availability; {@code io.xgate.cluster.HazelcastOrderRegistry} in a cluster.
 *
 * <p>Writes are fire-and-forget from the desk's event loop (they must never block it); a write lost with a dying
 * node is the price: the next leader reconciles what reached the registry.
 */
public interface OrderRegistry {

    /** An order that may rest: its symbol, the venue's id (empty until accepted), when it was placed (epoch ms). */
    record Entry(String symbol, String venueOrderId, long placedAtMillis) {
    }

    /** Nothing mirrored, nothing to load. */
    OrderRegistry NONE = new OrderRegistry() {
        @Override
        public void put(String clientOrderId, Entry entry) {
        }

        @Override
        public void remove(String clientOrderId) {
        }

        @Override
        public Future<Map<String, Entry>> load() {
            return Future.succeededFuture(Map.of());
        }
    };

    /** The order may rest (placed, or accepted with its venue id). */
    void put(String clientOrderId, Entry entry);

    /** It no longer rests (or never did). */
    void remove(String clientOrderId);

    /** Every order mirrored, by client order id (when a node becomes the venue's leader). */
    Future<Map<String, Entry>> load();
}
