package io.xgate.sim.binance;

import io.xgate.sim.SimDialect;
import io.xgate.sim.SimVenue;

/** The simulated Binance Spot dialect ({@code dialect: binance}). */
public final class BinanceSimDialect implements SimDialect {

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public SimVenue open(SimVenue.Setup setup) {
        return new BinanceSimServer(setup);
    }

    /** Binance's {@code depthUpdate} carries {@code u}, the update id its {@code BookTop} reports. */
    @Override
    public String drivableVenueFile(String id, int port) {
        return String.join("\n",
                "id: " + id,
                "dialect: " + name(),
                "websocket: {url: \"ws://127.0.0.1:" + port + "/stream\", staleAfter: 1m}",
                "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                "bookDepth: 1000",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                "fees: {makerBps: 10, takerBps: 10}", "");
    }

    /** A dropped update breaks the sequence, a corrupted size the bookTicker cross-check. */
    @Override
    public java.util.List<String> messageFaults() {
        return java.util.List.of("dropped", "malformed", "corrupted");
    }

    @Override
    public java.util.List<String> restFaults() {
        return java.util.List.of("rest429", "rest418");
    }
}
