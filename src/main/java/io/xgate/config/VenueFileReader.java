package io.xgate.config;

import static io.xgate.config.YamlSection.positive;

import io.xgate.num.Decimals;
import java.net.URI;
import java.net.URISyntaxException;
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
 * Reads one venue file ({@code conf/venues/<id>.yaml}) into a {@link VenueConfig}: the common keys first, then
 * the named dialect's own rules ({@link DialectSchema#check}) on the loaded venue.
 */
final class VenueFileReader {

    /**
     * The wire dialects this build knows, from the one registration ({@code META-INF/services/}
     * {@code io.xgate.config.DialectSchema}); a venue file names one of these.
     */
    private static final Map<String, DialectSchema> DIALECTS = DialectSchema.registered();

    private static final Pattern CANONICAL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}(-PERP)?");

    private final SecretReader secrets;

    /** A reader resolving {@code credentials} with {@code secrets}. */
    VenueFileReader(SecretReader secrets) {
        this.secrets = secrets;
    }

    /** Reads {@code file}; its {@code id} must match the name the gateway file gave. */
    VenueConfig read(Path file, String expectedId) {
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
        DialectSchema schema = DIALECTS.get(dialect);
        if (schema == null) {
            throw v.error("dialect", "'" + dialect + "' is not a known dialect; expected one of "
                    + DIALECTS.keySet());
        }
        VenueConfig.WebSocket ws = webSocket(v);
        VenueConfig.Rest rest = rest(v);
        int bookDepth = v.integer("bookDepth", 100, 1, 5000);
        Map<String, Instrument> instruments = instruments(v);
        VenueConfig.Fees fees = fees(v);
        List<VenueConfig.RateLimit> limits = rateLimits(v, schema);
        Map<String, Integer> weights = endpointWeights(v);
        VenueConfig.Credentials credentials = credentials(v);
        VenueConfig.Risk risk = risk(v, instruments);
        v.done();
        VenueConfig venue = new VenueConfig(file, id, dialect, ws, rest, bookDepth, instruments, fees, limits,
                weights, credentials, risk);
        // a dialect names top-level or dotted keys (credentials.passphrase): the error points at the key's own line
        schema.check(venue, (key, problem) -> key.contains(".") ? ConfigLoader.errorAt(file, key, problem)
                : v.error(key, problem));
        return venue;
    }

    private static VenueConfig.WebSocket webSocket(YamlSection v) {
        YamlSection w = v.section("websocket");
        VenueConfig.WebSocket ws = new VenueConfig.WebSocket(uri(w, "url", "ws", "wss"),
                positive(w, "maxConnectionAge", Duration.ofHours(23)),
                positive(w, "pingInterval", Duration.ofSeconds(20)),
                positive(w, "pongTimeout", Duration.ofSeconds(30)),
                positive(w, "staleAfter", Duration.ofSeconds(10)),
                positive(w, "reconnectInitialDelay", Duration.ofMillis(250)),
                positive(w, "reconnectMaxDelay", Duration.ofSeconds(30)),
                w.number("reconnectJitter", 0.2, 0, 1),
                w.integer("maxMessageBytes", 16 << 20, 1024, 256 << 20),
                positive(w, "connectTimeout", Duration.ofSeconds(10)),
                positive(w, "stableAfter", Duration.ofSeconds(30)));
        w.done();
        if (ws.reconnectMaxDelay().compareTo(ws.reconnectInitialDelay()) < 0) {
            // at the key the file gives (both given: the maximum's)
            throw w.has("reconnectMaxDelay") ? w.error("reconnectMaxDelay", "is " + ws.reconnectMaxDelay().toMillis()
                    + " ms, shorter than reconnectInitialDelay (" + ws.reconnectInitialDelay().toMillis() + " ms); give "
                    + "at least that") : w.error("reconnectInitialDelay", "is " + ws.reconnectInitialDelay().toMillis()
                    + " ms, longer than reconnectMaxDelay (" + ws.reconnectMaxDelay().toMillis() + " ms); give at most "
                    + "that, or set reconnectMaxDelay");
        }
        return ws;
    }

    private static VenueConfig.Rest rest(YamlSection v) {
        YamlSection r = v.section("rest");
        VenueConfig.Rest rest = new VenueConfig.Rest(uri(r, "url", "http", "https"), r.integer("poolSize", 4, 1, 256),
                positive(r, "connectTimeout", Duration.ofSeconds(5)), positive(r, "idleTimeout", Duration.ofSeconds(60)),
                positive(r, "requestTimeout", Duration.ofSeconds(10)), r.integer("maxWaitQueue", 64, 0, 100_000));
        r.done();
        return rest;
    }

    /** {@code symbols.<CANONICAL>}: at least one, each venue symbol mapped once per kind. */
    private static Map<String, Instrument> instruments(YamlSection v) {
        Map<String, Instrument> instruments = new LinkedHashMap<>();
        Set<String> venueSymbols = new HashSet<>();
        for (Map.Entry<String, YamlSection> e : v.namedSections("symbols", true).entrySet()) {
            String symbol = e.getKey();
            YamlSection is = e.getValue();
            if (!CANONICAL.matcher(symbol).matches()) {
                throw is.error("'" + symbol + "' is not a canonical symbol; expected BASE-QUOTE in upper case, "
                        + "e.g. BTC-USDT, or BASE-QUOTE-PERP for a perpetual, e.g. BTC-USDT-PERP");
            }
            String venueSymbol = is.string("venueSymbol");
            String kindText = is.string("kind", "spot");
            Instrument.Kind kind = switch (kindText) {
                case "spot" -> Instrument.Kind.SPOT;
                case "perpetual" -> Instrument.Kind.PERPETUAL;
                default -> throw is.error("kind", "is '" + kindText + "'; expected spot or perpetual");
            };
            // unique per kind: a venue may name its spot pair and its perpetual alike (Bybit BTCUSDT in both)
            if (!venueSymbols.add(kind + " " + venueSymbol)) {
                throw is.error("venueSymbol", "'" + venueSymbol + "' is mapped twice");
            }
            ScaledDecimal tick = is.positiveDecimal("tickSize");
            ScaledDecimal lot = is.positiveDecimal("lotSize");
            boolean perpSymbol = symbol.endsWith(Instrument.PERPETUAL_SUFFIX);
            if (perpSymbol != (kind == Instrument.Kind.PERPETUAL)) {
                throw is.error("kind", perpSymbol ? "must be perpetual for a symbol ending in -PERP"
                        : "is perpetual, so the canonical symbol must end in -PERP (e.g. " + symbol + "-PERP)");
            }
            long contractSize = io.xgate.num.Decimals.pow10(lot.scale());
            if (kind == Instrument.Kind.PERPETUAL) {
                if (!is.has("contractSize")) {
                    throw is.error("contractSize", "is required for a perpetual: base units per contract, e.g. "
                            + "\"0.01\" (OKX BTC-USDT-SWAP) or \"1\" (Bybit linear, sizes in base units)");
                }
                ScaledDecimal c = is.positiveDecimal("contractSize");
                if (c.scale() > lot.scale()) {
                    throw is.error("contractSize", "has more decimals than the lot size " + is.string("lotSize") + "; sizes are "
                            + "base units at the lot size's scale");
                }
                try {
                    contractSize = Math.multiplyExact(c.mantissa(), Decimals.pow10(lot.scale() - c.scale()));
                } catch (ArithmeticException overflow) {
                    throw is.error("contractSize", "'" + is.string("contractSize") + "' is too large at the lot size's "
                            + "scale (" + lot.scale() + " decimals); expected base units per contract, e.g. \"0.01\"");
                }
            } else if (is.has("contractSize")) {
                throw is.error("contractSize", "is only for perpetuals (kind: perpetual)");
            }
            is.done();
            instruments.put(symbol, new Instrument(symbol, venueSymbol, tick.scale(), tick.mantissa(), lot.scale(),
                    lot.mantissa(), kind, contractSize));
        }
        if (instruments.isEmpty()) {
            throw v.error("symbols", "is empty; map at least one canonical symbol to the venue's instrument");
        }
        return instruments;
    }

    private static VenueConfig.Fees fees(YamlSection v) {
        YamlSection f = v.section("fees");
        VenueConfig.Fees fees = new VenueConfig.Fees(f.number("makerBps", 10, -100, 1000),
                f.number("takerBps", 10, -100, 1000));
        f.done();
        return fees;
    }

    private static List<VenueConfig.RateLimit> rateLimits(YamlSection v, DialectSchema schema) {
        List<VenueConfig.RateLimit> limits = new ArrayList<>();
        for (YamlSection l : v.sections("rateLimits")) {
            String name = l.string("name");
            VenueConfig.RateLimit.Scope scope = schema.defaultScope(name);
            if (l.has("scope")) {
                String given = l.string("scope");
                scope = switch (given) {
                    case "node" -> VenueConfig.RateLimit.Scope.NODE;
                    case "cluster" -> VenueConfig.RateLimit.Scope.CLUSTER;
                    default -> throw l.error("scope", "is '" + given + "'; expected node (this node's own budget) "
                            + "or cluster (one budget shared by the cluster's nodes, for limits the venue counts "
                            + "per IP)");
                };
            }
            limits.add(new VenueConfig.RateLimit(name, l.longValue("limit", 0, 1, Long.MAX_VALUE),
                    positive(l, "interval", null), scope));
            if (!l.has("limit")) {
                throw l.error("limit", "is required; expected a whole number of units per interval");
            }
            if (!l.has("interval")) {
                throw l.error("interval", "is required; expected a duration such as 1m");
            }
            l.done();
        }
        return limits;
    }

    private static Map<String, Integer> endpointWeights(YamlSection v) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        YamlSection ew = v.section("endpointWeights");
        for (String endpoint : ew.keys()) {
            if (!endpoint.matches("(GET|POST|PUT|DELETE) /[^?\\s]*")) {
                throw ew.error(endpoint, "is not an endpoint; expected \"METHOD /path\" without a query string, "
                        + "e.g. \"GET /api/v3/depth\"");
            }
            weights.put(endpoint, ew.integer(endpoint, 1, 0, 100_000));
        }
        ew.done();
        return weights;
    }

    /** {@code credentials}: optional; {@code null} for a market-data-only venue. */
    private VenueConfig.Credentials credentials(YamlSection v) {
        VenueConfig.Credentials credentials = null;
        if (v.has("credentials")) {
            YamlSection cr = v.section("credentials");
            Secret key = secrets.read(cr, "apiKey");
            Secret secret = secrets.read(cr, "apiSecret");
            boolean passphrase = cr.has("passphrase");
            Secret phrase = passphrase ? secrets.read(cr, "passphrase") : null;
            cr.done();
            // null only from a reader that requires no secret (a component that trades nothing): no credentials
            credentials = key == null || secret == null || passphrase && phrase == null ? null
                    : new VenueConfig.Credentials(key, secret, phrase);
        }
        return credentials;
    }

    /** {@code risk}: optional; every limit of a listed symbol is required. */
    private static VenueConfig.Risk risk(YamlSection v, Map<String, Instrument> instruments) {
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
                ScaledDecimal q = sr.positiveDecimal("maxQuantity");
                if (q.scale() > i.sizeScale()) {
                    throw sr.error("maxQuantity", "has more decimals than the lot size " + i.lotSize());
                }
                long maxQuantity;
                try {
                    maxQuantity = Math.multiplyExact(q.mantissa(), Decimals.pow10(i.sizeScale() - q.scale()));
                } catch (ArithmeticException x) {
                    throw sr.error("maxQuantity", "'" + sr.string("maxQuantity") + "' is too large at the lot size's "
                            + "scale (" + i.sizeScale() + " decimals); expected the largest order in base units");
                }
                limitsBySymbol.put(e.getKey(), new VenueConfig.SymbolRisk(maxQuantity,
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
        return risk;
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
        if (u.getPort() > 65535 || u.getPort() == 0) {
            throw s.error(key, "'" + text + "' has port " + u.getPort() + "; a port is 1 to 65535 (or none: the "
                    + "scheme's default)");
        }
        return u;
    }
}
