package io.xgate.sim.kraken;

import io.xgate.sim.SimDialect;
import io.xgate.sim.SimVenue;

/** The simulated Kraken Spot dialect: WebSocket v2 and REST ({@code dialect: kraken}). */
public final class KrakenSimDialect implements SimDialect {

    @Override
    public String name() {
        return "kraken";
    }

    @Override
    public SimVenue open(SimVenue.Setup setup) {
        return new KrakenSimServer(setup);
    }

    /** No sequence: a drop shows as a checksum mismatch. */
    @Override
    public java.util.List<String> messageFaults() {
        return java.util.List.of("dropped", "malformed", "badChecksum");
    }
}
