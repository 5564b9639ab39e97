package io.xgate.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's Hazelcast cluster manager, with the event-bus registrations of chosen addresses kept warm on this node.
 *
 * <p>Why: a clustered {@code publish} first asks the cluster manager who subscribes to the address; Vert.x caches
 * the answer only for an address this node already published to and that has a subscriber, and otherwise asks
 * Hazelcast again (a {@code MultiMap.get} on a worker thread) at every publish. A standby publishes nothing
 * cluster-wide, so when it takes over, its first publish to each top, trade and status address waits on Hazelcast,
 * which, right after a member died, waits until the dead member's partitions have been given to the survivors:
 * seconds when the dead member was the cluster's oldest (the `kill -9` takeovers over 3 s in the README).
 *
 * <p>What: {@link #warm} asks once for the addresses a node will publish to, and from then on keeps their answers
 * current from the same registration events Vert.x's own cache follows (it wants the updates for them too); a
 * publish to a warm address is answered from memory, also when nobody subscribes (an empty answer, which Vert.x does
 * not cache). Every other address goes to Hazelcast as before.
 */
public final class WarmClusterManager extends HazelcastClusterManager {

    private static final Logger LOG = LoggerFactory.getLogger(WarmClusterManager.class);

    /** An address's latest answer ({@code null}: being warmed, the first answer is on the way). */
    private record Known(List<RegistrationInfo> registrations) {
    }

    private static final Known PENDING = new Known(null);

    private final ConcurrentMap<String, Known> warm = new ConcurrentHashMap<>();

    /** @param config the Hazelcast configuration ({@code ClusterConfig.hazelcast}) */
    public WarmClusterManager(Config config) {
        super(config);
    }

    @Override
    public void registrationListener(RegistrationListener listener) {
        super.registrationListener(new RegistrationListener() {
            @Override
            public void registrationsUpdated(RegistrationUpdateEvent event) {
                warm.computeIfPresent(event.address(), (a, was) -> new Known(event.registrations() == null
                        ? List.of() : List.copyOf(event.registrations())));
                if (listener.wantsUpdatesFor(event.address())) {
                    listener.registrationsUpdated(event);
                }
            }

            @Override
            public void registrationsLost() {
                listener.registrationsLost();
            }

            @Override
            public boolean wantsUpdatesFor(String address) {
                return warm.containsKey(address) || listener.wantsUpdatesFor(address);
            }
        });
    }

    @Override
    public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
        Known known = warm.get(address);
        if (known != null && known.registrations() != null) {
            promise.succeed(known.registrations());
            return;
        }
        super.getRegistrations(address, promise);
    }

    /**
     * Asks once who subscribes to each of {@code addresses} and keeps the answers current from then on. Call after
     * the cluster was joined; an address already warm is left as it is.
     */
    public void warm(Collection<String> addresses) {
        for (String a : addresses) {
            if (warm.putIfAbsent(a, PENDING) != null) {
                continue;
            }
            super.getRegistrations(a, (list, err) -> {
                if (err != null) {
                    warm.remove(a, PENDING);
                    LOG.debug("cluster: cannot warm the registrations of {}: {}", a, err.toString());
                } else {
                    // an update that came while the first answer was on the way is newer: keep it
                    warm.replace(a, PENDING, new Known(list == null ? List.of() : List.copyOf(list)));
                }
            });
        }
    }

    /**
     * The addresses a node publishes to cluster-wide for the venues it runs (as their leader, or later, as the standby
     * that took over): per venue its status, standby status and order events; per instrument its top, trades and
     * book-feature bars; per analysed instrument its candles and indicators.
     */
    public static List<String> publishedBy(io.xgate.config.GatewayConfig config) {
        List<String> out = new java.util.ArrayList<>();
        io.xgate.config.GatewayConfig.Analytics a = config.analytics();
        for (io.xgate.config.VenueConfig v : config.localVenues()) {
            out.add(io.xgate.event.Addresses.status(v.id()));
            out.add(io.xgate.event.Addresses.standby(v.id()));
            out.add(io.xgate.event.Addresses.orderEvents(v.id()));
            for (io.xgate.config.Instrument i : v.instruments().values()) {
                out.add(io.xgate.event.Addresses.top(v.id(), i.symbol()));
                out.add(io.xgate.event.Addresses.trade(v.id(), i.symbol()));
                out.add(io.xgate.event.Addresses.bookBar(v.id(), i.symbol()));
                if (a.runs(v.id())) {
                    for (io.xgate.analytics.CandleSpec spec : a.candlesOf(i.symbol())) {
                        out.add(io.xgate.event.Addresses.candle(v.id(), i.symbol(), spec.label()));
                        out.add(io.xgate.event.Addresses.indicator(v.id(), i.symbol(), spec.label()));
                    }
                }
            }
        }
        return out;
    }

    /** How many addresses are warm (answered from memory). */
    public int warmAddresses() {
        return (int) warm.values().stream().filter(v -> v.registrations() != null).count();
    }
}
