package io.xgate.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads and validates {@code conf/xgate.yaml} and the venue files it names, up front, into immutable records.
 * Any problem is one {@link ConfigException} naming file, line, key and what is expected.
 */
public final class ConfigLoader {

    /** Wire dialects xgate knows. A venue file names one of these. */
    public static final List<String> DIALECTS = List.of("binance", "kraken");

    private static final Pattern VENUE_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern CANONICAL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    /** A loader that reads secrets from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader with the given environment lookup (tests). */
    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** Loads the gateway file and every venue file it names. */
    public GatewayConfig load(Path gatewayFile) {
        YamlSection root = YamlSection.load(gatewayFile);
        String name = root.string("name", "xgate");
        String venuesDir = root.string("venuesDir", "venues");
        List<String> ids = root.strings("venues", true);
        if (ids.isEmpty()) {
            throw root.error("venues", "is empty; list at least one venue id, e.g. [binance, kraken]");
        }
        Set<String> seen = new HashSet<>();
        Path dir = gatewayFile.toAbsolutePath().getParent().resolve(venuesDir);
        List<VenueConfig> venues = new ArrayList<>();
        for (String id : ids) {
            if (!VENUE_ID.matcher(id).matches()) {
                throw root.error("venues", "'" + id + "' is not a venue id; expected lower-case letters, digits "
                        + "and '-', e.g. binance or binance-testnet");
            }
            if (!seen.add(id)) {
                throw root.error("venues", "'" + id + "' is listed twice");
            }
            venues.add(loadVenue(dir.resolve(id + ".yaml"), id));
        }

        YamlSection s = root.section("simulator");
        GatewayConfig.Simulator simulator = new GatewayConfig.Simulator(s.bool("enabled", false),
                s.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE), s.string("host", "127.0.0.1"),
                positive(s, "stepInterval", Duration.ofMillis(20)), positive(s, "publishInterval",
                        Duration.ofMillis(100)), s.number("noiseBps", 0.5, 0, 1_000), dislocations(s),
                faults(s, ids), accounts(s, ids), simInstruments(s, venues));
        s.done();

        YamlSection a = root.section("admin");
        GatewayConfig.Admin admin = new GatewayConfig.Admin(a.bool("enabled", true), a.string("host", "127.0.0.1"),
                a.integer("port", 8080, 0, 65535));
        a.done();

        YamlSection c = root.section("cluster");
        Path hzFile = null;
        if (c.has("hazelcastConfig")) {
            hzFile = gatewayFile.toAbsolutePath().getParent().resolve(c.string("hazelcastConfig"));
            if (!Files.isReadable(hzFile)) {
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

        YamlSection b = root.section("books");
        GatewayConfig.Books books = new GatewayConfig.Books(b.integer("instances", 2, 1, 64),
                b.integer("topDepth", 10, 1, 1000));
        b.done();

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

        YamlSection co = root.section("codec");
        GatewayConfig.Codec codec = new GatewayConfig.Codec(co.integer("compressThreshold", 2048, 0, 64 << 20));
        co.done();

        Duration statusInterval = positive(root, "statusInterval", Duration.ofSeconds(5));
        int eventLoops = root.integer("eventLoops", 0, 0, 1024);
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
        root.done();
        return new GatewayConfig(gatewayFile, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node);
    }

    /** Loads one venue file; its {@code id} must match the name the gateway file gave. */
    public VenueConfig loadVenue(Path file, String expectedId) {
        if (!Files.exists(file)) {
            throw new ConfigException(file, 0, "", "venue file for '" + expectedId + "' not found; create it (see "
                    + "conf/venues/*.yaml for examples) or remove '" + expectedId + "' from the venues list");
        }
        YamlSection v = YamlSection.load(file);
        String id = v.string("id");
        if (!id.equals(expectedId)) {
            throw v.error("id", "is '" + id + "' but the file is named for '" + expectedId + "'; they must match");
        }
        String dialect = v.string("dialect");
        if (!DIALECTS.contains(dialect)) {
            throw v.error("dialect", "'" + dialect + "' is not a known dialect; expected one of " + DIALECTS);
        }

        YamlSection w = v.section("websocket");
        VenueConfig.WebSocket ws = new VenueConfig.WebSocket(uri(w, "url", "ws", "wss"),
                positive(w, "maxConnectionAge", Duration.ofHours(23)),
                positive(w, "pingInterval", Duration.ofSeconds(20)),
                positive(w, "pongTimeout", Duration.ofSeconds(30)),
                positive(w, "staleAfter", Duration.ofSeconds(10)),
                positive(w, "reconnectInitialDelay", Duration.ofMillis(250)),
                positive(w, "reconnectMaxDelay", Duration.ofSeconds(30)),
                w.number("reconnectJitter", 0.2, 0, 1),
                w.integer("maxMessageBytes", 16 << 20, 1024, 256 << 20));
        w.done();
        if (ws.reconnectMaxDelay().compareTo(ws.reconnectInitialDelay()) < 0) {
            throw v.error("websocket", "reconnectMaxDelay must not be shorter than reconnectInitialDelay");
        }

        YamlSection r = v.section("rest");
        VenueConfig.Rest rest = new VenueConfig.Rest(uri(r, "url", "http", "https"), r.integer("poolSize", 4, 1, 256),
                positive(r, "connectTimeout", Duration.ofSeconds(5)), positive(r, "idleTimeout", Duration.ofSeconds(60)),
                positive(r, "requestTimeout", Duration.ofSeconds(10)), r.integer("maxWaitQueue", 64, 0, 100_000));
        r.done();

        int bookDepth = v.integer("bookDepth", 100, 1, 5000);

        Map<String, Instrument> instruments = new LinkedHashMap<>();
        Set<String> venueSymbols = new HashSet<>();
        for (Map.Entry<String, YamlSection> e : v.namedSections("symbols", true).entrySet()) {
            String symbol = e.getKey();
            YamlSection is = e.getValue();
            if (!CANONICAL.matcher(symbol).matches()) {
                throw is.error("'" + symbol + "' is not a canonical symbol; expected BASE-QUOTE in upper case, "
                        + "e.g. BTC-USDT");
            }
            String venueSymbol = is.string("venueSymbol");
            if (!venueSymbols.add(venueSymbol)) {
                throw is.error("venueSymbol", "'" + venueSymbol + "' is mapped twice");
            }
            long[] tick = is.positiveDecimal("tickSize");
            long[] lot = is.positiveDecimal("lotSize");
            is.done();
            instruments.put(symbol, new Instrument(symbol, venueSymbol, (int) tick[1], tick[0], (int) lot[1], lot[0]));
        }
        if (instruments.isEmpty()) {
            throw v.error("symbols", "is empty; map at least one canonical symbol to the venue's instrument");
        }

        YamlSection f = v.section("fees");
        VenueConfig.Fees fees = new VenueConfig.Fees(f.number("makerBps", 10, -100, 1000),
                f.number("takerBps", 10, -100, 1000));
        f.done();

        List<VenueConfig.RateLimit> limits = new ArrayList<>();
        for (YamlSection l : v.sections("rateLimits")) {
            limits.add(new VenueConfig.RateLimit(l.string("name"), l.longValue("limit", 0, 1, Long.MAX_VALUE),
                    positive(l, "interval", null)));
            if (!l.has("limit")) {
                throw l.error("limit", "is required; expected a whole number of units per interval");
            }
            if (!l.has("interval")) {
                throw l.error("interval", "is required; expected a duration such as 1m");
            }
            l.done();
        }

        Map<String, Integer> weights = new LinkedHashMap<>();
        YamlSection ew = v.section("endpointWeights");
        for (String endpoint : ew.keys()) {
            weights.put(endpoint, ew.integer(endpoint, 1, 0, 100_000));
        }
        ew.done();

        VenueConfig.Credentials credentials = null;
        if (v.has("credentials")) {
            YamlSection cr = v.section("credentials");
            credentials = new VenueConfig.Credentials(secret(cr, "apiKey"), secret(cr, "apiSecret"));
            cr.done();
        }
        VenueConfig.Risk risk = VenueConfig.Risk.NONE;
        if (v.has("risk")) {
            YamlSection rs = v.section("risk");
            Map<String, VenueConfig.SymbolRisk> limitsBySymbol = new LinkedHashMap<>();
            for (Map.Entry<String, YamlSection> e : rs.namedSections("symbols", false).entrySet()) {
                YamlSection sr = e.getValue();
                Instrument i = instruments.get(e.getKey());
                if (i == null) {
                    throw sr.error("'" + e.getKey() + "' is not one of this venue's symbols " + instruments.keySet());
                }
                long[] q = sr.positiveDecimal("maxQuantity");
                if (q[1] > i.sizeScale()) {
                    throw sr.error("maxQuantity", "has more decimals than the lot size " + i.lotSize());
                }
                limitsBySymbol.put(e.getKey(), new VenueConfig.SymbolRisk(
                        Math.multiplyExact(q[0], io.xgate.num.Decimals.pow10(i.sizeScale() - (int) q[1])),
                        sr.number("maxNotional", 0, 0, 1e15), sr.number("priceBandBps", 0, 0, 10_000),
                        sr.integer("maxOpenOrders", 0, 0, 1_000_000)));
                for (String k : List.of("maxNotional", "priceBandBps", "maxOpenOrders")) {
                    if (!sr.has(k)) {
                        throw sr.error(k, "is required: every symbol's limits are explicit");
                    }
                }
                sr.done();
            }
            risk = new VenueConfig.Risk(rs.bool("killSwitch", false), limitsBySymbol);
            rs.done();
        }
        v.done();
        return new VenueConfig(file, id, dialect, ws, rest, bookDepth, instruments, fees, limits, weights,
                credentials, risk);
    }

    /** {@code simulator.accounts.<venue>}: the simulated venue's own view of a key pair (tests of wrong keys). */
    private Map<String, VenueConfig.Credentials> accounts(YamlSection simulator, List<String> venueIds) {
        Map<String, VenueConfig.Credentials> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : simulator.namedSections("accounts", false).entrySet()) {
            YamlSection a = e.getValue();
            if (!venueIds.contains(e.getKey())) {
                throw a.error("'" + e.getKey() + "' is not one of the venues " + venueIds);
            }
            out.put(e.getKey(), new VenueConfig.Credentials(secret(a, "apiKey"), secret(a, "apiSecret")));
            a.done();
        }
        return out;
    }

    /**
     * {@code simulator.instruments.<venue>.<SYMBOL>: {tickSize, lotSize}}: the simulated venue's own instruments,
     * optional; every value not given is the venue file's. The result holds every venue and symbol.
     */
    private static Map<String, Map<String, GatewayConfig.SimInstrument>> simInstruments(YamlSection simulator,
                                                                                      List<VenueConfig> venues) {
        Map<String, YamlSection> given = simulator.namedSections("instruments", false);
        Map<String, Map<String, GatewayConfig.SimInstrument>> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : given.entrySet()) {
            if (venues.stream().noneMatch(v -> v.id().equals(e.getKey()))) {
                throw e.getValue().error("'" + e.getKey() + "' is not one of the venues "
                        + venues.stream().map(VenueConfig::id).toList());
            }
        }
        for (VenueConfig v : venues) {
            YamlSection venueSection = given.get(v.id());
            Map<String, YamlSection> overrides = new LinkedHashMap<>();
            if (venueSection != null) {
                for (String symbol : venueSection.keys()) {
                    YamlSection o = venueSection.section(symbol);
                    if (!v.instruments().containsKey(symbol)) {
                        throw venueSection.error(symbol, "'" + symbol + "' is not one of venue " + v.id()
                                + "'s symbols " + v.instruments().keySet());
                    }
                    overrides.put(symbol, o);
                }
                venueSection.done();
            }
            Map<String, GatewayConfig.SimInstrument> bySymbol = new LinkedHashMap<>();
            for (Instrument i : v.instruments().values()) {
                YamlSection o = overrides.get(i.symbol());
                String tick = i.tickSize();
                String lot = i.lotSize();
                if (o != null) {
                    if (o.has("tickSize")) {
                        o.positiveDecimal("tickSize");
                        tick = o.string("tickSize").trim();
                    }
                    if (o.has("lotSize")) {
                        o.positiveDecimal("lotSize");
                        lot = o.string("lotSize").trim();
                    }
                    o.string("tickSize", null); // both are known keys, given or not
                    o.string("lotSize", null);
                    o.done();
                }
                bySymbol.put(i.symbol(), new GatewayConfig.SimInstrument(tick, lot));
            }
            out.put(v.id(), bySymbol);
        }
        return out;
    }

    /** {@code simulator.dislocations}: optional. */
    private static GatewayConfig.Dislocations dislocations(YamlSection simulator) {
        if (!simulator.has("dislocations")) {
            return GatewayConfig.Dislocations.NONE;
        }
        YamlSection d = simulator.section("dislocations");
        GatewayConfig.Dislocations out = new GatewayConfig.Dislocations(positive(d, "every", null),
                positive(d, "duration", Duration.ofSeconds(3)), d.number("bps", 40, 0, 5_000));
        d.done();
        return out;
    }

    /** {@code simulator.faults.<venue>}: faults injected per venue, all optional. */
    private static Map<String, GatewayConfig.Faults> faults(YamlSection simulator, List<String> venueIds) {
        Map<String, GatewayConfig.Faults> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : simulator.namedSections("faults", false).entrySet()) {
            YamlSection f = e.getValue();
            if (!venueIds.contains(e.getKey())) {
                throw f.error("'" + e.getKey() + "' is not one of the venues " + venueIds);
            }
            out.put(e.getKey(), new GatewayConfig.Faults(f.strings("symbols", false),
                    f.number("dropRate", 0, 0, 1), f.number("malformedRate", 0, 0, 1),
                    f.number("badChecksumRate", 0, 0, 1), f.number("corruptRate", 0, 0, 1),
                    f.number("rest429Rate", 0, 0, 1),
                    f.number("rest418Rate", 0, 0, 1), positive(f, "disconnectEvery", null),
                    positive(f, "shutdownEvery", null), positive(f, "stallEvery", null),
                    positive(f, "stallFor", Duration.ofSeconds(3)), f.number("order429Rate", 0, 0, 1),
                    positive(f, "flapFor", null), f.integer("handshakeBlackHole", 0, 0, 1_000_000),
                    f.integer("largeMessageBytes", 0, 0, 256 << 20), positive(f, "largeMessageEvery", null),
                    f.longValue("weightLimit", 0, 0, Long.MAX_VALUE)));
            f.done();
        }
        return out;
    }

    private Secret secret(YamlSection parent, String key) {
        if (!parent.has(key)) {
            throw parent.error(key, "is required; expected {env: VARIABLE} or {file: /path/to/secret}");
        }
        YamlSection s;
        try {
            s = parent.section(key);
        } catch (ConfigException e) {
            throw parent.error(key, "secrets are never written in config files; expected {env: VARIABLE} or "
                    + "{file: /path/to/secret}");
        }
        boolean fromEnv = s.has("env");
        boolean fromFile = s.has("file");
        if (fromEnv == fromFile) {
            throw s.error("expected exactly one of env or file, e.g. {env: BINANCE_API_SECRET}");
        }
        Secret secret;
        if (fromEnv) {
            String var = s.string("env");
            if (!ENV_NAME.matcher(var).matches()) {
                throw s.error("env", "'" + var + "' is not an environment variable name");
            }
            String value = env.apply(var);
            if (value == null || value.isEmpty()) {
                throw s.error("env", "environment variable " + var + " is not set; export it, or remove "
                        + "'credentials' if this venue only needs market data");
            }
            secret = new Secret(value.trim().toCharArray(), "env " + var);
        } else {
            Path p = Path.of(s.string("file"));
            try {
                String value = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw s.error("file", p + " is empty");
                }
                secret = new Secret(value.toCharArray(), "file " + p);
            } catch (IOException e) {
                throw s.error("file", "cannot read " + p + ": " + e.getClass().getSimpleName());
            }
        }
        s.done();
        return secret;
    }

    private static Duration positive(YamlSection s, String key, Duration dflt) {
        Duration d = s.duration(key, dflt);
        if (d != null && (d.isZero() || d.isNegative())) {
            throw s.error(key, "must be longer than zero");
        }
        return d;
    }

    private static URI uri(YamlSection s, String key, String... schemes) {
        String text = s.string(key);
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw s.error(key, "'" + text + "' is not a URL: " + e.getReason());
        }
        if (u.getScheme() == null || !List.of(schemes).contains(u.getScheme()) || u.getHost() == null) {
            throw s.error(key, "'" + text + "' is not a " + String.join(" or ", schemes) + " URL with a host, e.g. "
                    + schemes[0] + "://127.0.0.1:9000/");
        }
        return u;
    }
}
