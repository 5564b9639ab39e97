package io.xgate.config;

import static io.xgate.config.YamlSection.positive;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the gateway file's {@code simulator} section: the built-in venue simulator's switch, seed, cadence,
 * noise, dislocations, per-venue faults and per-venue accounts.
 */
final class SimulatorSectionReader {

    private final SecretReader secrets;

    /** A reader resolving {@code simulator.accounts} secrets with {@code secrets}. */
    SimulatorSectionReader(SecretReader secrets) {
        this.secrets = secrets;
    }

    /** The {@code simulator} section of {@code root}; {@code ids} are the configured venues, loaded as {@code venues}. */
    GatewayConfig.Simulator read(YamlSection root, List<String> ids, List<VenueConfig> venues) {
        YamlSection s = root.section("simulator");
        GatewayConfig.Simulator simulator = new GatewayConfig.Simulator(s.bool("enabled", false),
                s.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE), s.string("host", "127.0.0.1"),
                positive(s, "stepInterval", Duration.ofMillis(20)), positive(s, "publishInterval",
                        Duration.ofMillis(100)), s.number("noiseBps", 0.5, 0, 1_000), dislocations(s),
                faults(s, ids, venues), accounts(s, ids), simInstruments(s, venues));
        s.done();
        return simulator;
    }

    /** {@code simulator.accounts.<venue>}: the simulated venue's own view of a key pair (tests of wrong keys). */
    private Map<String, VenueConfig.Credentials> accounts(YamlSection simulator, List<String> venueIds) {
        Map<String, VenueConfig.Credentials> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : simulator.namedSections("accounts", false).entrySet()) {
            YamlSection a = e.getValue();
            if (!venueIds.contains(e.getKey())) {
                throw a.error("'" + e.getKey() + "' is not one of the venues " + venueIds);
            }
            Secret key = secret(a, "apiKey");
            Secret secret = secret(a, "apiSecret");
            boolean passphrase = a.has("passphrase");
            Secret phrase = passphrase ? secret(a, "passphrase") : null;
            if (key != null && secret != null && (!passphrase || phrase != null)) {
                out.put(e.getKey(), new VenueConfig.Credentials(key, secret, phrase));
            }
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
    private static Map<String, GatewayConfig.Faults> faults(YamlSection simulator, List<String> venueIds,
                                                          List<VenueConfig> venues) {
        Map<String, GatewayConfig.Faults> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlSection> e : simulator.namedSections("faults", false).entrySet()) {
            YamlSection f = e.getValue();
            if (!venueIds.contains(e.getKey())) {
                throw f.error("'" + e.getKey() + "' is not one of the venues " + venueIds);
            }
            List<String> symbols = f.strings("symbols", false);
            VenueConfig venue = venues.stream().filter(v -> v.id().equals(e.getKey())).findFirst().orElseThrow();
            for (String symbol : symbols) {
                if (!venue.instruments().containsKey(symbol)) {
                    throw f.error("symbols", "'" + symbol + "' is not one of venue " + venue.id() + "'s symbols "
                            + venue.instruments().keySet());
                }
            }
            out.put(e.getKey(), new GatewayConfig.Faults(symbols,
                    f.number("dropRate", 0, 0, 1), f.number("malformedRate", 0, 0, 1),
                    f.number("badChecksumRate", 0, 0, 1), f.number("corruptRate", 0, 0, 1),
                    f.number("rest429Rate", 0, 0, 1),
                    f.number("rest418Rate", 0, 0, 1), positive(f, "disconnectEvery", null),
                    positive(f, "shutdownEvery", null), positive(f, "stallEvery", null),
                    positive(f, "stallFor", Duration.ofSeconds(3)), f.number("order429Rate", 0, 0, 1),
                    positive(f, "flapFor", null), f.integer("handshakeBlackHole", 0, 0, 1_000_000),
                    f.integer("largeMessageBytes", 0, 0, 256 << 20), positive(f, "largeMessageEvery", null),
                    f.longValue("weightLimit", 0, 0, Long.MAX_VALUE),
                    new GatewayConfig.SequenceFaults(f.number("keepaliveRate", 0, 0, 1),
                            f.number("seqResetRate", 0, 0, 1), f.number("noSnapshotRate", 0, 0, 1),
                            f.number("zeroChecksumRate", 0, 0, 1)), f.number("snapshotRate", 0, 0, 1),
                    f.number("restartRate", 0, 0, 1), f.number("earlySnapshotRate", 0, 0, 1),
                    f.duration("restDelay", Duration.ZERO)));
            f.done();
        }
        return out;
    }

    private Secret secret(YamlSection parent, String key) {
        return secrets.read(parent, key);
    }
}
