package io.xgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's own instruments and the fault modes added for the venue runtime, as configuration. */
class SimulatorConfigTest {

    @TempDir
    Path dir;

    private static final String VENUE = String.join("\n",
            "id: binance",
            "dialect: binance",
            "websocket: {url: ws://127.0.0.1:9101/stream}",
            "rest: {url: http://127.0.0.1:9101}",
            "symbols:",
            "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
            "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
            "");

    @Test
    void instrumentsDefaultToTheVenueFileEachValueOnItsOwn() throws IOException {
        GatewayConfig c = load("venues: [binance]\nsimulator:\n  instruments:\n    binance:\n"
                + "      BTC-USDT: {tickSize: \"0.1\"}\n");
        assertEquals(new GatewayConfig.SimInstrument("0.1", "0.00001"), c.simulator().instrumentOf("binance", "BTC-USDT"));
        assertEquals(new GatewayConfig.SimInstrument("0.01", "0.0001"), c.simulator().instrumentOf("binance", "ETH-USDT"));
        GatewayConfig none = load("venues: [binance]\n");
        assertEquals(new GatewayConfig.SimInstrument("0.01", "0.00001"),
                none.simulator().instrumentOf("binance", "BTC-USDT"));
    }

    @Test
    void instrumentMistakesAreNamed() throws IOException {
        ConfigException key = assertThrows(ConfigException.class, () -> load("venues: [binance]\nsimulator:\n"
                + "  instruments:\n    binance:\n      BTC-USDT: {tickSise: \"0.1\"}\n"));
        assertTrue(key.getMessage().contains("xgate.yaml:5: simulator.instruments.binance.BTC-USDT.tickSise: unknown key")
                && key.getMessage().contains("expected one of: tickSize, lotSize"), key.getMessage());
        ConfigException venue = assertThrows(ConfigException.class, () -> load("venues: [binance]\nsimulator:\n"
                + "  instruments:\n    kraken:\n      BTC-USDT: {tickSize: \"0.1\"}\n"));
        assertTrue(venue.getMessage().contains("'kraken' is not one of the venues [binance]"), venue.getMessage());
        ConfigException symbol = assertThrows(ConfigException.class, () -> load("venues: [binance]\nsimulator:\n"
                + "  instruments:\n    binance:\n      SOL-USDT: {tickSize: \"0.1\"}\n"));
        assertTrue(symbol.getMessage().contains("'SOL-USDT' is not one of venue binance's symbols [BTC-USDT, ETH-USDT]"),
                symbol.getMessage());
        ConfigException value = assertThrows(ConfigException.class, () -> load("venues: [binance]\nsimulator:\n"
                + "  instruments:\n    binance:\n      BTC-USDT: {lotSize: \"-1\"}\n"));
        assertTrue(value.getMessage().contains("lotSize"), value.getMessage());
    }

    @Test
    void connectionFaultsAreTyped() throws IOException {
        GatewayConfig c = load("venues: [binance]\nsimulator:\n  faults:\n    binance: {flapFor: 60s, "
                + "handshakeBlackHole: 2, largeMessageBytes: 2097152, largeMessageEvery: 5s, weightLimit: 1200}\n");
        GatewayConfig.Faults f = c.simulator().faultsOf("binance");
        assertEquals(Duration.ofSeconds(60), f.flapFor());
        assertEquals(2, f.handshakeBlackHole());
        assertEquals(2_097_152, f.largeMessageBytes());
        assertEquals(Duration.ofSeconds(5), f.largeMessageEvery());
        assertEquals(1200, f.weightLimit());
        assertEquals(GatewayConfig.Faults.NONE, load("venues: [binance]\n").simulator().faultsOf("binance"));
    }

    @Test
    void restDelayIsADurationAndNoneByDefault() throws IOException {
        assertEquals(Duration.ofMillis(80), load("venues: [binance]\nsimulator:\n  faults:\n    binance: "
                + "{restDelay: 80ms}\n").simulator().faultsOf("binance").restDelay());
        assertEquals(Duration.ZERO, load("venues: [binance]\nsimulator:\n  faults:\n    binance: "
                + "{weightLimit: 1200}\n").simulator().faultsOf("binance").restDelay());
        assertEquals(Duration.ZERO, GatewayConfig.Faults.NONE.restDelay());
    }

    private GatewayConfig load(String gateway) throws IOException {
        Files.writeString(dir.resolve("xgate.yaml"), gateway);
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("venues/binance.yaml"), VENUE);
        return new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
    }
}
