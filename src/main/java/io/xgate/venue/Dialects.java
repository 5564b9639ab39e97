package io.xgate.venue;

import io.xgate.config.DialectSchema;
import io.xgate.config.VenueConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of wire dialects: every {@link Dialect} registered in
 * {@code META-INF/services/io.xgate.config.DialectSchema}, the one place a dialect is named outside its own
 * package.
 */
public final class Dialects {

    private static final Map<String, Dialect> BY_NAME;

    static {
        Map<String, Dialect> m = new LinkedHashMap<>();
        for (DialectSchema s : DialectSchema.registered().values()) {
            if (!(s instanceof Dialect d)) {
                throw new IllegalStateException("registered dialect '" + s.name() + "' (" + s.getClass().getName()
                        + ") does not implement " + Dialect.class.getName());
            }
            m.put(d.name(), d);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private Dialects() {
    }

    /** The dialect of a venue (its file's {@code dialect:}, validated when the configuration was loaded). */
    public static Dialect of(VenueConfig venue) {
        return named(venue.dialect());
    }

    /** The dialect of that name; fails with the known names if there is none. */
    public static Dialect named(String name) {
        Dialect d = BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException("'" + name + "' is not a known dialect; expected one of " + names());
        }
        return d;
    }

    /** The names of every registered dialect, in registration order. */
    public static List<String> names() {
        return new ArrayList<>(BY_NAME.keySet());
    }
}
