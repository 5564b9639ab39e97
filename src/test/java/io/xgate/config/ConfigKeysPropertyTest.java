package io.xgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xgate.App;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every key the configuration readers accept, each given invalid values of its type (wrong type, out of range,
 * overflowing, bad units, bad URLs and ports, bad decimals, unknown names, YAML oddities): each must be refused with
 * exactly one clean {@link ConfigException} that names the file, the line and the key, and {@code xgate check} must
 * exit 2 with that message and print nothing else. A value the loader accepts must pass {@code run}'s own start-up
 * validation too ({@code check} refuses everything {@code run} would).
 *
 * <p>The base configuration is the shipped venue files ({@code conf/venues/*.yaml}, with credentials and risk
 * limits added) and a gateway file that sets every key of every section. {@link #KEYS} pins every key: the test
 * {@link #everyKeyTheReadersAcceptIsPinned} fails when a reader accepts a key this list does not know (it reads the
 * readers' own listing, the unknown-key error's "expected one of").
 */
class ConfigKeysPropertyTest {

    private static final String GATEWAY = "xgate.yaml";
    private static final String[] VENUES = {"binance", "binanceus", "kraken", "okx", "bybit"};
    /** Set in every environment the tests run in; a secret by environment reference needs one. */
    private static final String ENV = "HOME";
    private static final String UNSET_ENV = "XGATE_PROPERTY_TEST_UNSET_VARIABLE";

    private static Path dir;
    private static Map<String, ConfigTree> base;

    // ------------------------------------------------------------------------------------------ value types

    /** Values of a type: those every key of the type must refuse, and those a key may take as its default. */
    record Type(String name, List<String> invalid, List<String> lenient) {
        Type plus(String... more) {
            List<String> l = new ArrayList<>(invalid);
            l.addAll(List.of(more));
            return new Type(name, l, lenient);
        }

        /** The type of a required key: empty values are refused too. */
        Type required() {
            List<String> l = new ArrayList<>(invalid);
            l.addAll(List.of("~", "\"\"", "null", "[]", "{}"));
            return new Type(name + " (required)", l, List.of());
        }
    }

    private static final List<String> NOT_SCALAR = List.of("[1, 2]", "{a: 1}");
    private static final List<String> EMPTY = List.of("~", "\"\"");
    private static final String HUGE = ConfigTree.quoted("9".repeat(5000));

    private static Type type(String name, String... invalid) {
        List<String> l = new ArrayList<>(NOT_SCALAR);
        l.addAll(List.of(invalid));
        return new Type(name, l, EMPTY);
    }

    private static final Type TEXT = type("text");
    private static final Type BOOL = type("boolean", "yes", "no", "on", "1", "0", "tru", "\"true \"", HUGE);
    private static final Type DURATION = type("duration", "-5s", "5", "5 sec", "5S", "1.5s", "5s5", "s",
            "9999999999999d", "99999999999999999999d", "106752d", "9223372036854775807ms", "NaN", ".inf", "true",
            "\"\u0665s\"", "&a 5x", "!!int 5", ConfigTree.quoted("9".repeat(5000) + "s"), "P1D", "PT5S");
    private static final Type POSITIVE_DURATION = DURATION.plus("0s", "0ms", "0d");

    private static Type integer(long min, long max) {
        BigInteger below = BigInteger.valueOf(min).subtract(BigInteger.ONE);
        BigInteger above = BigInteger.valueOf(max).add(BigInteger.ONE);
        return type("whole number " + min + ".." + max, below.toString(), above.toString(),
                "99999999999999999999", "-99999999999999999999", "1.5", "abc", "NaN", ".inf", "1e3", "0x10", "true",
                "5s", "\"\u0661\"", HUGE);
    }

    private static Type number(double min, double max) {
        return type("number " + min + ".." + max, Double.toString(min - 1), Double.toString(max + 1), "NaN", ".nan",
                "Infinity", "-Infinity", ".inf", "-.inf", "1e400", "-1e400", "abc", "10d", "5f", "0x1p3", "1,5",
                "true", "5s", HUGE);
    }

    private static final Type RATE = number(0, 1);

    private static Type choice(String... valid) {
        return type("one of " + Arrays.toString(valid), "bogus", valid[0] + "x", "\"" + valid[0] + " \"", HUGE);
    }

    private static final Type WS_URL = type("ws URL", "ws://127.0.0.1:99999/x", "ws://127.0.0.1:0/",
            "ws://127.0.0.1:65536/", "http://127.0.0.1:9101/", "ws://", "not a url", "\"ws://[::1/\"",
            "ws://h:99999999999/", "ws://h:-1/", "\"ws:// h/\"", "ws:///path", "ws://my_host:80/", "127.0.0.1:9101",
            "\"ws://127.0.0.1:9101/\u0000\"", HUGE).required();
    private static final Type HTTP_URL = type("http URL", "http://127.0.0.1:99999", "http://127.0.0.1:0",
            "https://127.0.0.1:65536", "ws://127.0.0.1:9101", "http://", "not a url", "\"http://[::1\"",
            "http://h:99999999999", "http://h:-1", "ftp://127.0.0.1", "http:///path", HUGE).required();
    private static final Type DECIMAL = type("decimal", "0", "\"0\"", "\"-0.01\"", "-1", "\"0.0000000000000000001\"",
            "\"1e-2\"", "1e-2", "abc", "\"99999999999999999999\"", "99999999999999999999.5", "0.01.0", "\"0x10\"",
            "\"NaN\"", ".inf", "\" \"", "\"0,01\"", HUGE);
    private static final Type SIZE = type("size", "-1", "1 KB", "1KB", "1kib", "99999999999999999999",
            "99999999999TiB", "8388608TiB", "1.5MiB", "abc", "NaN", HUGE);
    private static final Type SECRET = new Type("secret", List.of("literal", "{}", "{env: 1bad}",
            "{env: " + UNSET_ENV + "}", "{file: /nonexistent/xgate-secret}", "{env: " + ENV + ", file: /x}",
            "{env: " + ENV + ", other: 1}", "[a]", "{env: [" + ENV + "]}", "{env: \"\"}", "{file: ~}",
            "{file: /}", "{file: \"a\\0b\"}"), EMPTY);
    private static final Type VENUE_IDS = new Type("venue ids", List.of("binance", "{a: 1}", "[Binance]",
            "[binance, binance]", "[nope]", "[[x]]", "[\"\"]", "[]", "~", "[binance, {a: 1}]", "[\"bin ance\"]"),
            List.of());
    private static final Type SOME_VENUES = new Type("some venue ids", List.of("binance", "{a: 1}", "[nope]",
            "[[x]]", "[Binance]", "[\"\"]"), EMPTY);
    private static final Type NAMES = new Type("names", List.of("x", "{a: 1}", "[[x]]", "[\"\"]", "[{a: 1}]"), EMPTY);
    private static final Type CANDLES = new Type("candle specs", List.of("[]", "[0s]", "[t0]", "[x]",
            "[99999999999999999999d]", "[t99999999999999999999]", "[1s, 1s]", "[v0.000000000000000000001]",
            "[v99999999999999999999999]", "[n1e999999999]", "[v-1]", "[1.5s]", "1s", "{a: 1}", "[[1s]]", "[\"\"]"),
            List.of());
    private static final Type INDICATORS = new Type("indicators", List.of("[EMA(0)]", "[EMA(99999999999)]",
            "[FOO(3)]", "[EMA(3), EMA(3)]", "EMA(3)", "{a: 1}", "[EMA(100001)]", "[EMA]", "[[EMA(3)]]", "[EMA(-1)]",
            "[\"EMA(3\"]", "~", "[]x"), List.of());
    private static final Type EVENTS = new Type("event types", List.of("[NOPE]", "BOOK_TOP", "{a: 1}", "[[x]]",
            "[\"\"]"), List.of("~"));

    /** The type of a key whose values are tried on another venue file: only a wrong-type value here. */
    private static final Type SAMPLED = new Type("sampled", List.of("[1, 2]"), List.of());

    /** One key: its file, dotted path and type. */
    record Key(String file, String path, Type type) {
        List<String> segments() {
            List<String> out = new ArrayList<>();
            for (String s : path.split("\\.")) {
                Matcher m = Pattern.compile("([^\\[]+)(\\[\\d+])?").matcher(s);
                if (!m.matches()) {
                    throw new IllegalArgumentException(path);
                }
                out.add(m.group(1));
                if (m.group(2) != null) {
                    out.add(m.group(2));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return file + " " + path + " (" + type.name() + ")";
        }
    }

    private static Key g(String path, Type t) {
        return new Key(GATEWAY, path, t);
    }

    private static Key v(String venue, String path, Type t) {
        return new Key("venues/" + venue + ".yaml", path, t);
    }

    /** Every key of the base configuration, with its type: the pinned list. */
    static final List<Key> KEYS = pinnedKeys();

    private static List<Key> pinnedKeys() {
        List<Key> k = new ArrayList<>();
        k.add(g("name", TEXT));
        k.add(g("venues", VENUE_IDS));
        k.add(g("venuesDir", TEXT.plus("nowhere", "venues/binance.yaml", "\"/nonexistent-folder\"")));
        k.add(g("statusInterval", POSITIVE_DURATION));
        k.add(g("eventLoops", integer(0, 1024)));
        k.add(g("simulator.enabled", BOOL));
        k.add(g("simulator.seed", type("seed", "9223372036854775808", "-9223372036854775809", "1.5", "abc", "0x10",
                HUGE)));
        k.add(g("simulator.host", TEXT));
        k.add(g("simulator.stepInterval", POSITIVE_DURATION));
        k.add(g("simulator.publishInterval", POSITIVE_DURATION));
        k.add(g("simulator.noiseBps", number(0, 1_000)));
        k.add(g("simulator.dislocations.every", POSITIVE_DURATION));
        k.add(g("simulator.dislocations.duration", POSITIVE_DURATION));
        k.add(g("simulator.dislocations.bps", number(0, 5_000)));
        String f = "simulator.faults.binance.";
        k.add(g(f + "symbols", NAMES.plus("[NOPE-USDT]", "[ETH-USDT, NOPE-USDT]")));
        for (String rate : List.of("dropRate", "malformedRate", "badChecksumRate", "corruptRate", "rest429Rate",
                "rest418Rate", "order429Rate", "keepaliveRate", "seqResetRate", "noSnapshotRate", "zeroChecksumRate",
                "snapshotRate", "restartRate", "earlySnapshotRate")) {
            k.add(g(f + rate, RATE));
        }
        for (String d : List.of("disconnectEvery", "shutdownEvery", "stallEvery", "stallFor", "flapFor",
                "largeMessageEvery")) {
            k.add(g(f + d, POSITIVE_DURATION));
        }
        k.add(g(f + "handshakeBlackHole", integer(0, 1_000_000)));
        k.add(g(f + "largeMessageBytes", integer(0, 256 << 20)));
        k.add(g(f + "weightLimit", integer(0, Long.MAX_VALUE)));
        k.add(g(f + "restDelay", DURATION));
        for (String s : List.of("apiKey", "apiSecret", "passphrase")) {
            k.add(g("simulator.accounts.okx." + s, SECRET));
        }
        k.add(g("simulator.instruments.kraken.BTC-USDT.tickSize", DECIMAL));
        k.add(g("simulator.instruments.kraken.BTC-USDT.lotSize", DECIMAL));
        k.add(g("admin.enabled", BOOL));
        k.add(g("admin.host", TEXT));
        k.add(g("admin.port", integer(0, 65535)));
        k.add(g("admin.idleTimeout", POSITIVE_DURATION));
        k.add(g("admin.headerTimeout", POSITIVE_DURATION));
        k.add(g("admin.maxUrlLength", integer(256, 1 << 20)));
        k.add(g("admin.maxHeaderSize", integer(1024, 1 << 20)));
        k.add(g("admin.maxConnections", integer(1, 100_000)));
        k.add(g("admin.token", SECRET));
        k.add(g("cluster.enabled", BOOL));
        k.add(g("cluster.name", TEXT));
        k.add(g("cluster.host", TEXT));
        k.add(g("cluster.port", integer(0, 65535)));
        k.add(g("cluster.hazelcastPort", integer(1, 65535)));
        k.add(g("cluster.members", NAMES));
        k.add(g("cluster.hazelcastConfig", TEXT.plus("nonexistent.xml", "\".\"", "venues/binance.yaml",
                "broken.xml")));
        k.add(g("books.placement", choice("venue", "shared")));
        k.add(g("books.instances", integer(1, 64)));
        k.add(g("books.topDepth", integer(1, 1000)));
        k.add(g("arbitrage.enabled", BOOL));
        k.add(g("arbitrage.minNetEdgeBps", number(-10_000, 10_000)));
        k.add(g("arbitrage.maxAge", POSITIVE_DURATION));
        k.add(g("arbitrage.updateEdgeBps", number(0, 10_000)));
        k.add(g("arbitrage.updateQuantityRatio", number(0, 100)));
        k.add(g("arbitrage.impactCoefficient", number(0, 100)));
        k.add(g("arbitrage.closedHistory", integer(0, 100_000)));
        k.add(g("arbitrage.symbols.BTC-USDT.dailyVolatility", number(0, 10)));
        k.add(g("arbitrage.symbols.BTC-USDT.dailyVolume", number(0, 1e15).required()));
        k.add(g("codec.compressThreshold", integer(0, 64 << 20)));
        k.add(g("node.venues", SOME_VENUES));
        k.add(g("analytics.enabled", BOOL));
        k.add(g("analytics.venues", SOME_VENUES));
        k.add(g("analytics.candles", CANDLES));
        k.add(g("analytics.symbols.ETH-USDT.candles", CANDLES.required()));
        k.add(g("analytics.indicators.1m", INDICATORS));
        k.add(g("analytics.grace", DURATION));
        k.add(g("analytics.empty", choice("flat", "skip")));
        k.add(g("analytics.storeTrades", BOOL));
        k.add(g("analytics.maxStoredTrades", integer(1, 1_000_000)));
        k.add(g("analytics.partialInterval", POSITIVE_DURATION));
        k.add(g("analytics.history", integer(1, 100_000)));
        k.add(g("analytics.bookBars", POSITIVE_DURATION.plus("2d", "of", "OFF", "1d1ms")));
        k.add(g("journal.enabled", BOOL));
        k.add(g("journal.dir", TEXT));
        k.add(g("journal.segmentSize", SIZE.plus("1048575", "1023KiB", "2GiB", "1073741825")));
        k.add(g("journal.retention.size", SIZE));
        k.add(g("journal.retention.age", POSITIVE_DURATION));
        k.add(g("journal.fsync", choice("never", "segment", "interval")));
        k.add(g("journal.fsyncInterval", POSITIVE_DURATION));
        k.add(g("journal.queueSize", SIZE.plus("65535", "63KiB", "3GiB", "2GiB", "1073741825")));
        k.add(g("journal.events", EVENTS));
        k.add(g("ha.enabled", BOOL));
        k.add(g("ha.nodeId", TEXT.plus("\" \"", "x".repeat(101))));
        k.add(g("ha.leaseTimeout", POSITIVE_DURATION.plus("999ms", "301s", "6m")));
        k.add(g("ha.renewInterval", POSITIVE_DURATION.plus("1s", "667ms")));
        k.add(g("ha.handover", POSITIVE_DURATION));
        k.add(g("ha.quorum", integer(1, 1000)));

        for (String venue : VENUES) {
            k.addAll(venueKeys(venue));
        }
        return k;
    }

    /** A venue file's keys: every key of binance's, okx's and bybit's; the dialect-specific ones of the others'. */
    private static List<Key> venueKeys(String venue) {
        List<Key> k = new ArrayList<>();
        {
            k.add(v(venue, "id", TEXT.plus("bogus", "Binance", "\"" + venue + " \"").required()));
            k.add(v(venue, "dialect", choice("binance", "kraken", "okx", "bybit").plus("BINANCE").required()));
            k.add(v(venue, "websocket.url", WS_URL));
            for (String d : List.of("maxConnectionAge", "pingInterval", "pongTimeout", "staleAfter",
                    "reconnectInitialDelay", "reconnectMaxDelay", "connectTimeout", "stableAfter")) {
                k.add(v(venue, "websocket." + d, POSITIVE_DURATION));
            }
            k.add(v(venue, "websocket.reconnectJitter", RATE));
            k.add(v(venue, "websocket.maxMessageBytes", integer(1024, 256 << 20)));
            k.add(v(venue, "rest.url", HTTP_URL));
            k.add(v(venue, "rest.poolSize", integer(1, 256)));
            for (String d : List.of("connectTimeout", "idleTimeout", "requestTimeout")) {
                k.add(v(venue, "rest." + d, POSITIVE_DURATION));
            }
            k.add(v(venue, "rest.maxWaitQueue", integer(0, 100_000)));
            k.add(v(venue, "bookDepth", integer(1, 5000).plus(
                    switch (venue) {
                        case "kraken" -> new String[] {"11", "5000"};
                        case "okx" -> new String[] {"399", "5"};
                        case "bybit" -> new String[] {"2", "500"};
                        default -> new String[0];
                    })));
            k.add(v(venue, "symbols.BTC-USDT.venueSymbol", TEXT.required()));
            k.add(v(venue, "symbols.BTC-USDT.kind", choice("spot", "perpetual").plus("perpetual", "SPOT")));
            k.add(v(venue, "symbols.BTC-USDT.tickSize", DECIMAL.required()));
            k.add(v(venue, "symbols.BTC-USDT.lotSize", DECIMAL.required()));
            k.add(v(venue, "symbols.BTC-USDT.contractSize", DECIMAL.plus("\"1\"", "\"0.01\"")));
            k.add(v(venue, "fees.makerBps", number(-100, 1000)));
            k.add(v(venue, "fees.takerBps", number(-100, 1000)));
            k.add(v(venue, "rateLimits[0].name", TEXT.required()));
            k.add(v(venue, "rateLimits[0].limit", integer(1, Long.MAX_VALUE).required()));
            k.add(v(venue, "rateLimits[0].interval", POSITIVE_DURATION.required()));
            k.add(v(venue, "rateLimits[0].scope", choice("node", "cluster")));
        }
        if (venue.equals("binanceus") || venue.equals("kraken")) {
            Set<String> dialectKeys = Set.of("id", "dialect", "websocket.url", "rest.url", "bookDepth");
            k.replaceAll(key -> dialectKeys.contains(key.path()) ? key : new Key(key.file(), key.path(), SAMPLED));
        }
        k.addAll(credentialKeys(venue));
        return k;
    }


    private static List<Key> credentialKeys(String venue) {
        List<Key> k = new ArrayList<>();
        for (String perp : List.of(venue).stream().filter(x -> x.equals("okx") || x.equals("bybit")).toList()) {
            k.add(v(perp, "symbols.BTC-USDT-PERP.venueSymbol", TEXT.required()));
            k.add(v(perp, "symbols.BTC-USDT-PERP.kind", choice("spot", "perpetual")));
            k.add(v(perp, "symbols.BTC-USDT-PERP.tickSize", DECIMAL.required()));
            k.add(v(perp, "symbols.BTC-USDT-PERP.lotSize", DECIMAL.required()));
            k.add(v(perp, "symbols.BTC-USDT-PERP.contractSize", DECIMAL.required().plus("\"0.00001\"",
                    "\"999999999999999999\"", "\"99999999999999999\"", "\"9223372036854775807\"")));
        }
        if (venue.equals("binance") || venue.equals("okx")) {
            k.add(v(venue, "credentials.apiKey", SECRET));
            k.add(v(venue, "credentials.apiSecret", SECRET));
            k.add(v(venue, "credentials.passphrase", SECRET));
            k.add(v(venue, "risk.killSwitch", BOOL));
            k.add(v(venue, "risk.symbols.BTC-USDT.maxQuantity", DECIMAL.required().plus(
                    "\"99999999999999999\"", "\"0.000000001\"")));
            k.add(v(venue, "risk.symbols.BTC-USDT.maxNotional", number(0, 1e15).required()));
            k.add(v(venue, "risk.symbols.BTC-USDT.priceBandBps", number(0, 10_000).required()));
            k.add(v(venue, "risk.symbols.BTC-USDT.maxOpenOrders", integer(0, 1_000_000).required()));
        }
        if (venue.equals("binance") || venue.equals("binanceus")) {
            k.add(v(venue, "endpointWeights.GET /api/v3/exchangeInfo", integer(0, 100_000)));
            k.add(v(venue, "endpointWeights.GET /api/v3/time", integer(0, 100_000)));
        }
        return List.copyOf(k);
    }

    /**
     * Mappings whose keys are names the user chooses (symbols, venues, endpoints, candle specs), not settings: the
     * unknown-key listing does not apply to them, their entries' own keys are pinned instead.
     */
    private static final Set<String> NAMED = Set.of("simulator.faults", "simulator.accounts",
            "simulator.instruments", "simulator.instruments.kraken", "arbitrage.symbols", "analytics.symbols",
            "analytics.indicators", "symbols", "endpointWeights", "risk.symbols");

    // ----------------------------------------------------------------------------------------- the base files

    private static final String GATEWAY_TEXT = """
            name: xgate-properties
            venues: [binance, binanceus, kraken, okx, bybit]
            venuesDir: venues
            statusInterval: 5s
            eventLoops: 2
            simulator:
              enabled: true
              seed: 42
              host: 127.0.0.1
              stepInterval: 20ms
              publishInterval: 100ms
              noiseBps: 0.5
              dislocations: {every: 15s, duration: 4s, bps: 60}
              faults:
                binance:
                  symbols: [BTC-USDT]
                  dropRate: 0.001
                  malformedRate: 0.001
                  badChecksumRate: 0
                  corruptRate: 0.001
                  rest429Rate: 0.01
                  rest418Rate: 0
                  order429Rate: 0.01
                  keepaliveRate: 0
                  seqResetRate: 0
                  noSnapshotRate: 0
                  zeroChecksumRate: 0
                  snapshotRate: 0
                  restartRate: 0
                  earlySnapshotRate: 0
                  disconnectEvery: 10m
                  shutdownEvery: 1h
                  stallEvery: 5m
                  stallFor: 3s
                  flapFor: 1s
                  handshakeBlackHole: 1
                  largeMessageBytes: 65536
                  largeMessageEvery: 1m
                  weightLimit: 6000
                  restDelay: 5ms
              accounts:
                okx: {apiKey: {env: HOME}, apiSecret: {file: SECRET}, passphrase: {file: SECRET}}
              instruments:
                kraken:
                  BTC-USDT: {tickSize: "0.1", lotSize: "0.00000001"}
            admin:
              enabled: true
              host: 127.0.0.1
              port: 8080
              idleTimeout: 30s
              headerTimeout: 10s
              maxUrlLength: 4096
              maxHeaderSize: 8192
              maxConnections: 256
              token: {env: HOME}
            cluster:
              enabled: false
              name: xgate
              host: 127.0.0.1
              port: 0
              hazelcastPort: 5701
              members: [127.0.0.1]
            books: {placement: venue, instances: 2, topDepth: 10}
            arbitrage:
              enabled: true
              minNetEdgeBps: 1.0
              maxAge: 2s
              updateEdgeBps: 1.0
              updateQuantityRatio: 0.25
              impactCoefficient: 1.0
              closedHistory: 100
              symbols:
                BTC-USDT: {dailyVolatility: 0.025, dailyVolume: 25000}
            codec: {compressThreshold: 2048}
            node: {venues: [binance, binanceus, kraken, okx, bybit]}
            analytics:
              enabled: true
              venues: [binance, kraken]
              candles: [1s, 1m]
              symbols:
                ETH-USDT: {candles: [1m, t100]}
              indicators:
                1m: [EMA(20), TEMA(14)]
              grace: 250ms
              empty: flat
              storeTrades: false
              maxStoredTrades: 10000
              partialInterval: 1s
              history: 500
              bookBars: 5s
            journal:
              enabled: false
              dir: journal
              segmentSize: 256MiB
              retention: {size: 10GiB, age: 7d}
              fsync: interval
              fsyncInterval: 1s
              queueSize: 64MiB
              events: [BOOK_TOP, OPPORTUNITY]
            ha:
              enabled: false
              nodeId: node-a
              leaseTimeout: 2s
              renewInterval: 250ms
              handover: 3s
              quorum: 2
            """;

    @BeforeContainer
    static void writeTheBaseFiles() throws IOException {
        if (System.getenv(ENV) == null || System.getenv(UNSET_ENV) != null) {
            fail("the test needs " + ENV + " set and " + UNSET_ENV + " unset");
        }
        dir = Files.createTempDirectory("xgate-config-keys");
        Files.createDirectories(dir.resolve("venues"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cr3t\n");
        Files.copy(Path.of("conf/cluster.xml"), dir.resolve("cluster.xml"));
        Files.writeString(dir.resolve("broken.xml"), "<hazelcast><network><port>not a port</port>");
        base = new LinkedHashMap<>();
        base.put(GATEWAY, ConfigTree.parse(GATEWAY_TEXT.replace("SECRET", secret.toString())));
        for (String venue : VENUES) {
            ConfigTree t = ConfigTree.parse(Files.readString(Path.of("conf/venues/" + venue + ".yaml")));
            t = t.with(List.of("rateLimits", "[0]", "scope"), "cluster");
            if (venue.equals("binance") || venue.equals("okx")) {
                t = t.with(List.of("credentials"), new LinkedHashMap<String, Object>());
                t = t.with(List.of("credentials", "apiKey"), "{env: " + ENV + "}");
                t = t.with(List.of("credentials", "apiSecret"), "{file: " + ConfigTree.quoted(secret.toString()) + "}");
                t = t.with(List.of("credentials", "passphrase"), "{file: " + ConfigTree.quoted(secret.toString())
                        + "}");
                t = t.with(List.of("risk"), ConfigTree.parse("""
                        killSwitch: false
                        symbols:
                          BTC-USDT: {maxQuantity: "0.5", maxNotional: 40000, priceBandBps: 100, maxOpenOrders: 3}
                        """).root);
            }
            base.put("venues/" + venue + ".yaml", t);
        }
    }

    @AfterContainer
    static void deleteTheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // --------------------------------------------------------------------------------------------- the tests

    @Example
    void theBaseConfigurationLoadsAndChecks() {
        Written w = write(base);
        GatewayConfig c = new ConfigLoader().load(w.gateway());
        assertEquals(5, c.venues().size());
        assertTrue(c.venues().get(0).credentials() != null && c.admin().token() != null);
        assertStartupAccepts(c);
        Check check = check(w.gateway());
        assertEquals(0, check.exit(), check.err());
        assertEquals("", check.err());
        assertTrue(check.out().startsWith(w.gateway() + ": OK"), check.out());
        // the Hazelcast file is parsed whenever it is given (kept out of the base: parsing it takes a while)
        Written hz = write(Map.of(GATEWAY, base.get(GATEWAY).with(List.of("cluster", "hazelcastConfig"), "cluster.xml")));
        assertStartupAccepts(new ConfigLoader().load(hz.gateway()));
        assertEquals(0, check(hz.gateway()).exit());
    }

    /**
     * The readers' own listing of the keys of each mapping (the unknown-key error's "expected one of") is exactly the
     * pinned list's: a key a reader accepts that {@link #KEYS} does not know fails here.
     */
    @Example
    void everyKeyTheReadersAcceptIsPinned() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigTree> file : base.entrySet()) {
            for (List<String> mapping : file.getValue().mappings()) {
                String path = ConfigTree.dotted(mapping);
                if (isSecret(file.getKey(), path)) {
                    continue;
                }
                List<String> probe = new ArrayList<>(mapping);
                probe.add("zzUnknownKey");
                Map<String, ConfigTree> files = new LinkedHashMap<>(base);
                files.put(file.getKey(), file.getValue().with(probe, "1"));
                Written w = write(files);
                ConfigException e = refusal(w, file.getKey(), probe, null, false, problems);
                if (e == null || NAMED.contains(path)) {
                    continue; // a named mapping: the clean error is enough (its entries' keys are pinned)
                }
                Matcher m = Pattern.compile("unknown key.*expected one of: (.*)$").matcher(e.getMessage());
                if (!m.find()) {
                    problems.add(file.getKey() + " " + path + ": not the unknown-key error: " + e.getMessage());
                    continue;
                }
                Set<String> listed = new TreeSet<>(Arrays.asList(m.group(1).split(", ")));
                Set<String> pinned = new TreeSet<>(pinnedChildren(file.getKey(), mapping));
                if (!listed.equals(pinned)) {
                    Set<String> extra = new TreeSet<>(listed);
                    extra.removeAll(pinned);
                    Set<String> missing = new TreeSet<>(pinned);
                    missing.removeAll(listed);
                    problems.add(file.getKey() + " '" + path + "': the reader accepts " + extra
                            + " that KEYS does not pin; KEYS pins " + missing + " that the reader does not accept");
                }
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(KEYS.size() > 250, "keys: " + KEYS.size());
    }

    /** How many of each key's invalid values are also run through {@code xgate check} in the sweep. */
    private static final int CHECKED_PER_KEY = 1;

    /** Every invalid value of every key's type, each on its own: one clean error at the key, and check exits 2. */
    @Example
    void everyInvalidValueOfEveryKeyIsOneCleanError() {
        List<String> problems = new ArrayList<>();
        long t0 = System.nanoTime();
        long cpu0 = cpu();
        int cases = 0;
        for (Key k : KEYS) {
            int i = 0;
            for (String raw : k.type().invalid()) {
                cases++;
                // xgate check itself on each key's first values (the loader on all): it prints the loader's error
                invalid(k, raw, i++ < CHECKED_PER_KEY, problems);
            }
            for (String raw : k.type().lenient()) {
                cases++;
                loadsOrIsRefusedCleanly(k, raw, false, problems);
            }
        }
        System.out.printf("ConfigKeysPropertyTest: %d keys, %d cases in %d ms (%d ms of CPU)%n", KEYS.size(), cases,
                (System.nanoTime() - t0) / 1_000_000, (cpu() - cpu0) / 1_000_000);
        assertEquals(List.of(), problems, problems.size() + " of " + cases + " cases:\n" + String.join("\n", problems));
    }

    /**
     * Any text at all in any key's place (numbers of any size with any unit, quoted text of any characters, and each
     * type's invalid values): it loads, and then passes run's start-up validation and check, or it is refused with one
     * clean error at a key of the file at that key's line, and check exits 2 with it.
     */
    @Property(tries = 200)
    void anyValueOfAnyKeyLoadsOrIsOneCleanError(@ForAll("keys") Key key, @ForAll("values") String raw) {
        List<String> problems = new ArrayList<>();
        if (key.type().invalid().contains(raw)) {
            invalid(key, raw, true, problems);
        } else {
            loadsOrIsRefusedCleanly(key, raw, true, problems);
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Provide
    Arbitrary<Key> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> unit = Arbitraries.of("", "ms", "s", "m", "h", "d", "B", "KiB", "MiB", "GiB", "TiB", " s",
                "x");
        Arbitrary<String> bigNumber = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(),
                BigInteger.TEN.pow(25)).edgeCases(c -> c.add(BigInteger.valueOf(Long.MAX_VALUE)).add(BigInteger.ZERO))
                .map(BigInteger::toString);
        Arbitrary<String> small = Arbitraries.longs().between(-3, 70_000).map(String::valueOf);
        Arbitrary<String> numberWithUnit = Arbitraries.oneOf(bigNumber, small).flatMap(n -> unit.map(u -> n + u));
        Arbitrary<String> decimal = Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d));
        Arbitrary<String> quotedDecimal = Arbitraries.bigDecimals().between(new java.math.BigDecimal("-1e3"),
                new java.math.BigDecimal("1e21")).ofScale(20).map(d -> ConfigTree.quoted(d.stripTrailingZeros()
                .toPlainString()));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40).map(ConfigTree::quoted);
        Arbitrary<String> known = Arbitraries.of(KEYS.stream().flatMap(k -> k.type().invalid().stream()).distinct()
                .toList());
        Arbitrary<String> url = Arbitraries.of("ws", "wss", "http", "https", "ftp").flatMap(s -> Arbitraries
                .integers().between(-2, 100_000).map(p -> ConfigTree.quoted(s + "://127.0.0.1:" + p + "/x")));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, numberWithUnit), net.jqwik.api.Tuple.of(2, decimal),
                net.jqwik.api.Tuple.of(2, quotedDecimal), net.jqwik.api.Tuple.of(2, text),
                net.jqwik.api.Tuple.of(3, known), net.jqwik.api.Tuple.of(1, url));
    }

    // ------------------------------------------------------------------------------------------- the checks

    private static void invalid(Key k, String raw, boolean check, List<String> problems) {
        Map<String, ConfigTree> files = new LinkedHashMap<>(base);
        files.put(k.file(), base.get(k.file()).with(k.segments(), raw));
        Written w = write(files);
        ConfigException e = refusal(w, k.file(), k.segments(), raw, check, problems);
        if (e == null) {
            return;
        }
        String at = k.path();
        if (e.key().isEmpty() && e.getMessage().contains(": not valid YAML: ")) {
            return; // raw text that is not YAML: the line is checked, there is no key to name
        }
        if (!(e.key().equals(at) || e.key().startsWith(at + ".") || e.key().startsWith(at + "["))) {
            problems.add(k + " = " + raw + ": the error names '" + e.key() + "', not the key: " + e.getMessage());
        }
    }

    /** Loads (then run's start-up and check accept it too) or is refused cleanly at some key of the file. */
    private static void loadsOrIsRefusedCleanly(Key k, String raw, boolean runCheck, List<String> problems) {
        Map<String, ConfigTree> files = new LinkedHashMap<>(base);
        files.put(k.file(), base.get(k.file()).with(k.segments(), raw));
        Written w = write(files);
        try {
            checked(w);
        } catch (ConfigException e) {
            refused(w, k, raw, e, runCheck, problems);
            return;
        } catch (RuntimeException e) {
            problems.add(k + " = " + raw + ": " + e.getClass().getName() + " instead of a ConfigException: "
                    + e.getMessage());
            return;
        }
        if (!runCheck) {
            return;
        }
        Check check = check(w.gateway());
        if (check.exit() != 0 || !check.err().isEmpty()) {
            problems.add(k + " = " + raw + ": the loader accepts it but check exits " + check.exit() + ": "
                    + check.err());
        }
    }

    /** The refusal of a file that must be refused, after checking it; null (and a problem noted) if it is not. */
    private static ConfigException refusal(Written w, String file, List<String> path, String raw, boolean check,
                                           List<String> problems) {
        String what = file + " " + ConfigTree.dotted(path) + " = " + abbreviate(raw);
        try {
            checked(w);
            problems.add(what + ": accepted");
            return null;
        } catch (ConfigException e) {
            Key k = new Key(file, ConfigTree.dotted(path), TEXT);
            return refused(w, k, raw, e, check, problems) ? e : null;
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getClass().getName() + " instead of a ConfigException: " + e.getMessage());
            return null;
        }
    }

    private static final Pattern NOT_CLEAN = Pattern.compile(
            "For input string|overflow|Exception|java\\.|\\bat [a-z]+\\.|\\n|\\r|\\$\\{");

    /** A clean refusal: names a key of the file at its line, and check exits 2 with it alone. */
    private static boolean refused(Written w, Key k, String raw, ConfigException e, boolean runCheck,
                                   List<String> problems) {
        String what = k.file() + " " + k.path() + " = " + abbreviate(raw);
        String msg = e.getMessage();
        if (e.getClass() != ConfigException.class || e.getCause() != null) {
            problems.add(what + ": not a plain ConfigException: " + e);
            return false;
        }
        Path file = w.dir().resolve(k.file());
        if (!file.equals(e.file())) {
            problems.add(what + ": the error names file " + e.file() + ", not " + file + ": " + msg);
            return false;
        }
        Integer line = w.lines().get(k.file()).get(e.key());
        if (e.key().isEmpty() && msg.contains(": not valid YAML: ")) {
            line = w.lines().get(k.file()).get(k.path());
            if (!msg.startsWith(file + ":" + line + ": not valid YAML: ")) {
                problems.add(what + ": the YAML error does not name line " + line + ": " + msg);
                return false;
            }
            line = null;
        } else if (line == null) {
            // a secret's own keys ({env: X}) or a list's item share their key's line
            String owner = e.key().replaceAll("(\\.(env|file|other)|\\[\\d+])$", "");
            line = w.lines().get(k.file()).get(owner);
        }
        String prefix;
        if (e.key().isEmpty() && msg.contains(": not valid YAML: ")) {
            prefix = file + ":" + w.lines().get(k.file()).get(k.path()) + ": ";
        } else if (line == null) {
            problems.add(what + ": the error names '" + e.key() + "', no key of the file: " + msg);
            return false;
        } else {
            prefix = file + ":" + line + ": " + e.key() + ": ";
        }
        if (!msg.startsWith(prefix)) {
            problems.add(what + ": the message does not start with '" + prefix + "': " + msg);
            return false;
        }
        if (NOT_CLEAN.matcher(msg.substring(prefix.length())).find() || msg.length() > 2_000) {
            problems.add(what + ": not a clean message: " + abbreviate(msg));
            return false;
        }
        if (!runCheck) {
            return true;
        }
        Check check = check(w.gateway());
        String expected = "xgate: configuration error: " + msg + System.lineSeparator();
        if (check.exit() != 2 || !check.err().equals(expected) || !check.out().isEmpty()) {
            problems.add(what + ": check exits " + check.exit() + ", stderr '" + abbreviate(check.err())
                    + "', stdout '" + abbreviate(check.out()) + "'; expected 2 and " + abbreviate(expected));
            return false;
        }
        return true;
    }

    /** What {@code run} validates beyond the loader before it binds a port ({@code Gateway.validate}). */
    private static void assertStartupAccepts(GatewayConfig c) {
        io.xgate.Gateway.validate(c);
    }

    /** What check (and run, before it starts anything) does: the loader, then start-up's own rules. */
    private static GatewayConfig checked(Written w) {
        GatewayConfig c = new ConfigLoader().load(w.gateway());
        assertStartupAccepts(c);
        return c;
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static boolean isSecret(String file, String path) {
        return KEYS.stream().anyMatch(k -> k.file().equals(file) && k.path().equals(path) && k.type() == SECRET);
    }

    /**
     * The pinned keys directly under {@code mapping} of {@code file}: of any venue file for a venue file (every venue
     * file has the same keys), of any item of a list and of any entry of a named mapping.
     */
    private static Set<String> pinnedChildren(String file, List<String> mapping) {
        Set<String> out = new LinkedHashSet<>();
        List<String> general = general(mapping);
        for (Key k : KEYS) {
            List<String> s = general(k.segments());
            if (fileKind(k.file()).equals(fileKind(file)) && s.size() > general.size()
                    && s.subList(0, general.size()).equals(general)) {
                String next = s.get(mapping.size());
                if (!next.startsWith("[")) {
                    out.add(next);
                }
            }
        }
        return out;
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String fileKind(String file) {
        return file.startsWith("venues/") ? "venues/*" : file;
    }

    /** A path with list indexes and the names of named mappings' entries made wildcards. */
    private static List<String> general(List<String> segments) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            boolean named = NAMED.contains(ConfigTree.dotted(segments.subList(0, i)));
            out.add(s.startsWith("[") ? "[*]" : named ? "*" : s);
        }
        return out;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(probe)";
        }
        return s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
    }

    /** What each file holds now: only a changed file is written again. */
    private static final Map<String, String> WRITTEN = new java.util.HashMap<>();

    record Written(Path dir, Path gateway, Map<String, Map<String, Integer>> lines) {
    }

    private static Written write(Map<String, ConfigTree> files) {
        Map<String, Map<String, Integer>> lines = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ConfigTree> e : files.entrySet()) {
                Map<String, Integer> l = new LinkedHashMap<>();
                String text = e.getValue().write(l);
                if (!text.equals(WRITTEN.put(e.getKey(), text))) {
                    Files.writeString(dir.resolve(e.getKey()), text, StandardCharsets.UTF_8);
                }
                lines.put(e.getKey(), l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(dir, dir.resolve(GATEWAY), lines);
    }

    record Check(int exit, String out, String err) {
    }

    private static Check check(Path gateway) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = App.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "--config",
                gateway.toString());
        return new Check(code, out.toString(), err.toString());
    }
}
