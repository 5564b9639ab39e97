package io.xgate.cli;

import io.xgate.App;
import io.xgate.Gateway;
import io.xgate.config.GatewayConfig;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xgate run}: loads the configuration, starts the gateway and runs until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway (the default command). Stops cleanly on Ctrl-C or SIGTERM.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Option(names = "--cluster",
            description = "Join the Hazelcast-clustered event bus (as cluster.enabled: true in the configuration).")
    boolean cluster;

    @picocli.CommandLine.Option(names = "--cluster-host", paramLabel = "ADDRESS",
            description = "The address this node's event bus binds to and others reach it on (implies --cluster); "
                    + "in Kubernetes, the pod's IP.")
    String clusterHost;

    @picocli.CommandLine.Option(names = "--admin-host", paramLabel = "ADDRESS",
            description = "The address the admin API binds to (as admin.host); in Kubernetes, the pod's IP.")
    String adminHost;

    @picocli.CommandLine.Option(names = "--node-id", paramLabel = "NAME",
            description = "This node's name in the leader election (as ha.nodeId; default: host name and pid).")
    String nodeId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig loaded = Lifecycle.load(config, spec);
        if (loaded == null) {
            return App.EXIT_USAGE;
        }
        GatewayConfig clustered = cluster || clusterHost != null ? loaded.withCluster(clusterHost) : loaded;
        GatewayConfig named = nodeId == null ? clustered : clustered.withNodeId(nodeId);
        GatewayConfig c = adminHost == null ? named : named.withAdminHost(adminHost);
        if (!Lifecycle.validate(c, spec)) {
            return App.EXIT_USAGE;
        }
        long t0 = System.nanoTime();
        return Lifecycle.runUntilSignalled("gateway", () -> Gateway.start(c), Gateway::stop,
                g -> LOG.info("{} started in {} ms; press Ctrl-C to stop", c.name(), (System.nanoTime() - t0) / 1_000_000),
                spec);
    }
}
