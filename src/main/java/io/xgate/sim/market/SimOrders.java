package io.xgate.sim;

import io.xgate.book.OrderBook;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated venue's orders: placed orders fill at once against the true book's touch when they cross it
 * (the whole quantity, at the touch price), or rest until cancelled. Resting orders do not fill later (the
 * simulated market does not trade against them). Counts what the venue saw, for tests. Owned by the simulator's
 * context.
 */
final class SimOrders {

    /**
     * A request that reaches a simulated venue within this long after it refused one with {@code Retry-After} was
     * already on its way (measured: 0-3 ms), not sent by a client ignoring the refusal.
     */
    static final long IN_FLIGHT_GRACE_MILLIS = 250;

    /** One order. */
    static final class Order {
        final long id;
        final String venueId;
        final String clientId;
        final String symbol;
        final boolean buy;
        final boolean market;
        final long price;
        final long quantity;
        final long createdMillis;
        String status; // NEW, FILLED, CANCELED
        long filled;
        long fillPrice;

        Order(long id, String venueId, String clientId, String symbol, boolean buy, boolean market, long price,
              long quantity) {
            this.id = id;
            this.venueId = venueId;
            this.clientId = clientId;
            this.symbol = symbol;
            this.buy = buy;
            this.market = market;
            this.price = price;
            this.quantity = quantity;
            this.createdMillis = System.currentTimeMillis();
        }
    }

    private final Map<Long, Order> byId = new LinkedHashMap<>();
    private final Map<String, Order> byVenueId = new HashMap<>();
    private final Map<String, Order> byClientId = new HashMap<>();
    private long nextId = 1;
    /** New orders accepted per clock second, and the most in any second. */
    private long second;
    private long inSecond;
    long maxPerSecond;
    long accepted;
    long rejected;

    /** Places an order; it fills now if it crosses the book's touch. */
    Order place(String venueId, String clientId, String symbol, boolean buy, boolean market, long price, long qty,
                OrderBook book) {
        long id = nextId++;
        Order o = new Order(id, venueId == null ? Long.toString(id) : venueId, clientId, symbol, buy, market, price,
                qty);
        long touch = buy ? (book.askCount() > 0 ? book.bestAsk() : -1) : (book.bidCount() > 0 ? book.bestBid() : -1);
        boolean crosses = touch > 0 && (market || (buy ? price >= touch : price <= touch));
        o.status = crosses ? "FILLED" : "NEW";
        if (crosses) {
            o.filled = qty;
            o.fillPrice = touch;
        }
        byId.put(id, o);
        byVenueId.put(o.venueId, o);
        if (clientId != null && !clientId.isEmpty()) {
            byClientId.put(clientId, o);
        }
        accepted++;
        return o;
    }

    /** Counts a new order against the clock second; returns how many were placed in this second so far. */
    long countNew(long nowMillis) {
        long s = nowMillis / 1_000;
        if (s != second) {
            second = s;
            inSecond = 0;
        }
        inSecond++;
        maxPerSecond = Math.max(maxPerSecond, inSecond);
        return inSecond;
    }

    /** New orders placed in the current clock second. */
    long inCurrentSecond(long nowMillis) {
        return nowMillis / 1_000 == second ? inSecond : 0;
    }

    Order byId(long id) {
        return byId.get(id);
    }

    Order byVenueId(String id) {
        return byVenueId.get(id);
    }

    Order byClientId(String id) {
        return byClientId.get(id);
    }

    /** Cancels a resting order; {@code false} if it is not open. */
    boolean cancel(Order o) {
        if (o == null || !"NEW".equals(o.status)) {
            return false;
        }
        o.status = "CANCELED";
        return true;
    }
}
