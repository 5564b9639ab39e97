package io.xgate.sim.kraken;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The book a client of one Kraken {@code book} subscription holds, as the documentation tells it to keep one
 * (protocol reference 2.2): apply every level sent (absolute quantity, {@code qty 0} deletes), then truncate each
 * side to the subscribed depth, because Kraken sends no delete for levels pushed out of range. The simulated venue
 * keeps one per client and symbol to know what it has told the client, and checksums it.
 */
public final class KrakenDepthView {

    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();

    /** Applies one level as sent. */
    public void set(boolean ask, long price, long qty) {
        TreeMap<Long, Long> side = ask ? asks : bids;
        if (qty == 0) {
            side.remove(price);
        } else {
            side.put(price, qty);
        }
    }

    /** The documented rule: keep only the best {@code depth} levels of each side. */
    public void truncate(int depth) {
        while (bids.size() > depth) {
            bids.pollLastEntry();
        }
        while (asks.size() > depth) {
            asks.pollLastEntry();
        }
    }

    /** The quantity at a price, or 0. */
    public long sizeAt(boolean ask, long price) {
        Long q = (ask ? asks : bids).get(price);
        return q == null ? 0 : q;
    }

    /** The bids, best (highest) first. */
    public NavigableMap<Long, Long> bids() {
        return Collections.unmodifiableNavigableMap(bids);
    }

    /** The asks, best (lowest) first. */
    public NavigableMap<Long, Long> asks() {
        return Collections.unmodifiableNavigableMap(asks);
    }

    /** Levels on a side. */
    public int count(boolean ask) {
        return (ask ? asks : bids).size();
    }

    /** A copy of a side, best first (to iterate while changing the view). */
    Map<Long, Long> copy(boolean ask) {
        return new TreeMap<>(ask ? asks : bids);
    }
}
