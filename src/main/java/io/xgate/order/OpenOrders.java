package io.xgate.order;

import java.util.HashMap;
import java.util.Map;

/**
 * The orders of one venue that may rest there, by client order id: from passing the risk checks until a final
 * state (rejected, filled, canceled, expired), whichever request learned it. Counted per symbol, for
 * {@code maxOpenOrders}; each keeps its venue id (for cancel and query) and when it was accepted (Kraken charges
 * cancels by the order's age).
 *
 * <p>Owned by the order desk: called only on its context; not thread-safe.
 */
final class OpenOrders {

    /** One order that may rest. */
    private static final class Order {
        final String symbol;
        long placedAtMillis;
        String venueId = "";

        Order(String symbol, long nowMillis) {
            this.symbol = symbol;
            this.placedAtMillis = nowMillis;
        }
    }

    private final Map<String, Order> byClientId = new HashMap<>();
    private final Map<String, Integer> perSymbol = new HashMap<>();
    private OrderRegistry registry = OrderRegistry.NONE;

    /** Mirrors every change to {@code registry} from now on (high availability: the next leader loads it). */
    void mirrorTo(OrderRegistry registry) {
        this.registry = registry;
    }

    /** Counts an order from now (so that a burst cannot pass {@code maxOpenOrders}); a repeated id counts once. */
    void track(String clientOrderId, String symbol, long nowMillis) {
        if (byClientId.putIfAbsent(clientOrderId, new Order(symbol, nowMillis)) == null) {
            perSymbol.merge(symbol, 1, Integer::sum);
            registry.put(clientOrderId, new OrderRegistry.Entry(symbol, "", nowMillis));
        }
    }

    /** An order a previous leader left resting (or unknown): counted and known here, not mirrored back. */
    void restore(String clientOrderId, OrderRegistry.Entry e) {
        Order o = new Order(e.symbol(), e.placedAtMillis());
        o.venueId = e.venueOrderId();
        if (byClientId.putIfAbsent(clientOrderId, o) == null) {
            perSymbol.merge(e.symbol(), 1, Integer::sum);
        }
    }

    /** The venue accepted it: its id, and its age from now. */
    void accepted(String clientOrderId, String venueId, long nowMillis) {
        Order o = byClientId.get(clientOrderId);
        if (o != null) {
            o.placedAtMillis = nowMillis;
            o.venueId = venueId == null ? "" : venueId;
            registry.put(clientOrderId, new OrderRegistry.Entry(o.symbol, o.venueId, nowMillis));
        }
    }

    /** It no longer rests (or never did). */
    void end(String clientOrderId) {
        Order o = byClientId.remove(clientOrderId);
        if (o != null) {
            perSymbol.merge(o.symbol, -1, Integer::sum);
            registry.remove(clientOrderId);
        }
    }

    /** Orders of a symbol that may rest now. */
    int open(String symbol) {
        return perSymbol.getOrDefault(symbol, 0);
    }

    /** The venue's id of an order, or {@code null} if not known. */
    String venueId(String clientOrderId) {
        Order o = byClientId.get(clientOrderId);
        return o == null || o.venueId.isEmpty() ? null : o.venueId;
    }

    /** How long ago an order was accepted, or 0 if it is not known. */
    long ageMillis(String clientOrderId, long nowMillis) {
        Order o = byClientId.get(clientOrderId);
        return o == null ? 0 : nowMillis - o.placedAtMillis;
    }
}
