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
}
