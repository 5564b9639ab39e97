package io.xgate.example;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.xgate.cluster.ClusterConfig;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.Opportunity;
import java.nio.file.Path;

/**
 * The README's example of a strategy in its own JVM: join the gateway's cluster, register xgate's codec, and
 * consume opportunities as records. Compiled with the tests, so the README's copy cannot rot.
 */
public final class OpportunitySubscriber {

    private OpportunitySubscriber() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig c = new ConfigLoader().load(Path.of("conf/xgate.yaml"));
        Vertx vertx = Vertx.builder().with(ClusterConfig.eventBus(new VertxOptions(), c.cluster()))
                .withClusterManager(new HazelcastClusterManager(ClusterConfig.hazelcast(c.cluster(), c.ha())))
                .buildClustered().toCompletionStage().toCompletableFuture().get();
        EventMessageCodec.register(vertx.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));
        vertx.eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> {
            Opportunity o = m.body();
            System.out.printf("%s %s: buy %s, sell %s, net %.2f bps%n", o.phase(), o.symbol(), o.buyVenue(),
                    o.sellVenue(), o.netEdgeBps());
        });
    }
}
