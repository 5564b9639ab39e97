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

    /**
     * The per-message faults this dialect's venues can inject, by the names {@code FaultInjector} counts them under
     * (the chaos schedule picks among them): at least drops and malformed frames.
     */
    default java.util.List<String> messageFaults() {
        return java.util.List.of("dropped", "malformed");
    }

    /** The REST faults this dialect's venues can inject on market-data requests ({@code rest429}, {@code rest418}). */
    default java.util.List<String> restFaults() {
        return java.util.List.of();
    }
}
