package io.xgate.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.xgate.order.OrderRegistry;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue's open orders mirrored in the Hazelcast map {@code xgate.ha.orders.<venue>} (client order id to
 * {@code symbol|venueOrderId|placedAtMillis}), for the venue's next leader to reconcile. Writes are asynchronous (the
 * order desk's event loop never waits on the cluster); {@link #load()} reads the map on a worker thread.
 */
public final class HazelcastOrderRegistry implements OrderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastOrderRegistry.class);

    private final Vertx vertx;
    private final String venue;
    private final IMap<String, String> orders;

    /** The registry of {@code venue}'s orders in the cluster of {@code hz}. */
    public HazelcastOrderRegistry(Vertx vertx, HazelcastInstance hz, String venue) {
        this.vertx = vertx;
        this.venue = venue;
        this.orders = hz.getMap("xgate.ha.orders." + venue);
    }

    @Override
    public void put(String clientOrderId, Entry e) {
        orders.setAsync(clientOrderId, e.symbol() + '|' + e.venueOrderId() + '|' + e.placedAtMillis())
                .whenComplete((v, x) -> warn(x, clientOrderId));
    }

    @Override
    public void remove(String clientOrderId) {
        orders.removeAsync(clientOrderId).whenComplete((v, x) -> warn(x, clientOrderId));
    }

    private void warn(Throwable x, String clientOrderId) {
        if (x != null) {
            LOG.warn("ha: venue {}: order {} not mirrored to the cluster ({}); the next leader may not know it", venue,
                    clientOrderId, x.toString());
        }
    }

    @Override
    public Future<Map<String, Entry>> load() {
        return vertx.executeBlocking(() -> {
            Map<String, Entry> out = new HashMap<>();
            for (Map.Entry<String, String> e : orders.entrySet()) {
                String[] f = e.getValue().split("\\|", 3);
                if (f.length == 3) {
                    out.put(e.getKey(), new Entry(f[0], f[1], Long.parseLong(f[2])));
                }
            }
            return out;
        }, false);
    }
}
