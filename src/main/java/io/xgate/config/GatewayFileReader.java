package io.xgate.config;

import static io.xgate.config.YamlSection.positive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the gateway file ({@code conf/xgate.yaml}) into a {@link GatewayConfig}: the venue list (each venue file
 * read by the {@link VenueFileReader}), then the {@code simulator} section (by the
 * {@link SimulatorSectionReader}), then {@code admin}, {@code cluster}, {@code books}, {@code arbitrage},
 * {@code codec}, the node's own keys and {@code analytics} (by the {@link AnalyticsSectionReader}).
 */
final class GatewayFileReader {

    private static final Pattern VENUE_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final VenueFileReader venueFiles;
    private final SimulatorSectionReader simulatorSection;
    private final SecretReader secrets;

    /** A reader of gateway files whose venues are read by {@code venueFiles} and secrets by {@code secrets}. */
    GatewayFileReader(VenueFileReader venueFiles, SimulatorSectionReader simulatorSection, SecretReader secrets) {
        this.venueFiles = venueFiles;
        this.simulatorSection = simulatorSection;
        this.secrets = secrets;
    }

    /** Reads {@code gatewayFile} and every venue file it names. */
    GatewayConfig read(Path gatewayFile) {
        YamlSection root = YamlSection.load(gatewayFile);
        String name = root.string("name", "xgate");
        Path venuesDir = root.filePath("venuesDir", "venues");
        List<String> ids = root.strings("venues", true);
        if (ids.isEmpty()) {
            throw root.error("venues", "is empty; list at least one venue id, e.g. [binance, kraken]");
        }
        Set<String> seen = new HashSet<>();
        Path dir = gatewayFile.toAbsolutePath().getParent().resolve(venuesDir);
        if (!Files.isDirectory(dir)) {
            throw root.has("venuesDir") ? root.error("venuesDir", dir + " is not a folder; give the folder of the venue "
                    + "files, relative to " + gatewayFile.getFileName())
                    : root.error("venues", "the venue files' folder " + dir + " does not exist; create it, or set "
                    + "venuesDir");
        }
        List<VenueConfig> venues = new ArrayList<>();
        for (String id : ids) {
            if (!VENUE_ID.matcher(id).matches()) {
                throw root.error("venues", "'" + id + "' is not a venue id; expected lower-case letters, digits "
                        + "and '-', e.g. binance or binance-testnet");
            }
            if (!seen.add(id)) {
                throw root.error("venues", "'" + id + "' is listed twice");
            }
            Path venueFile = dir.resolve(id + ".yaml");
            if (!Files.isRegularFile(venueFile)) {
                throw root.error("venues", "'" + id + "': venue file " + venueFile + " not found; create it (see "
                        + "conf/venues/*.yaml for examples) or remove '" + id + "' from the venues list");
            }
            venues.add(venueFiles.read(venueFile, id));
        }

        GatewayConfig.Simulator simulator = simulatorSection.read(root, ids, venues);
        if (simulator.enabled()) {
            distinctSimulatedPorts(root, venues);
        }
        GatewayConfig.Admin admin = admin(root);
        GatewayConfig.Cluster cluster = cluster(root, gatewayFile);
        GatewayConfig.Books books = books(root);
        GatewayConfig.Arbitrage arbitrage = arbitrage(root, venues);
        GatewayConfig.Codec codec = codec(root);

        Duration statusInterval = positive(root, "statusInterval", Duration.ofSeconds(5));
        int eventLoops = root.integer("eventLoops", 0, 0, 1024);
        GatewayConfig.Node node = node(root, ids);
        GatewayConfig.Analytics analytics = AnalyticsSectionReader.read(root, venues, node);
        GatewayConfig.Journal journal = JournalSectionReader.read(root, gatewayFile);
        GatewayConfig.Ha ha = ha(root);
        root.done();
        return new GatewayConfig(gatewayFile, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal, ha);
    }

    /** {@code ha}: the lease is renewed several times within its timeout, or a busy moment would lose it. */
    private static GatewayConfig.Ha ha(YamlSection root) {
        YamlSection h = root.section("ha");
        GatewayConfig.Ha d = GatewayConfig.Ha.OFF;
        boolean enabled = h.bool("enabled", false);
        String nodeId = h.has("nodeId") ? h.string("nodeId") : d.nodeId();
        if (nodeId.isBlank() || nodeId.length() > 100) {
            throw h.error("nodeId", "'" + nodeId + "' is not a node name; give 1 to 100 characters");
        }
        Duration lease = positive(h, "leaseTimeout", d.leaseTimeout());
        Duration renew = positive(h, "renewInterval", d.renewInterval());
        if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofMinutes(5)) > 0) {
            throw h.error("leaseTimeout", lease.toMillis() + " ms is outside 1s..5m: Hazelcast counts heartbeats in "
                    + "whole seconds");
        }
        if (renew.multipliedBy(3).compareTo(lease) > 0) {
            throw h.error("renewInterval", renew.toMillis() + " ms leaves fewer than 3 renewals per leaseTimeout ("
                    + lease.toMillis() + " ms); give at most " + lease.toMillis() / 3 + "ms");
        }
        Duration handover = positive(h, "handover", d.handover());
        int quorum = h.integer("quorum", d.quorum(), 1, 1000);
        h.done();
        return new GatewayConfig.Ha(enabled, nodeId, lease, renew, handover, quorum);
    }

    private GatewayConfig.Admin admin(YamlSection root) {
        YamlSection a = root.section("admin");
        boolean enabled = a.bool("enabled", true);
        String host = a.string("host", "127.0.0.1");
        int port = a.integer("port", 8080, 0, 65535);
        Duration idle = positive(a, "idleTimeout", GatewayConfig.Admin.DEFAULT_IDLE_TIMEOUT);
        Duration header = positive(a, "headerTimeout", GatewayConfig.Admin.DEFAULT_HEADER_TIMEOUT);
        int maxUrl = a.integer("maxUrlLength", GatewayConfig.Admin.DEFAULT_MAX_URL_LENGTH, 256, 1 << 20);
        int maxHeader = a.integer("maxHeaderSize", GatewayConfig.Admin.DEFAULT_MAX_HEADER_SIZE, 1024, 1 << 20);
        int maxConnections = a.integer("maxConnections", GatewayConfig.Admin.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        Secret token = a.has("token") ? secrets.read(a, "token", "unset admin.token to serve without one") : null;
        a.done();
        return new GatewayConfig.Admin(enabled, host, port, idle, header, maxUrl, maxHeader, maxConnections, token);
    }

    /** {@code cluster}: the Hazelcast file, when given, is relative to the gateway file. */
    private static GatewayConfig.Cluster cluster(YamlSection root, Path gatewayFile) {
        YamlSection c = root.section("cluster");
        Path hzFile = null;
        if (c.has("hazelcastConfig")) {
            hzFile = gatewayFile.toAbsolutePath().getParent().resolve(c.filePath("hazelcastConfig", null));
            if (!Files.isRegularFile(hzFile) || !Files.isReadable(hzFile)) {
                throw c.error("hazelcastConfig", hzFile + " cannot be read; give a Hazelcast XML file, relative to "
                        + gatewayFile.getFileName());
            }
        }
        List<String> members = c.strings("members", false);
        GatewayConfig.Cluster cluster = new GatewayConfig.Cluster(c.bool("enabled", false),
                c.string("name", "xgate"), c.string("host", "127.0.0.1"), c.integer("port", 0, 0, 65535),
                c.integer("hazelcastPort", 5701, 1, 65535), members.isEmpty() ? List.of("127.0.0.1") : members,
                hzFile);
        c.done();
        return cluster;
    }

    private static GatewayConfig.Books books(YamlSection root) {
        YamlSection b = root.section("books");
        String placement = b.string("placement", "venue");
        GatewayConfig.Placement where = switch (placement) {
            case "venue" -> GatewayConfig.Placement.VENUE;
            case "shared" -> GatewayConfig.Placement.SHARED;
            default -> throw b.error("placement", "is '" + placement + "'; expected venue (each venue's books on "
                    + "its own event loop) or shared (books.instances book verticles)");
        };
        GatewayConfig.Books books = new GatewayConfig.Books(b.integer("instances", 2, 1, 64),
                b.integer("topDepth", 10, 1, 1000), where);
        b.done();
        return books;
    }

    /** {@code arbitrage}: a symbol model must name a symbol some configured venue quotes. */
    private static GatewayConfig.Arbitrage arbitrage(YamlSection root, List<VenueConfig> venues) {
        YamlSection ar = root.section("arbitrage");
        Map<String, GatewayConfig.SymbolModel> models = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : ar.namedSections("symbols", false).entrySet()) {
            YamlSection m = e.getValue();
            if (venues.stream().noneMatch(v -> v.instruments().containsKey(e.getKey()))) {
                throw m.error("'" + e.getKey() + "' is not quoted by any configured venue");
            }
            models.put(e.getKey(), new GatewayConfig.SymbolModel(m.number("dailyVolatility", 0.03, 0, 10),
                    m.number("dailyVolume", 0, 0, 1e15)));
            if (!m.has("dailyVolume")) {
                throw m.error("dailyVolume", "is required; expected the symbol's daily volume in base units, e.g. 20000");
            }
            m.done();
        }
        GatewayConfig.Arbitrage arbitrage = new GatewayConfig.Arbitrage(ar.bool("enabled", true),
                ar.number("minNetEdgeBps", 1.0, -10_000, 10_000), positive(ar, "maxAge", Duration.ofSeconds(2)),
                ar.number("updateEdgeBps", 1.0, 0, 10_000), ar.number("updateQuantityRatio", 0.25, 0, 100),
                ar.number("impactCoefficient", 1.0, 0, 100), ar.integer("closedHistory", 100, 0, 100_000), models);
        ar.done();
        return arbitrage;
    }

    private static GatewayConfig.Codec codec(YamlSection root) {
        YamlSection co = root.section("codec");
        GatewayConfig.Codec codec = new GatewayConfig.Codec(co.integer("compressThreshold", 2048, 0, 64 << 20));
        co.done();
        return codec;
    }

    /** {@code node.venues}: a subset of the configured venues; all of them when absent. */
    private static GatewayConfig.Node node(YamlSection root, List<String> ids) {
        GatewayConfig.Node node = new GatewayConfig.Node(ids);
        if (root.has("node")) {
            YamlSection n = root.section("node");
            if (n.has("venues")) {
                List<String> local = n.strings("venues", false);
                for (String id : local) {
                    if (!ids.contains(id)) {
                        throw n.error("venues", "'" + id + "' is not one of the configured venues " + ids);
                    }
                }
                node = new GatewayConfig.Node(local);
            }
            n.done();
        }
        return node;
    }

    /**
     * Each simulated venue needs a port of its own: Vert.x lets two servers of one instance share a port and hands
     * them connections in turn, so two venues on one port would answer each other's requests.
     */
    private static void distinctSimulatedPorts(YamlSection root, List<VenueConfig> venues) {
        Map<Integer, String> byPort = new java.util.HashMap<>();
        for (VenueConfig v : venues) {
            String host = v.websocket().url().getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"::1".equals(host)
                    && !"[::1]".equals(host)) {
                continue;
            }
            for (java.net.URI u : List.of(v.websocket().url(), v.rest().url())) {
                String other = byPort.putIfAbsent(u.getPort(), v.id());
                if (other != null && !other.equals(v.id())) {
                    throw root.error("venues", "simulated venues '" + other + "' and '" + v.id() + "' both use port "
                            + u.getPort() + " on loopback; give each venue file its own port (" + v.file() + ")");
                }
            }
        }
    }
}
