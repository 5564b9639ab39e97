package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a node that runs no venue (the strategy node in Kubernetes), in a real Hazelcast cluster on
 * loopback: node A runs the simulator and the venues, node B none. B's bridge shows every venue LIVE and their
 * books, from the cluster's events; and B's browsers get B's feed only (the feeds publish local to their node), so a
 * book's tops still come at most 10 a second.
 */
class DashboardClusterTest {

    @TempDir
    Path dir;

    private Gateway a;
    private Gateway b;
    private WebSocketClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            await(client.close());
        }
        for (Gateway g : new Gateway[] {b, a}) {
            if (g != null) {
                await(g.stop());
            }
        }
    }

    @Test
    void aNodeWithoutVenuesShowsTheClustersVenuesAndBooks() throws Exception {
        String cluster = "xgate-it-" + UUID.randomUUID();
        Path aConf = SimConfig.write(dir, "", "23h");
        String clusterYaml = "cluster: {enabled: true, name: " + cluster + ", host: 127.0.0.1, port: 0}\n";
        String base = Files.readString(aConf);
        Files.writeString(aConf, base + clusterYaml);
        Path bConf = dir.resolve("b.yaml");
        Files.writeString(bConf, base.replace("  enabled: true\n", "  enabled: false\n") + clusterYaml
                + "node: {venues: []}\n");
        GatewayConfig bConfig = new ConfigLoader(k -> null).load(bConf);
        assertTrue(bConfig.localVenues().isEmpty());
        a = await(Gateway.start(new ConfigLoader(k -> null).load(aConf)));
        b = await(Gateway.start(bConfig));

        client = b.vertx().createWebSocketClient();
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        var ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(b.adminPort())
                .setURI("/eventbus/websocket")));
        ws.handler(buf -> frames.add(new JsonObject(buf.toString())));
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "xgate.dash.venues").encode());
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "xgate.dash.top.kraken.ETH-USDT")
                .encode());

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean allLive = false;
        int tops = 0;
        long firstTop = 0;
        long lastTop = 0;
        while ((!allLive || tops <= 20) && System.nanoTime() < end) {
            JsonObject f = frames.poll(1, TimeUnit.SECONDS);
            if (f == null || !"rec".equals(f.getString("type"))) {
                assertTrue(f == null, "unexpected frame " + f);
                continue;
            }
            if (f.getString("address").equals("xgate.dash.venues")) {
                allLive = f.getJsonObject("body").getJsonArray("venues").stream().map(v -> (JsonObject) v)
                        .allMatch(v -> "CONNECTED".equals(v.getString("connection"))
                                && v.getJsonArray("symbols").stream()
                                        .allMatch(s -> "LIVE".equals(((JsonObject) s).getString("state")))
                                && v.getLong("updatesPerSec") > 0);
            } else {
                if (tops == 0) {
                    firstTop = System.nanoTime();
                }
                lastTop = System.nanoTime();
                tops++;
            }
        }
        assertTrue(allLive, "node B never showed every venue LIVE with book updates");
        assertTrue(tops > 20, "node B's browser got " + tops + " tops of kraken ETH-USDT");
        long spanMillis = (lastTop - firstTop) / 1_000_000;
        assertTrue(spanMillis >= (tops - 1) * 90L, tops + " tops in " + spanMillis + " ms: more than 10 a second "
                + "(another node's feed reaching this node's browsers?)");
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
