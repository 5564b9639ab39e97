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
}
