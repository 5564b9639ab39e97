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

    /** A restart and a mid-stream snapshot are not breaks. */
    @Override
    public java.util.List<String> messageFaults() {
        return java.util.List.of("dropped", "malformed", "corrupted", "restart", "midSnapshot", "earlySnapshot");
    }

    @Override
    public java.util.List<String> restFaults() {
        return java.util.List.of("rest429", "rest418");
    }
}
