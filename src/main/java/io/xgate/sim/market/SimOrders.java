package io.xgate.sim.market;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated venue's orders: placed orders fill at once against the true book's touch when they cross it
 * (the whole quantity, at the touch price), or rest until cancelled. Resting orders do not fill later (the
 * simulated market does not trade against them). Counts what the venue saw, for tests. Owned by the simulator's
 * context.
 */
public final class SimOrders {

    /**
     * A request that reaches a simulated venue within this long after it refused one with {@code Retry-After} was
     * already on its way (measured: 0-3 ms), not sent by a client ignoring the refusal.
     */
    public static final long IN_FLIGHT_GRACE_MILLIS = 250;

    /** One order; its fields are read by the dialect that formats it. */
    public static final class Order {
        public final long id;
        public final String venueId;
        public final String clientId;
        public final String symbol;
        public final boolean buy;
        public final boolean market;
        public final long price;
        public final long quantity;
        public final long createdMillis;
        public String status; // NEW, FILLED, CANCELED
        public long filled;
        public long fillPrice;

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
    private long maxPerSecond;
    private long accepted;

    /** Places an order; it fills now if it crosses the book's touch. */
    public Order place(String venueId, String clientId, String symbol, boolean buy, boolean market, long price, long qty,
                       SimBook book) {
        return place(venueId, clientId, symbol, buy, market, price, qty, book, false);
    }

    /**
     * Places an order; with {@code postOnly}, one that would cross the touch is accepted and cancelled at once, never
     * filled (the venues that answer post-only this way: Bybit's {@code PostOnly}).
     */
    public Order place(String venueId, String clientId, String symbol, boolean buy, boolean market, long price, long qty,
                       SimBook book, boolean postOnly) {
        long id = nextId++;
        Order o = new Order(id, venueId == null ? Long.toString(id) : venueId, clientId, symbol, buy, market, price,
                qty);
        long touch = buy ? book.bestAsk() : book.bestBid();
        boolean crosses = touch > 0 && (market || (buy ? price >= touch : price <= touch));
        o.status = crosses ? (postOnly ? "CANCELED" : "FILLED") : "NEW";
        if (crosses && !postOnly) {
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
    public long countNew(long nowMillis) {
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
    public long inCurrentSecond(long nowMillis) {
        return nowMillis / 1_000 == second ? inSecond : 0;
    }

    public Order byId(long id) {
        return byId.get(id);
    }

    public Order byVenueId(String id) {
        return byVenueId.get(id);
    }

    public Order byClientId(String id) {
        return byClientId.get(id);
    }

    /** Orders accepted so far. */
    public long accepted() {
        return accepted;
    }

    /** The most new orders counted in one clock second. */
    public long maxPerSecond() {
        return maxPerSecond;
    }

    /** Cancels a resting order; {@code false} if it is not open. */
    public boolean cancel(Order o) {
        if (o == null || !"NEW".equals(o.status)) {
            return false;
        }
        o.status = "CANCELED";
        return true;
    }
}
