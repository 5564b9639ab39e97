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
 * the simulated binance and kraken, an arbitrage node with the admin API, and {@code xgate tail} on every venue's
 * {@code BookTop}s. Then the leader is killed with SIGKILL, stopped with SIGTERM, and paused with SIGSTOP (twice:
 * with the old leader's self-fencing on, and off so that the consumers' fencing has work), a new standby started
 * after each. Waits on log lines, the admin API and the tail's output, never on time alone.
 *
 * <p>{@code -Dxgate.ha.trials=N} repeats the SIGKILL and SIGTERM takeovers N times (the README's figures: 5).
 */
class HighAvailabilityProcessTest {

    private static final Pattern ADMIN = Pattern.compile("admin API on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final List<String> VENUES = List.of("binance", "kraken");
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
            int n = lines.size();
            return name + " output (last lines): " + String.join("\n", lines.subList(Math.max(0, n - 40), n));
        }
    }

    @AfterEach
    void stopAll() {
        for (Node n : nodes) {
            n.process.destroyForcibly();
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

        // steady state: one leader per venue, the other a LIVE standby; every BookTop the tail sees once
        await(() -> topsOf("binance", epochOf(a, "binance")) > 30 && topsOf("kraken", epochOf(a, "kraken")) > 30,
                60, "the tail's BookTops of A's epochs; tail: " + tailErr);
        for (String v : VENUES) {
            JsonObject venue = venue(arb, v);
            assertEquals("A", venue.getJsonObject("leader").getString("node"), v + ": " + venue);
            assertEquals(List.of("B"), standbyNodes(venue), v + ": " + venue);
        }
        assertNoDuplicateTops();
        assertEquals(Set.of(epochOf(a, "binance"), epochOf(a, "kraken")), epochsSeen(),
                "only the leader's epochs reach the tail");

        Node leader = a;
        Node standby = b;
        List<Long> killGaps = new ArrayList<>();
        List<Long> termGaps = new ArrayList<>();
        int next = 0;
        for (int trial = 0; trial < trials; trial++) {
            // SIGKILL: the standby's LIVE tops within 3 s; readiness recovers; the dead epoch is not accepted after
            long gap = takeover(leader, standby, "KILL", arb);
            killGaps.add(gap);
            assertTrue(gap < 3_000, "SIGKILL takeover gap " + gap + " ms (goal: under 3 s)");
            await(() -> ready(arb), 30, "the arbitrage node's readiness after the takeover: " + arb.tail());
            leader = standby;
            standby = startVenueNode("S" + next++, venueConf);
            awaitStandbyLive(arb, standby, 90);

            // SIGTERM: the leader hands over first; the largest gap stays under 500 ms
            long term = takeover(leader, standby, "TERM", arb);
            termGaps.add(term);
            assertTrue(term < 500, "SIGTERM handover gap " + term + " ms (goal: under 500 ms)");
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
        await(() -> tailDrops() > tailDrops || metric(arb, "xgate_ha_fenced_total{consumer=\"arbitrage\"}")
                > arbDropsBefore, 30, "the consumers dropped the unfenced old leader's events; tail: " + tailErr);
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
            for (String s : List.of("BTC-USDT", "ETH-USDT")) {
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
                .filter(l -> l.contains("ha: ") || l.contains("suspected") || l.contains("Removing connection"))
                .limit(8).forEach(l -> System.out.println("  " + standby.name + ": " + l));
        return worst;
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
     * No (venue, symbol, sequence, venue time) twice among the tops that carry updates; a new leader's first tops,
     * republished at once when it takes over, carry none ({@code updates: 0}): they restate its book, which the old
     * leader may have published last.
     */
    private void assertNoDuplicateTops() {
        Set<String> seen = new HashSet<>();
        for (JsonObject t : tops) {
            String key = t.getString("venue") + ' ' + t.getString("symbol") + ' ' + t.getLong("venueSeq") + ' '
                    + t.getLong("venueTsNanos");
            if (t.getLong("updates") > 0 && !seen.add(key)) {
                throw new AssertionError("the same BookTop twice (venue, symbol, sequence): " + t);
            }
        }
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

    private Path writeConfigs(String cluster) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        for (String v : VENUES) {
            int port = SimConfig.freePort();
            boolean kraken = v.equals("kraken");
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n",
                    "id: " + v,
                    "dialect: " + v,
                    "websocket: {url: \"ws://127.0.0.1:" + port + (kraken ? "/v2" : "/stream") + "\"}",
                    "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                    "bookDepth: " + (kraken ? 10 : 1000),
                    "symbols:",
                    kraken ? "  BTC-USDT: {venueSymbol: BTC/USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}"
                            : "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                    kraken ? "  ETH-USDT: {venueSymbol: ETH/USDT, tickSize: \"0.01\", lotSize: \"0.00000001\"}"
                            : "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                    "fees: {makerBps: 10, takerBps: " + (kraken ? 40 : 10) + "}",
                    ""));
        }
        String common = "venues: [binance, kraken]\nsimulator: {enabled: false}\n"
                + "cluster: {enabled: true, name: " + cluster + "}\nanalytics: {enabled: false}\n"
                + "ha: {enabled: true}\n";
        Files.writeString(dir.resolve("sim.yaml"), "name: sim\nvenues: [binance, kraken]\n"
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
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        int i = 0;
        while (i < args.length && args[i].startsWith("-D")) {
            cmd.add(args[i++]);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.xgate.App"));
        cmd.addAll(List.of(args).subList(i, args.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(!name.equals("tail")).start();
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
                        .equals(standby.name) && x.getLong("live") == 2L)) {
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
