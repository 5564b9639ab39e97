package io.xgate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.vertx.core.VertxOptions;
import io.xgate.config.GatewayConfig;
import io.xgate.rest.ClusterBudgets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The Hazelcast configuration of a clustered node, from {@code cluster} in the gateway file: TCP/IP join with
 * the configured members, bound to {@code cluster.host}, no multicast, no auto-detection, no phone-home, SLF4J
 * logging; or, if {@code cluster.hazelcastConfig} names a file, that file (e.g. Kubernetes DNS discovery), with
 * the cluster name from the gateway file. Either way the maps Vert.x's cluster manager needs are configured, and
 * the map of the shared rate budgets ({@link ClusterBudgets#MAP}) with Bucket4j's serializers.
 */
public final class ClusterConfig {

    /**
     * The first Hazelcast serializer type id of Bucket4j's classes (it takes a few from here on); every node of a
     * cluster must use the same.
     */
    public static final int BUCKET4J_TYPE_ID_BASE = 10_000;

    private ClusterConfig() {
    }

    /** The Hazelcast config for this node, without high availability. */
    public static Config hazelcast(GatewayConfig.Cluster c) {
        return hazelcast(c, GatewayConfig.Ha.OFF);
    }

    /**
     * The Hazelcast config for this node. With {@code ha.enabled}, failure detection is tuned to the lease: a
     * heartbeat every second, and a member silent for {@code ha.leaseTimeout} (rounded up to whole seconds) is
     * removed, so that a dead or hung leader's partitions (and the lease map's entries among them) move to the
     * others within the lease's time.
     */
    public static Config hazelcast(GatewayConfig.Cluster c, GatewayConfig.Ha ha) {
        Config config;
        if (c.hazelcastConfig() != null) {
            try (InputStream in = Files.newInputStream(c.hazelcastConfig())) {
                config = new XmlConfigBuilder(in).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + c.hazelcastConfig(), e);
            }
        } else {
            config = new Config();
            config.getNetworkConfig().setPort(c.hazelcastPort()).setPortAutoIncrement(true);
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(c.host());
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getAutoDetectionConfig().setEnabled(false);
            join.getMulticastConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(c.members());
        }
        config.setClusterName(c.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // xgate stops the member itself (Vert.x closes its cluster manager, after a leader's handover); Hazelcast's
        // own hook would shut it down concurrently, before the handover
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        if (ha.enabled()) {
            long seconds = Math.max(1, (ha.leaseTimeout().toMillis() + 999) / 1000);
            config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
            config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(2, seconds)));
            // a member removed while paused forms a cluster of its own when it runs again: merge it back soon (the
            // default waits 5 minutes), as a standby (ha.quorum keeps it from leading alone meanwhile)
            config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
            config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        }
        config.getMultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET);
        config.getMapConfig("__vertx.haInfo").setBackupCount(1);
        config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
        // the shared rate budgets (scope: cluster): Bucket4j's entry processor and its state, in its own format
        config.getMapConfig(ClusterBudgets.MAP).setBackupCount(1);
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), BUCKET4J_TYPE_ID_BASE);
        return config;
    }

    /** Binds the node's event bus to {@code cluster.host:cluster.port}. */
    public static VertxOptions eventBus(VertxOptions options, GatewayConfig.Cluster c) {
        options.getEventBusOptions().setHost(c.host()).setPort(c.port());
        return options;
    }
}
