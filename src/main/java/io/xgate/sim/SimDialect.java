package io.xgate.sim;

/**
 * One simulated wire dialect: opens a simulated venue that speaks it. Implementations live in
 * {@code io.xgate.sim.<dialect>} and are registered in one place,
 * {@code META-INF/services/io.xgate.sim.SimDialect} (see {@link SimDialects}); a venue file's {@code dialect}
 * names one by {@link #name()}.
 */
public interface SimDialect {

    /** The dialect's name, as a venue file's {@code dialect} gives it. */
    String name();

    /** A simulated venue of this dialect (not yet listening). */
    SimVenue open(SimVenue.Setup setup);

    /**
     * For a dialect whose venues the constant-rate driver can drive (frames carry an update id that a
     * {@code BookTop} reports, see {@link SimVenue#drivable()}): the venue file of a venue {@code id} of this
     * dialect on loopback {@code port}, quoting {@code BTC-USDT} and {@code ETH-USDT} (the latency harness). Else
     * {@code null}.
     */
    default String drivableVenueFile(String id, int port) {
        return null;
    }
}
