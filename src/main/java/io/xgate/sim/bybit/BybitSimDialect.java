package io.xgate.sim.bybit;

import io.xgate.sim.SimDialect;
import io.xgate.sim.SimVenue;

/** The simulated Bybit v5 dialect: public spot and linear WebSockets, market and order REST ({@code dialect: bybit}). */
public final class BybitSimDialect implements SimDialect {

    @Override
    public String name() {
        return "bybit";
    }

    @Override
    public SimVenue open(SimVenue.Setup setup) {
        return new BybitSimServer(setup);
    }
}
