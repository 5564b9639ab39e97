package io.xgate.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The one registration point of simulated dialects: every {@link SimDialect} listed in
 * {@code META-INF/services/io.xgate.sim.SimDialect}, by name.
 */
public final class SimDialects {

    private final Map<String, SimDialect> byName = new LinkedHashMap<>();

    /** The dialects registered on the class path. */
    public static SimDialects load() {
        SimDialects d = new SimDialects();
        for (SimDialect dialect : ServiceLoader.load(SimDialect.class, SimDialects.class.getClassLoader())) {
            SimDialect before = d.byName.putIfAbsent(dialect.name(), dialect);
            if (before != null) {
                throw new IllegalStateException("two simulated dialects are named '" + dialect.name() + "': "
                        + before.getClass().getName() + " and " + dialect.getClass().getName());
            }
        }
        return d;
    }

    /** The first registered dialect whose venues the constant-rate driver can drive, if any. */
    public java.util.Optional<SimDialect> drivable() {
        return byName.values().stream().filter(d -> d.drivableVenueFile("probe", 1) != null).findFirst();
    }

    /**
     * The dialect of this name.
     *
     * @throws IllegalArgumentException naming the dialect and the known ones, if none is registered under it
     */
    public SimDialect of(String name) {
        SimDialect d = byName.get(name);
        if (d == null) {
            throw new IllegalArgumentException("the simulator has no dialect '" + name + "'; known dialects: "
                    + byName.keySet());
        }
        return d;
    }
}
