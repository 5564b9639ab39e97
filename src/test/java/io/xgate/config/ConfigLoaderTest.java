package io.xgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String GATEWAY = "venues: [binance]\n";
    private static final String VENUE = String.join("\n",
            "id: binance",
            "dialect: binance",
            "websocket:",
            "  url: ws://127.0.0.1:9101/stream",
            "  staleAfter: 5s",
            "rest:",
            "  url: http://127.0.0.1:9101",
            "symbols:",
            "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
            "");

    @Test
    void theShippedConfigurationsLoad() {
        GatewayConfig c = new ConfigLoader(k -> null).load(Path.of("conf/xgate.yaml"));
        assertTrue(c.venues().stream().map(VenueConfig::id).toList().containsAll(
                java.util.List.of("binance", "binanceus", "kraken", "okx", "bybit")), c.venues().toString());
        assertTrue(c.simulator().enabled());
        VenueConfig kraken = c.venues().get(2);
        assertEquals("kraken", kraken.dialect());
        Instrument btc = kraken.instruments().get("BTC-USDT");
        assertEquals("BTC/USDT", btc.venueSymbol());
        assertEquals(1, btc.priceScale());
        assertEquals(8, btc.sizeScale());
        assertEquals("0.1", btc.tickSize());
        GatewayConfig live = new ConfigLoader(k -> null).load(Path.of("conf/live.yaml"));
        assertFalse(live.simulator().enabled());
        assertEquals("wss", live.venues().get(0).websocket().url().getScheme());
        for (String f : java.util.List.of("sim", "venue", "strategy")) {
            GatewayConfig ha = new ConfigLoader(k -> null).load(Path.of("conf/ha/" + f + ".yaml"));
            assertEquals(!f.equals("sim"), ha.ha().enabled() && ha.cluster().enabled(), f);
        }
    }

    @Test
    void defaultsApplyAndValuesAreTyped() throws IOException {
        GatewayConfig c = load(GATEWAY, VENUE);
        VenueConfig v = c.venues().get(0);
        assertEquals(Duration.ofSeconds(5), v.websocket().staleAfter());
        assertEquals(Duration.ofHours(23), v.websocket().maxConnectionAge());
        assertEquals(2, v.instruments().get("BTC-USDT").priceScale());
        assertEquals(1, v.instruments().get("BTC-USDT").tick());
        assertEquals(5, v.instruments().get("BTC-USDT").sizeScale());
        assertEquals(8080, c.admin().port());
        assertNull(v.credentials());
    }

    @Test
    void arbitrageAndSimulatorMarketKeysAreTypedAndChecked() throws IOException {
        GatewayConfig c = load(GATEWAY + "simulator:\n  noiseBps: 2\n  dislocations: {every: 10s, duration: 2s, bps: 55}\n"
                + "arbitrage:\n  updateEdgeBps: 0.5\n  symbols:\n    BTC-USDT: {dailyVolatility: 0.02, dailyVolume: 1000}\n"
                + "statusInterval: 2s\neventLoops: 3\n", VENUE);
        assertEquals(2.0, c.simulator().noiseBps());
        assertEquals(new GatewayConfig.Dislocations(Duration.ofSeconds(10), Duration.ofSeconds(2), 55),
                c.simulator().dislocations());
        assertEquals(0.5, c.arbitrage().updateEdgeBps());
        assertEquals(0.25, c.arbitrage().updateQuantityRatio(), "the default");
        assertEquals(new GatewayConfig.SymbolModel(0.02, 1000), c.arbitrage().models().get("BTC-USDT"));
        assertEquals(Duration.ofSeconds(2), c.statusInterval());
        assertEquals(3, c.eventLoops());
        assertEquals(GatewayConfig.Dislocations.NONE, load(GATEWAY, VENUE).simulator().dislocations());

        assertMessage(GATEWAY + "arbitrage:\n  symbols:\n    DOGE-USDT: {dailyVolume: 1}\n", VENUE,
                "arbitrage.symbols.DOGE-USDT: 'DOGE-USDT' is not quoted by any configured venue");
        assertMessage(GATEWAY + "arbitrage:\n  symbols:\n    BTC-USDT: {dailyVolatility: 0.02}\n", VENUE,
                "arbitrage.symbols.BTC-USDT.dailyVolume: is required");
        assertMessage(GATEWAY + "simulator:\n  dislocations: {every: 0s}\n", VENUE,
                "simulator.dislocations.every: must be longer than zero");
    }

    @Test
    void booksRunBesideTheirVenueUnlessShared() throws IOException {
        assertEquals(GatewayConfig.Placement.VENUE, load(GATEWAY, VENUE).books().placement(), "the default");
        assertEquals(GatewayConfig.Placement.SHARED,
                load(GATEWAY + "books: {placement: shared, instances: 3}\n", VENUE).books().placement());
        assertMessage(GATEWAY + "books: {placement: beside}\n", VENUE,
                "books.placement: is 'beside'; expected venue (each venue's books on its own event loop) or shared "
                        + "(books.instances book verticles)");
    }

    @Test
    void highAvailabilityIsOffByDefaultAndItsTimingIsChecked() throws IOException {
        GatewayConfig.Ha off = load(GATEWAY, VENUE).ha();
        assertEquals(false, off.enabled());
        assertEquals(2, off.quorum());
        assertTrue(off.nodeId().endsWith("-" + ProcessHandle.current().pid()), off.nodeId());
        GatewayConfig.Ha on = load(GATEWAY + "ha: {enabled: true, nodeId: a, leaseTimeout: 3s, renewInterval: 1s, "
                + "handover: 5s, quorum: 1}\n", VENUE).ha();
        assertEquals(new GatewayConfig.Ha(true, "a", java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(5), 1), on);
        assertEquals("b", load(GATEWAY + "ha: {enabled: true}\n", VENUE).withNodeId("b").ha().nodeId());
        assertMessage(GATEWAY + "ha: {leaseTimeout: 2s, renewInterval: 1s}\n", VENUE,
                "ha.renewInterval: 1000 ms leaves fewer than 3 renewals per leaseTimeout (2000 ms); give at most 666ms");
        assertMessage(GATEWAY + "ha: {leaseTimeout: 500ms}\n", VENUE, "ha.leaseTimeout: 500 ms is outside 1s..5m");
        assertMessage(GATEWAY + "ha: {quorum: 0}\n", VENUE, "ha.quorum");
        assertMessage(GATEWAY + "ha: {enabled: yes please}\n", VENUE, "ha.enabled");
    }

    @Test
    void riskLimitsAreReadAtTheInstrumentsScaleAndChecked() throws IOException {
        String risk = VENUE + "risk:\n  killSwitch: true\n  symbols:\n    BTC-USDT: {maxQuantity: \"0.5\", "
                + "maxNotional: 40000, priceBandBps: 100, maxOpenOrders: 3}\n";
        VenueConfig.Risk r = load(GATEWAY, risk).venues().get(0).risk();
        assertTrue(r.killSwitch());
        assertEquals(new VenueConfig.SymbolRisk(50_000, 40_000, 100, 3), r.symbols().get("BTC-USDT"));
        assertEquals(VenueConfig.Risk.NONE, load(GATEWAY, VENUE).venues().get(0).risk());
        assertMessage(GATEWAY, risk.replace("BTC-USDT: {maxQuantity", "ETH-USDT: {maxQuantity"),
                "risk.symbols.ETH-USDT: 'ETH-USDT' is not one of this venue's symbols");
        assertMessage(GATEWAY, risk.replace("\"0.5\"", "\"0.000001\""),
                "risk.symbols.BTC-USDT.maxQuantity: has more decimals than the lot size 0.00001");
        assertMessage(GATEWAY, risk.replace(", maxOpenOrders: 3", ""),
                "risk.symbols.BTC-USDT.maxOpenOrders: is required");
    }

    @Test
    void endpointWeightsAreReadByEndpointAndChecked() throws IOException {
        String weights = VENUE + "endpointWeights:\n  \"GET /api/v3/depth\": 30\n  \"POST /api/v3/order\": 2\n";
        assertEquals(Map.of("GET /api/v3/depth", 30, "POST /api/v3/order", 2),
                load(GATEWAY, weights).venues().get(0).endpointWeights());
        assertMessage(GATEWAY, VENUE + "endpointWeights:\n  \"GET /api/v3/depth?limit=100\": 30\n",
                "expected \"METHOD /path\" without a query string");
        assertMessage(GATEWAY, VENUE + "endpointWeights:\n  \"/api/v3/depth\": 30\n", "is not an endpoint");
    }

    @Test
    void perpetualsHaveAKindAContractSizeInBaseUnitsAndAPerpSymbol() throws IOException {
        String perp = VENUE + "  BTC-USDT-PERP: {venueSymbol: BTC-USDT-SWAP, tickSize: \"0.1\", lotSize: \"0.01\", "
                + "kind: perpetual, contractSize: \"0.01\"}\n";
        VenueConfig v = load(GATEWAY, perp).venues().get(0);
        Instrument p = v.instruments().get("BTC-USDT-PERP");
        assertEquals(Instrument.Kind.PERPETUAL, p.kind());
        assertEquals(1L, p.contractSize(), "0.01 BTC at the lot size's scale (2)");
        assertEquals("0.01", p.contractSizeText());
        Instrument spot = v.instruments().get("BTC-USDT");
        assertEquals(Instrument.Kind.SPOT, spot.kind());
        assertEquals(100_000L, spot.contractSize(), "one base unit at scale 5");
        assertMessage(GATEWAY, perp.replace(", contractSize: \"0.01\"", ""), "contractSize: is required for a perpetual");
        assertMessage(GATEWAY, perp.replace("kind: perpetual, ", ""), "kind: must be perpetual for a symbol ending in -PERP");
        assertMessage(GATEWAY, perp.replace("BTC-USDT-PERP:", "BTC-USDT2:"), "the canonical symbol must end in -PERP");
        assertMessage(GATEWAY, perp.replace("contractSize: \"0.01\"", "contractSize: \"0.001\""),
                "has more decimals than the lot size 0.01");
        assertMessage(GATEWAY, VENUE.replace("lotSize: \"0.00001\"}", "lotSize: \"0.00001\", contractSize: \"1\"}"),
                "contractSize: is only for perpetuals");
        assertMessage(GATEWAY, perp.replace("kind: perpetual", "kind: future"), "expected spot or perpetual");
    }

    @Test
    void rateLimitScopesDefaultByDialectAndABadOneIsRefused() throws IOException {
        write(GATEWAY, VENUE + "rateLimits: [{name: REQUEST_WEIGHT, limit: 6000, interval: 1m}, "
                + "{name: ORDERS, limit: 10, interval: 1s}, {name: ORDERS_DAY, limit: 9, interval: 1d, scope: cluster}]\n");
        List<VenueConfig.RateLimit> limits = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")).venues()
                .get(0).rateLimits();
        assertEquals(VenueConfig.RateLimit.Scope.CLUSTER, limits.get(0).scope(), "per IP: the cluster's");
        assertEquals(VenueConfig.RateLimit.Scope.NODE, limits.get(1).scope(), "per account: the node's");
        assertEquals(VenueConfig.RateLimit.Scope.CLUSTER, limits.get(2).scope(), "as configured");
        write(GATEWAY, VENUE + "rateLimits: [{name: REQUEST_WEIGHT, limit: 6000, interval: 1m, scope: ip}]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")));
        assertTrue(e.getMessage().contains("scope") && e.getMessage().contains("'ip'")
                && e.getMessage().contains("expected node"), e.getMessage());
    }

    @Test
    void twoSimulatedVenuesCannotShareAPort() throws IOException {
        write("venues: [binance, other]\nsimulator: {enabled: true}\n", VENUE);
        Files.writeString(dir.resolve("venues/other.yaml"), VENUE.replace("id: binance", "id: other"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")));
        assertTrue(e.getMessage().contains("simulated venues 'binance' and 'other' both use port 9101 on loopback"),
                e.getMessage());
        write("venues: [binance, other]\nsimulator: {enabled: false}\n", VENUE);
        Files.writeString(dir.resolve("venues/other.yaml"), VENUE.replace("id: binance", "id: other"));
        assertEquals(2, new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")).venues().size(),
                "without the simulator, two files may name the same endpoint (say, two accounts)");
    }

    @Test
    void aTypoedKeyNamesFileLineKeyAndTheLikelyIntent() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(GATEWAY, VENUE.replace("  staleAfter: 5s", "  staleAftr: 5s")));
        assertEquals("websocket.staleAftr", e.key());
        assertTrue(e.getMessage().startsWith(dir.resolve("venues/binance.yaml") + ":5: websocket.staleAftr: unknown key"
                + " (did you mean 'staleAfter'?)"), e.getMessage());
        ConfigException top = assertThrows(ConfigException.class, () -> load(GATEWAY + "admn:\n  port: 1\n", VENUE));
        assertTrue(top.getMessage().contains("xgate.yaml:2: admn: unknown key (did you mean 'admin'?)"), top.getMessage());
    }

    @Test
    void whatRunWouldRefuseIsRefusedWhenTheFileIsRead() throws IOException {
        // durations are used in nanoseconds: one that overflows a long of them is a configuration error, not a
        // "long overflow" at start-up
        assertMessage(GATEWAY, VENUE.replace("staleAfter: 5s", "staleAfter: 9999999999999d"),
                "websocket.staleAfter: '9999999999999d' is too long; at most 106751d (292 years)");
        assertMessage(GATEWAY, VENUE.replace("staleAfter: 5s", "staleAfter: 99999999999999999999d"),
                "websocket.staleAfter: '99999999999999999999d' is too long");
        assertEquals(java.time.Duration.ofDays(106751), load(GATEWAY, VENUE.replace("staleAfter: 5s",
                "staleAfter: 106751d")).venues().get(0).websocket().staleAfter(), "the longest duration is taken");
        assertMessage(GATEWAY, VENUE.replace("staleAfter: 5s", "staleAfter: 106752d"), "too long");
        assertMessage(GATEWAY, VENUE.replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:99999"),
                "has port 99999; a port is 1 to 65535");
        // decimals are the file's text as written, quoted or not: never a binary float
        Instrument odd = load(GATEWAY, VENUE.replaceFirst("tickSize: \"0\\.01\"", "tickSize: 0.30000000000000004"))
                .venues().get(0).instruments().values().iterator().next();
        assertEquals("0.30000000000000004", odd.tickSize());
        assertEquals(17, odd.priceScale());
    }

    @Test
    void malformedYamlNamesTheLineThatOpenedWhatIsNotClosed() throws IOException {
        ConfigException bracket = assertThrows(ConfigException.class,
                () -> load("venues: [binance\nadmin: {port: 1}\n", VENUE));
        assertTrue(bracket.getMessage().contains("xgate.yaml:1: not valid YAML"), bracket.getMessage());
        ConfigException quote = assertThrows(ConfigException.class,
                () -> load("name: \"unterminated\nvenues: [binance]\nadmin: {port: 1}\n", VENUE));
        assertTrue(quote.getMessage().contains("xgate.yaml:1: not valid YAML"), quote.getMessage());
        ConfigException indent = assertThrows(ConfigException.class,
                () -> load("venues: [binance]\nadmin:\n  port: 1\n host: x\n", VENUE));
        assertTrue(indent.getMessage().contains("xgate.yaml:4: not valid YAML"), indent.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().startsWith(dir.resolve("nope.yaml") + ": file not found"), e.getMessage());
        Files.writeString(dir.resolve("xgate.yaml"), "venues: [binance, kraken]\n");
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("venues/binance.yaml"), VENUE);
        ConfigException venue = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")));
        // named at the gateway file's line that lists it, with the file it looked for
        assertTrue(venue.getMessage().startsWith(dir.resolve("xgate.yaml") + ":1: venues: 'kraken': venue file "
                + dir.resolve("venues/kraken.yaml") + " not found"), venue.getMessage());
    }

    @Test
    void badNumbersSayWhatIsExpected() throws IOException {
        assertMessage(GATEWAY + "admin:\n  port: 80800\n", VENUE,
                "xgate.yaml:3: admin.port: is 80800; expected a whole number from 0 to 65535");
        assertMessage(GATEWAY + "books:\n  instances: two\n", VENUE,
                "books.instances: 'two' is not a whole number; expected one from 1 to 64");
        assertMessage(GATEWAY, VENUE.replace("\"0.01\"", "\"0.0x\""),
                "binance.yaml:9: symbols.BTC-USDT.tickSize: '0.0x' is not a decimal number");
        assertMessage(GATEWAY, VENUE.replace("\"0.01\"", "\"-1\""),
                "symbols.BTC-USDT.tickSize: is -1; expected a positive decimal");
        assertMessage(GATEWAY, VENUE.replace("5s", "5 parsecs"),
                "websocket.staleAfter: '5 parsecs' is not a duration");
        assertMessage(GATEWAY, VENUE.replace("5s", "0s"), "websocket.staleAfter: must be longer than zero");
    }

    @Test
    void missingAndMalformedValuesAreNamed() throws IOException {
        assertMessage("name: x\n", VENUE, "xgate.yaml:1: venues: is required");
        assertMessage(GATEWAY, VENUE.replace("dialect: binance\n", ""), "binance.yaml:1: dialect: is required");
        assertMessage(GATEWAY, VENUE.replace("dialect: binance", "dialect: mtgox"),
                "dialect: 'mtgox' is not a known dialect; expected one of [binance, kraken");
        assertMessage(GATEWAY, VENUE.replace("ws://127.0.0.1:9101/stream", "http://x/stream"),
                "websocket.url: 'http://x/stream' is not a ws or wss URL");
        assertMessage(GATEWAY, VENUE.replace("id: binance", "id: kraken"),
                "id: is 'kraken' but the file is named for 'binance'");
        assertMessage(GATEWAY, VENUE.replace("BTC-USDT:", "btcusdt:"), "'btcusdt' is not a canonical symbol");
        assertMessage(GATEWAY, VENUE + "id: again\n", "id: is given twice");
        assertMessage(GATEWAY, VENUE + "fees: [1, 2\n", "not valid YAML");
        assertMessage("", VENUE, "the file is empty");
        assertMessage("venues: [binance, binance]\n", VENUE, "'binance' is listed twice");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrAFileAndNeverShow() throws IOException {
        Path secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, "file-secret-value\n");
        String withCreds = VENUE + "credentials:\n  apiKey: {env: TEST_KEY}\n  apiSecret: {file: " + secretFile + "}\n";
        write(GATEWAY, withCreds);
        GatewayConfig c = new ConfigLoader(Map.of("TEST_KEY", "env-key-value")::get).load(dir.resolve("xgate.yaml"));
        VenueConfig.Credentials cr = c.venues().get(0).credentials();
        assertEquals("env-key-value", new String(cr.apiKey().reveal()));
        assertEquals("file-secret-value", new String(cr.apiSecret().reveal()));
        String shown = c.toString() + cr + cr.apiKey() + cr.apiSecret();
        assertFalse(shown.contains("env-key-value"), shown);
        assertFalse(shown.contains("file-secret-value"), shown);
        assertTrue(shown.contains("env TEST_KEY"));

        ConfigException unset = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")));
        assertTrue(unset.getMessage().contains("credentials.apiKey.env: environment variable TEST_KEY is not set"),
                unset.getMessage());
        write(GATEWAY, VENUE + "credentials:\n  apiKey: literal-key\n  apiSecret: {env: X}\n");
        ConfigException literal = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> "v").load(dir.resolve("xgate.yaml")));
        assertTrue(literal.getMessage().contains("secrets are never written in config files"), literal.getMessage());
        assertFalse(literal.getMessage().contains("literal-key"), literal.getMessage());

        // a component that trades nothing (xgate tail) reads the same file without the secrets: no credentials ...
        write(GATEWAY, withCreds.replace("{file: " + secretFile + "}", "{file: " + dir.resolve("absent.txt") + "}"));
        GatewayConfig monitor = ConfigLoader.withoutSecrets(k -> null).load(dir.resolve("xgate.yaml"));
        assertEquals(null, monitor.venues().get(0).credentials());
        // ... but their shape is still checked
        write(GATEWAY, VENUE + "credentials:\n  apiKey: literal-key\n  apiSecret: {env: X}\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.withoutSecrets(k -> null)
                .load(dir.resolve("xgate.yaml")));
    }

    @Test
    void theAdminLimitsHaveSafeDefaultsAndTheTokenIsASecret() throws IOException {
        GatewayConfig.Admin d = load(GATEWAY, VENUE).admin();
        assertEquals(Duration.ofSeconds(30), d.idleTimeout());
        assertEquals(Duration.ofSeconds(10), d.headerTimeout());
        assertEquals(4096, d.maxUrlLength());
        assertEquals(8192, d.maxHeaderSize());
        assertEquals(256, d.maxConnections());
        assertNull(d.token());

        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "file-token\n");
        write(GATEWAY + "admin: {idleTimeout: 5s, headerTimeout: 2s, maxUrlLength: 1024, maxHeaderSize: 2048, "
                + "maxConnections: 10, token: {file: " + tokenFile + "}}\n", VENUE);
        GatewayConfig.Admin a = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")).admin();
        assertEquals(Duration.ofSeconds(5), a.idleTimeout());
        assertEquals(Duration.ofSeconds(2), a.headerTimeout());
        assertEquals(1024, a.maxUrlLength());
        assertEquals(2048, a.maxHeaderSize());
        assertEquals(10, a.maxConnections());
        assertEquals("file-token", new String(a.token().reveal()));
        assertFalse(a.toString().contains("file-token"), a.toString());

        write(GATEWAY + "admin: {token: {env: XGATE_ADMIN_TOKEN}}\n", VENUE);
        assertEquals("env-token", new String(new ConfigLoader(Map.of("XGATE_ADMIN_TOKEN", "env-token")::get)
                .load(dir.resolve("xgate.yaml")).admin().token().reveal()));
        ConfigException unset = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")));
        assertTrue(unset.getMessage().contains("admin.token.env: environment variable XGATE_ADMIN_TOKEN is not set; "
                + "export it, or unset admin.token"), unset.getMessage());
        assertMessage(GATEWAY + "admin: {token: hunter2}\n", VENUE, "secrets are never written in config files");
        assertMessage(GATEWAY + "admin: {maxConnections: 0}\n", VENUE, "admin.maxConnections: is 0");
        assertMessage(GATEWAY + "admin: {maxHeaderSize: 10}\n", VENUE, "admin.maxHeaderSize: is 10");
    }

    /** What ConfigKeysPropertyTest found, one example each: every one was accepted or thrown raw before. */
    @Test
    void whatTheKeysPropertyTestFoundIsRefusedAtTheKey() throws IOException {
        assertMessage(GATEWAY + "eventLoops: \"\u0661\"\n", VENUE, "xgate.yaml:2: eventLoops: '\u0661' is not a whole number");
        assertMessage(GATEWAY + "simulator: {noiseBps: 10d}\n", VENUE, "simulator.noiseBps: '10d' is not a number");
        assertMessage(GATEWAY + "arbitrage: {impactCoefficient: 0x1p3}\n", VENUE, "'0x1p3' is not a number");
        assertMessage(GATEWAY + "journal: {segmentSize: 99999999999999999999}\n", VENUE,
                "journal.segmentSize: '99999999999999999999' is too large");
        assertMessage(GATEWAY + "journal: {queueSize: 2GiB}\n", VENUE,
                "journal.queueSize: is 2GiB; expected from 65536 to 1073741824 bytes");
        assertMessage(GATEWAY + "arbitrage:\n  symbols:\n    BTC-USDT: {dailyVolume: ~}\n", VENUE,
                "xgate.yaml:4: arbitrage.symbols.BTC-USDT.dailyVolume: is required");
        assertMessage(GATEWAY + "simulator:\n  faults:\n    binance: {symbols: [NOPE-USDT]}\n", VENUE,
                "simulator.faults.binance.symbols: 'NOPE-USDT' is not one of venue binance's symbols [BTC-USDT]");
        assertMessage(GATEWAY + "venuesDir: nowhere\n", VENUE, "xgate.yaml:2: venuesDir: " + dir.resolve("nowhere")
                + " is not a folder");
        assertMessage(GATEWAY + "admin: {token: {file: /nonexistent/token}}\n", VENUE,
                "admin.token.file: cannot read /nonexistent/token: no such file; give the file that holds the secret");
        assertMessage(GATEWAY + "name: " + "x".repeat(2000) + "\n", VENUE, "name: is 2000 characters long");
        assertMessage(GATEWAY, VENUE + "rateLimits:\n  - {name: A, limit: ~, interval: 1s}\n",
                "rateLimits[0].limit: is required");
        assertMessage(GATEWAY, VENUE + "risk:\n  symbols:\n    BTC-USDT: {maxQuantity: \"99999999999999999\", "
                + "maxNotional: 1, priceBandBps: 1, maxOpenOrders: 1}\n",
                "risk.symbols.BTC-USDT.maxQuantity: '99999999999999999' is too large at the lot size's scale (5 decimals)");
        assertMessage(GATEWAY, VENUE.replace("  staleAfter: 5s", "  reconnectInitialDelay: 1m"),
                "binance.yaml:5: websocket.reconnectInitialDelay: is 60000 ms, longer than reconnectMaxDelay (30000 ms)");
        assertMessage(GATEWAY, VENUE.replace("  staleAfter: 5s", "  reconnectMaxDelay: 100ms"),
                "binance.yaml:5: websocket.reconnectMaxDelay: is 100 ms, shorter than reconnectInitialDelay (250 ms)");
        assertMessage(GATEWAY, VENUE + "bad: \u0000\n", "binance.yaml:10: not valid YAML: "
                + "character U+0000 is not allowed");
    }

    private void assertMessage(String gateway, String venue, String fragment) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(gateway, venue));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    private GatewayConfig load(String gateway, String venue) throws IOException {
        write(gateway, venue);
        return new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
    }

    private void write(String gateway, String venue) throws IOException {
        Files.writeString(dir.resolve("xgate.yaml"), gateway);
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("venues/binance.yaml"), venue);
    }
}
