package io.xgate.sim.okx;

import io.xgate.sim.SimDialect;
import io.xgate.sim.SimVenue;

/** The simulated OKX v5 dialect: public WebSocket, public REST and trade endpoints ({@code dialect: okx}). */
public final class OkxSimDialect implements SimDialect {

    @Override
    public String name() {
        return "okx";
    }

    @Override
    public SimVenue open(SimVenue.Setup setup) {
        return new OkxSimServer(setup);
    }

    /** The documented sequence exceptions must cause no resync. */
    @Override
    public java.util.List<String> messageFaults() {
        return java.util.List.of("dropped", "malformed", "badChecksum", "zeroChecksum", "keepalive", "seqReset", "noSnapshot");
    }

    @Override
    public java.util.List<String> restFaults() {
        return java.util.List.of("rest429");
    }
}
