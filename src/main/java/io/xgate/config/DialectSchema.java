package io.xgate.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What the configuration needs to know of a wire dialect: its name (the {@code dialect:} value of a venue file)
 * and its own rules for a venue file, checked after the common ones. Every dialect registers exactly once, in
 * {@code META-INF/services/io.xgate.config.DialectSchema}; the runtime side of the same object is
 * {@code io.xgate.venue.Dialect}.
 */
public interface DialectSchema {

    /** The {@code dialect:} value that selects this dialect, e.g. {@code binance}. */
    String name();

    /**
     * Checks a loaded venue file against this dialect's own rules (valid depths, required credentials, ...).
     *
     * @param venue    the venue file, as loaded
     * @param problems makes the exception to throw, pointing at a key of the venue file
     * @throws ConfigException when the file breaks a rule
     */
    default void check(VenueConfig venue, Problems problems) {
    }

    /**
     * The scope of a limit class whose venue-file entry gives none: {@link VenueConfig.RateLimit.Scope#CLUSTER}
     * for the classes the venue counts per IP (every node behind the address spends the one budget),
     * {@link VenueConfig.RateLimit.Scope#NODE} for those it counts per API key or account (order limits: each
     * node has its own key). By default every class is node-scoped.
     *
     * @param limitClass the class's {@code name} in the venue file's {@code rateLimits}
     */
    default VenueConfig.RateLimit.Scope defaultScope(String limitClass) {
        return VenueConfig.RateLimit.Scope.NODE;
    }

    /** Makes a {@link ConfigException} that names the venue file, the key's line and the problem. */
    @FunctionalInterface
    interface Problems {
        /** An error at {@code key}: a top-level key of the venue file, or a dotted one ({@code credentials.passphrase}). */
        ConfigException at(String key, String problem);
    }

    /** The registered dialects by name, in registration order. */
    static Map<String, DialectSchema> registered() {
        Map<String, DialectSchema> out = new LinkedHashMap<>();
        for (DialectSchema d : ServiceLoader.load(DialectSchema.class, DialectSchema.class.getClassLoader())) {
            if (out.putIfAbsent(d.name(), d) != null) {
                throw new IllegalStateException("dialect '" + d.name() + "' is registered twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
