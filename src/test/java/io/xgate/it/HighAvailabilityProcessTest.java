package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability with real processes ({@code java -cp <test class path> io.xgate.App}, as {@code java -jar} runs
 * it), real Hazelcast on loopback and real signals: a simulator process, two venue nodes with {@code ha.enabled} for
 * the default simulated venues (the shipped venue files, on free ports), an arbitrage node with the admin API, and {@code xgate tail} on every venue's
 * {@code BookTop}s. Then the leader is killed with SIGKILL, stopped with SIGTERM, and paused with SIGSTOP (twice:
 * with the old leader's self-fencing on, and off so that the consumers' fencing has work), a new standby started
 * after each. Waits on log lines, the admin API and the tail's output, never on time alone.
 *
 * <p>{@code -Dxgate.ha.trials=N} repeats the SIGKILL and SIGTERM takeovers N times (the README's figures: 5);
 * {@code -Dxgate.cluster.warm=false} is passed on to the nodes (the baseline without {@code WarmClusterManager}).
 */
class HighAvailabilityProcessTest {

    private static final Pattern ADMIN = Pattern.compile("admin API on http://127\\.0\\.0\\.1:(\\d+)/");
    /** The default simulated venues (conf/xgate.yaml). */
    private static final List<String> VENUES = List.of("binance", "binanceus", "kraken", "okx", "bybit");
    /** The simulated binance account's credentials, given to every process in its environment. */
    private static final Map<String, String> ENV = Map.of("HA_KEY", "ha-test-key", "HA_SECRET", "ha-test-secret");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private final List<JsonObject> tops = new CopyOnWriteArrayList<>();
    private final List<String> tailErr = new CopyOnWriteArrayList<>();

    /** A process and its output. */
    private static final class Node {
        final String name;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile int adminPort = -1;

        Node(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        boolean saw(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        String tail() {
            List<String> copy = new java.util.ArrayList<>(lines); // the reader thread goes on appending
            int n = copy.size();
            return name + " output (last lines): " + String.join("\n", copy.subList(Math.max(0, n - 40), n));
        }
    }

    private io.vertx.core.Vertx member;
    private io.vertx.spi.cluster.hazelcast.HazelcastClusterManager memberManager;
    private final List<io.xgate.event.OrderReport> orderEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes) {
            n.process.destroyForcibly();
        }
        for (Node n : nodes) {
            n.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS); // gone, with its ports, before the next test
        }
        if (member != null) {
            // alone in the cluster by then: it leaves at once, or after Hazelcast gives up on the others; either way
            // no failure of the gateway's
            try {
                member.close().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("ha: the test's own cluster member did not close within 60 s");
            }
        }
    }

    @Test
    void oneLeaderPerVenueAndTakeoversOnKillTermAndStop() throws Exception {
        int trials = Integer.getInteger("xgate.ha.trials", 1);
        String cluster = "xgate-ha-" + UUID.randomUUID();
        Path venueConf = writeConfigs(cluster);
        start("sim", "sim", "--config", dir.resolve("sim.yaml").toString());
        awaitLine(nodes.get(0), "simulator running", 60);

        Node a = startVenueNode("A", venueConf);
        Node arb = startNode("arb", "run", "--config", dir.resolve("arb.yaml").toString());
        awaitLeads(a, 60); // with the arbitrage node: ha.quorum (2) members
        Node b = startVenueNode("B", venueConf);
        Node tail = startTail();
        awaitStandbyLive(arb, b, 90);
        await(() -> ready(arb), 60, "the arbitrage node's readiness: " + arb.tail());
        await(() -> ready(b), 30, "a LIVE standby is ready (Kubernetes keeps it in service): " + b.tail());

        // steady state: one leader per venue, the other a LIVE standby; every BookTop the tail sees once
        await(() -> VENUES.stream().allMatch(v -> topsOf(v, epochOf(a, v)) > 30),
                60, "the tail's BookTops of A's epochs; tail: " + tailErr);
        for (String v : VENUES) {
            JsonObject venue = venue(arb, v);
            assertEquals("A", venue.getJsonObject("leader").getString("node"), v + ": " + venue);
            assertEquals(List.of("B"), standbyNodes(venue), v + ": " + venue);
        }
        assertNoDuplicateTops();
        assertEquals(new HashSet<>(epochsOf(a).values()), epochsSeen(),
                "only the leader's epochs reach the tail");

        Node leader = a;
        Node standby = b;
        List<Long> killGaps = new ArrayList<>();
        List<Long> termGaps = new ArrayList<>();
        int next = 0;
        for (int trial = 0; trial < trials; trial++) {
            // SIGKILL: the standby's LIVE tops within 3 s; readiness recovers; the dead epoch is not accepted after
            Map<String, Long> deadEpochs = epochsOf(leader);
            String resting = trial == 0 ? placeRestingOrder() : null;
            List<io.xgate.event.OrderReport> during = new CopyOnWriteArrayList<>();
            int[] sent = {0};
            long asking = resting == null ? -1 : member.setPeriodic(100, id -> {
                sent[0]++;
                long now = System.currentTimeMillis() * 1_000_000;
                io.xgate.order.OrderClient.send(member.eventBus(), new io.xgate.event.OrderRequest("binance",
                        "BTC-USDT", -1, 0, now, now, io.xgate.event.OrderRequest.Action.QUERY, resting,
                        io.xgate.event.Side.BUY, io.xgate.event.OrderRequest.OrderType.LIMIT,
                        io.xgate.event.OrderRequest.TimeInForce.GTC, 2, 5, 0, 0, ""), 2_000).onSuccess(during::add);
            });
            long gap = takeover(leader, standby, "KILL", arb);
            if (asking >= 0) {
                member.cancelTimer(asking);
                int asked = sent[0];
                await(() -> during.size() == asked, 10, "a report for every order request sent during the takeover: "
                        + during.size() + " of " + asked);
                Map<String, Long> outcomes = new java.util.TreeMap<>();
                during.forEach(r -> outcomes.merge(r.status() + " " + r.code(), 1L, Long::sum));
                System.out.printf("ha: %d order queries sent every 100 ms across the SIGKILL takeover: %s%n", asked,
                        outcomes);
                assertTrue(during.stream().allMatch(r -> r.status() == io.xgate.event.OrderReport.Status.ACCEPTED
                        || r.code().equals("NO_LEADER") || r.code().equals("NO_REPLY")), during.toString());
            }
            killGaps.add(gap);
            // the goals (3 s, 500 ms) are measured and reported, not asserted: this machine is shared and noisy; the
            // bounds here catch a takeover that waits for something it should not (a lease timeout, a resync)
            assertTrue(gap < 10_000, "SIGKILL takeover gap " + gap + " ms");
            await(() -> ready(arb), 30, "the arbitrage node's readiness after the takeover: " + arb.tail());
            assertOldEpochsNotAcceptedAfterNew(deadEpochs);
            if (resting != null) {
                reconciledAndCancelled(resting, standby);
            }
            leader = standby;
            standby = startVenueNode("S" + next++, venueConf);
            awaitStandbyLive(arb, standby, 90);

            // SIGTERM: the leader hands over first; the largest gap stays under 500 ms
            long term = takeover(leader, standby, "TERM", arb);
            termGaps.add(term);
            assertTrue(term < 2_000, "SIGTERM handover gap " + term + " ms: the standby did not take the released lease");
            assertTrue(leader.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "did not stop on SIGTERM");
            assertTrue(leader.saw("handing over") && leader.saw("took over"), leader.tail());
            leader = standby;
            standby = startVenueNode("S" + next++, venueConf);
            awaitStandbyLive(arb, standby, 90);
        }
        assertNoDuplicateTops();
        System.out.printf("ha: SIGKILL takeover gaps (ms): %s; SIGTERM handover gaps (ms): %s%n", killGaps, termGaps);

        // SIGSTOP, self-fencing on: it loses leadership; after SIGCONT it turns standby and nothing of its epoch is
        // accepted
        Node paused = leader;
        Map<String, Long> pausedEpochs = epochsOf(paused);
        long stopGap = takeover(paused, standby, "STOP", arb);
        paused.process.toHandle(); // still alive
        signal(paused, "CONT");
        awaitLine(paused, "standing by", 60);
        await(() -> VENUES.stream().allMatch(v -> standbyNodes(venue(arb, v)).contains(paused.name)), 60,
                "the resumed node as a standby in /api/venues: " + paused.tail());
        long withheld = metric(paused, "xgate_ha_withheld_total");
        long tailDrops = tailDrops();
        System.out.printf("ha: SIGSTOP takeover gap %d ms; after SIGCONT, self-fenced: %d event(s) withheld by the "
                + "old leader, %d dropped by the tail, %d by the arbitrage node%n", stopGap, withheld, tailDrops,
                metric(arb, "xgate_ha_fenced_total{consumer=\"arbitrage\"}"));
        assertOldEpochsNotAcceptedAfterNew(pausedEpochs);
        // it is a standby again (and a candidate, under its new member id); it leaves, so that the next takeover has
        // exactly one standby to go to
        signal(paused, "TERM");
        assertTrue(paused.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), paused.tail());

        // SIGSTOP with the old leader's self-fencing off: what it publishes after SIGCONT is dropped by consumers
        Node unfenced = startVenueNode("U", venueConf, "-Dxgate.ha.selfFence=false");
        awaitStandbyLive(arb, unfenced, 90);
        takeover(standby, unfenced, "KILL", arb); // the unfenced node leads
        Node last = startVenueNode("S" + next, venueConf);
        awaitStandbyLive(arb, last, 90);
        Map<String, Long> unfencedEpochs = epochsOf(unfenced);
        long arbDropsBefore = metric(arb, "xgate_ha_fenced_total{consumer=\"arbitrage\"}");
        takeover(unfenced, last, "STOP", arb);
        signal(unfenced, "CONT");
        awaitLine(unfenced, "standing by", 60);
        // how many it published before it learned (a race with its own elector, often dozens, sometimes none) is
        // reported, not asserted; what is asserted is that none of them was accepted after the new leader's
        // (EpochFenceTest pins the fence itself)
        System.out.printf("ha: SIGSTOP without self-fencing: the tail dropped %d, the arbitrage node %d event(s) of "
                + "the old epoch until it turned standby%n", tailDrops() - tailDrops,
                metric(arb, "xgate_ha_fenced_total{consumer=\"arbitrage\"}") - arbDropsBefore);
        assertOldEpochsNotAcceptedAfterNew(unfencedEpochs);
        assertNoDuplicateTops();
    }

    /**
     * Signals the leader and waits until the tail sees LIVE tops of a new epoch for every venue; returns the largest
     * gap, over the venues' symbols, between the last top of the old epoch and the first of the new (publish time).
     */
    private long takeover(Node leader, Node standby, String signal, Node arb) throws Exception {
        Map<String, Long> old = epochsOf(leader);
        // a node that just joined is still being given its partitions: a member lost in the middle of a migration is
        // a different (slower) test than the one this is; wait until Hazelcast says the cluster is safe
        if (memberManager != null) {
            await(() -> memberManager.getHazelcastInstance().getPartitionService().isClusterSafe(), 60,
                    "the cluster's migrations to end");
        }
        int seen = standby.lines.size();
        System.out.printf("ha: SIG%s of %s at %s%n", signal, leader.name, java.time.LocalTime.now());
        signal(leader, signal);
        await(() -> VENUES.stream().allMatch(v -> tops.stream().anyMatch(t -> t.getString("venue").equals(v)
                        && t.getLong("epoch") > old.get(v) && "LIVE".equals(t.getString("syncState")))), 30,
                "LIVE tops of a new epoch after SIG" + signal + "; " + standby.tail());
        await(() -> VENUES.stream().allMatch(v -> standby.name.equals(leaderOf(arb, v))), 30,
                "the standby leads in /api/venues; " + standby.tail());
        long worst = 0;
        for (String v : VENUES) {
            for (String s : tops.stream().filter(t -> t.getString("venue").equals(v)).map(t -> t.getString("symbol"))
                    .distinct().toList()) {
                long lastOld = 0;
                long firstNew = Long.MAX_VALUE;
                for (JsonObject t : tops) {
                    if (t.getString("venue").equals(v) && t.getString("symbol").equals(s)) {
                        long ts = t.getLong("publishTsNanos");
                        if (t.getLong("epoch") <= old.get(v)) {
                            lastOld = Math.max(lastOld, ts);
                        } else {
                            firstNew = Math.min(firstNew, ts);
                        }
                    }
                }
                if (lastOld > 0 && firstNew != Long.MAX_VALUE) {
                    worst = Math.max(worst, (firstNew - lastOld) / 1_000_000);
                }
            }
        }
        System.out.printf("ha: SIG%s of %s: %s took over, largest BookTop gap %d ms%n", signal, leader.name,
                standby.name, worst);
        // how the standby learned it (the README's failure-detection notes come from these lines)
        standby.lines.subList(seen, standby.lines.size()).stream()
                .filter(l -> l.contains("ha: ") || l.contains("suspected") || l.contains("Removing connection")
                        || l.contains("aster") || l.contains("Members {"))
                .limit(24).forEach(l -> System.out.println("  " + standby.name + ": " + l));
        return worst;
    }

    // ------------------------------------------------------------------ orders across a takeover

    /**
     * Joins the cluster from this JVM (as a strategy would), listens to binance's order events, and places a buy
     * 5 % below the bid: it rests at the venue, and the leader's desk mirrors it for the next leader.
     */
    private String placeRestingOrder() throws Exception {
        io.xgate.config.GatewayConfig c = new io.xgate.config.ConfigLoader(ENV::get).load(dir.resolve("arb.yaml"));
        memberManager = new io.vertx.spi.cluster.hazelcast.HazelcastClusterManager(
                io.xgate.cluster.ClusterConfig.hazelcast(c.cluster(), c.ha()));
        member = io.vertx.core.Vertx.builder().with(io.xgate.cluster.ClusterConfig.eventBus(
                        new io.vertx.core.VertxOptions(), c.cluster()))
                .withClusterManager(memberManager)
                .buildClustered().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        io.xgate.event.EventMessageCodec.register(member.eventBus(), new io.xgate.event.EventCodec());
        member.eventBus().<io.xgate.event.OrderReport>consumer(io.xgate.event.Addresses.orderEvents("binance"),
                m -> orderEvents.add(m.body())).completion().toCompletionStage().toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        JsonObject top = tops.stream().filter(t -> t.getString("venue").equals("binance")
                && t.getString("symbol").equals("BTC-USDT") && t.getJsonArray("bidPrices").size() > 0)
                .reduce((x, y) -> y).orElseThrow();
        long price = top.getJsonArray("bidPrices").getLong(0) * 95 / 100;
        io.xgate.event.OrderReport placed = order(io.xgate.event.OrderRequest.Action.PLACE, "ha-rest-1", price, 1_000);
        assertEquals(io.xgate.event.OrderReport.Status.ACCEPTED, placed.status(), placed.toString());
        return placed.clientOrderId();
    }

    /**
     * The new leader reconciled the old leader's resting order with the venue (its query's report on the order
     * events), and cancels it by its client id: it knows the order's venue id without being told.
     */
    private void reconciledAndCancelled(String clientOrderId, Node newLeader) throws Exception {
        await(() -> newLeader.saw("1 open order(s) of the previous leader to reconcile"), 30, newLeader.tail());
        await(() -> orderEvents.stream().anyMatch(r -> r.clientOrderId().equals(clientOrderId)
                        && r.status() == io.xgate.event.OrderReport.Status.ACCEPTED
                        && r.source() == io.xgate.event.OrderReport.Source.VENUE), 30,
                "the new leader's query of " + clientOrderId + " on the order events: " + orderEvents);
        // as a client does: no desk, or no reply (a request that went to the dead desk while this member still had it
        // registered), and it asks again
        io.xgate.event.OrderReport canceled = order(io.xgate.event.OrderRequest.Action.CANCEL, clientOrderId, 0, 0);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (canceled.code().equals("NO_REPLY") || canceled.code().equals("NO_LEADER")) {
            assertTrue(System.nanoTime() < deadline, "no desk answered a cancel: " + canceled);
            canceled = order(io.xgate.event.OrderRequest.Action.CANCEL, clientOrderId, 0, 0);
        }
        assertEquals(io.xgate.event.OrderReport.Status.CANCELED, canceled.status(), canceled.toString());
        System.out.printf("ha: an order resting at the old leader's death was reconciled and canceled by %s%n",
                newLeader.name);
    }

    private io.xgate.event.OrderReport order(io.xgate.event.OrderRequest.Action action, String id, long price,
                                             long quantity) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000;
        io.xgate.event.OrderRequest r = new io.xgate.event.OrderRequest("binance", "BTC-USDT", -1, 0, now, now,
                action, id, io.xgate.event.Side.BUY, io.xgate.event.OrderRequest.OrderType.LIMIT,
                io.xgate.event.OrderRequest.TimeInForce.GTC, 2, 5, price, quantity, "");
        return io.xgate.order.OrderClient.send(member.eventBus(), r, 10_000).toCompletionStage()
                .toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Once a venue's tail has seen a higher epoch, nothing of a lower one follows. */
    private void assertOldEpochsNotAcceptedAfterNew(Map<String, Long> oldEpochs) {
        for (String v : VENUES) {
            boolean newer = false;
            for (JsonObject t : tops) {
                if (!t.getString("venue").equals(v)) {
                    continue;
                }
                if (t.getLong("epoch") > oldEpochs.get(v)) {
                    newer = true;
                } else if (newer) {
                    throw new AssertionError(v + ": a top of epoch " + t.getLong("epoch") + " after a newer one: " + t);
                }
            }
        }
    }

    /**
     * No (venue, symbol, sequence, venue time) published by two leaders (two epochs) among the tops that carry
     * updates. One leader may restate a sequence (OKX's keepalive repeats the last {@code seqId}); a new leader's
     * first tops, republished at once when it takes over, carry no updates ({@code updates: 0}): they restate its
     * book, which the old leader may have published last.
     */
    private void assertNoDuplicateTops() {
        Map<String, JsonObject> seen = new HashMap<>();
        for (JsonObject t : tops) {
            String key = t.getString("venue") + ' ' + t.getString("symbol") + ' ' + t.getLong("venueSeq") + ' '
                    + t.getLong("venueTsNanos");
            if (t.getLong("updates") == 0) {
                continue;
            }
            JsonObject first = seen.putIfAbsent(key, t);
            if (first != null && !first.getLong("epoch").equals(t.getLong("epoch")) && !handoff(first, t)) {
                throw new AssertionError("the same BookTop from two leaders (venue, symbol, sequence): " + first
                        + " and " + t);
            }
        }
    }

    /**
     * The one overlap a takeover allows: the old leader's last top of a book and the new leader's first, when both
     * applied the same last update (the new one restates its book at once). Anything else from two leaders is a
     * duplicate.
     */
    private boolean handoff(JsonObject older, JsonObject newer) {
        String v = older.getString("venue");
        String sym = older.getString("symbol");
        List<JsonObject> book = tops.stream().filter(t -> t.getString("venue").equals(v)
                && t.getString("symbol").equals(sym)).toList();
        List<JsonObject> ofOld = book.stream().filter(t -> t.getLong("epoch").equals(older.getLong("epoch"))).toList();
        List<JsonObject> ofNew = book.stream().filter(t -> t.getLong("epoch").equals(newer.getLong("epoch"))).toList();
        return !ofOld.isEmpty() && ofOld.get(ofOld.size() - 1) == older && !ofNew.isEmpty() && ofNew.get(0) == newer
                && older.getLong("epoch") < newer.getLong("epoch");
    }

    private Set<Long> epochsSeen() {
        Set<Long> out = new HashSet<>();
        tops.forEach(t -> out.add(t.getLong("epoch")));
        return out;
    }

    private long topsOf(String venue, long epoch) {
        return tops.stream().filter(t -> t.getString("venue").equals(venue) && t.getLong("epoch") == epoch).count();
    }

    // ------------------------------------------------------------------ processes

    /** The shipped venue files (conf/venues: the default simulated venues), each on a free port. */
    private Path writeConfigs(String cluster) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        for (String v : VENUES) {
            String text = Files.readString(Path.of("conf/venues/" + v + ".yaml"))
                    .replaceAll("127\\.0\\.0\\.1:91\\d\\d", "127.0.0.1:" + SimConfig.freePort());
            if (v.equals("binance")) {
                text += "\ncredentials: {apiKey: {env: HA_KEY}, apiSecret: {env: HA_SECRET}}\n"
                        + "risk:\n  symbols:\n    BTC-USDT: {maxQuantity: \"0.5\", maxNotional: 50000, "
                        + "priceBandBps: 1000, maxOpenOrders: 10}\n";
            }
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), text);
        }
        String common = "venues: [" + String.join(", ", VENUES) + "]\nsimulator: {enabled: false}\n"
                + "cluster: {enabled: true, name: " + cluster + "}\nanalytics: {enabled: false}\n"
                // 3 s, not the default 2: seven JVMs share this machine's two cores, and a member starved of CPU for
                // 2 s would be suspected, splitting the cluster (the README's "cost of fast failure detection")
                + "ha: {enabled: true, leaseTimeout: 3s}\n";
        Files.writeString(dir.resolve("sim.yaml"), "name: sim\nvenues: [" + String.join(", ", VENUES) + "]\n"
                + "simulator: {enabled: true, seed: 11}\nadmin: {enabled: false}\n");
        Files.writeString(dir.resolve("venue.yaml"), "name: venue-node\n" + common
                + "admin: {port: 0}\narbitrage: {enabled: false}\n");
        Files.writeString(dir.resolve("arb.yaml"), "name: arb-node\n" + common
                + "admin: {port: 0}\nnode: {venues: []}\narbitrage: {enabled: true}\n");
        return dir.resolve("venue.yaml");
    }

    private Node startVenueNode(String name, Path conf, String... jvm) throws IOException {
        List<String> args = new ArrayList<>(List.of(jvm));
        args.addAll(List.of("run", "--config", conf.toString(), "--node-id", name));
        return startNode(name, args.toArray(String[]::new));
    }

    private Node startNode(String name, String... args) throws IOException {
        Node n = start(name, args);
        return n;
    }

    private Node start(String name, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // small JVMs: one processor's worth of threads each (event loops, Hazelcast's operation threads)
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1"));
        if (System.getProperty("xgate.cluster.warm") != null) { // the baseline of WarmClusterManager
            cmd.add("-Dxgate.cluster.warm=" + System.getProperty("xgate.cluster.warm"));
        }
        int i = 0;
        while (i < args.length && args[i].startsWith("-D")) {
            cmd.add(args[i++]);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.xgate.App"));
        cmd.addAll(List.of(args).subList(i, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(!name.equals("tail"));
        pb.environment().putAll(ENV);
        Process p = pb.start();
        Node n = new Node(name, p);
        nodes.add(n);
        follow(n, p.getInputStream(), name.equals("tail"));
        if (name.equals("tail")) {
            follow(n, p.getErrorStream(), false);
        }
        return n;
    }

    private Node startTail() throws IOException {
        return start("tail", "tail", "--config", dir.resolve("arb.yaml").toString(), "xgate.md.top.");
    }

    private void follow(Node n, java.io.InputStream in, boolean events) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (events && line.startsWith("{")) {
                        JsonObject o = new JsonObject(line);
                        if ("BOOK_TOP".equals(o.getString("type"))) {
                            tops.add(o);
                        }
                        continue;
                    }
                    n.lines.add(line);
                    if (n.name.equals("tail")) {
                        tailErr.add(line);
                    }
                    Matcher m = ADMIN.matcher(line);
                    if (m.find()) {
                        n.adminPort = Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "follow-" + n.name);
        t.setDaemon(true);
        t.start();
    }

    private static void signal(Node n, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(n.process.pid())).start().waitFor());
    }

    // ------------------------------------------------------------------ what the nodes say

    private void awaitLeads(Node n, int seconds) {
        await(() -> VENUES.stream().allMatch(v -> n.saw("ha: " + v + ": node " + n.name + " leads")), seconds,
                n.tail());
    }

    /** The standby is in the arbitrage node's /api/venues for every venue, every symbol of it LIVE. */
    private void awaitStandbyLive(Node arb, Node standby, int seconds) {
        await(() -> {
            for (String v : VENUES) {
                JsonObject venue = venue(arb, v);
                JsonArray s = venue == null ? null : venue.getJsonArray("standbys");
                if (s == null || s.stream().map(JsonObject.class::cast).noneMatch(x -> x.getString("node")
                        .equals(standby.name) && x.getLong("live").equals(x.getLong("symbols")))) {
                    return false;
                }
            }
            return true;
        }, seconds, "the standby " + standby.name + " LIVE in /api/venues; " + standby.tail());
    }

    private static long epochOf(Node n, String venue) {
        Pattern p = Pattern.compile("ha: " + venue + ": node " + n.name + " leads, epoch (\\d+)");
        long e = -1;
        for (String l : n.lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                e = Long.parseLong(m.group(1));
            }
        }
        return e;
    }

    private static Map<String, Long> epochsOf(Node n) {
        Map<String, Long> out = new HashMap<>();
        VENUES.forEach(v -> out.put(v, epochOf(n, v)));
        assertTrue(out.values().stream().allMatch(e -> e > 0), n.name + " leads no venue: " + n.tail());
        return out;
    }

    /** The tail's count of dropped events, from its last "(N dropped so far)". */
    private long tailDrops() {
        Pattern p = Pattern.compile("\\((\\d+) dropped so far\\)");
        long n = 0;
        for (String l : tailErr) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                n = Math.max(n, Long.parseLong(m.group(1)));
            }
        }
        return n;
    }

    private static String leaderOf(Node arb, String venue) {
        JsonObject v = venue(arb, venue);
        return v == null || v.getJsonObject("leader") == null ? null : v.getJsonObject("leader").getString("node");
    }

    private static List<String> standbyNodes(JsonObject venue) {
        List<String> out = new ArrayList<>();
        venue.getJsonArray("standbys").forEach(s -> out.add(((JsonObject) s).getString("node")));
        return out;
    }

    private static JsonObject venue(Node n, String venue) {
        String body = get(n, "/api/venues");
        if (body == null) {
            return null;
        }
        for (Object o : new JsonObject(body).getJsonArray("venues")) {
            if (((JsonObject) o).getString("venue").equals(venue)) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private static boolean ready(Node n) {
        try {
            return n.adminPort > 0 && HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.adminPort
                    + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long metric(Node n, String series) {
        String text = get(n, "/metrics");
        if (text == null) {
            return -1;
        }
        long sum = 0;
        for (String l : text.split("\n")) {
            if (l.startsWith(series)) {
                sum += (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String get(Node n, String path) {
        if (n.adminPort <= 0) {
            return null;
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.adminPort
                    + path)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static void awaitLine(Node n, String text, int seconds) {
        await(() -> n.saw(text), seconds, "'" + text + "' from " + n.tail());
    }

    private static void await(BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
