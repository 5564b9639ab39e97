package io.xgate.venue;

import io.xgate.config.Instrument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Venue message fixtures, copied byte for byte from the protocol reference into test resources. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The bytes of {@code fixtures/<name>}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instrument with the given scales. */
    public static Instrument instrument(String symbol, String venueSymbol, int priceScale, int sizeScale) {
        return new Instrument(symbol, venueSymbol, priceScale, 1, sizeScale, 1);
    }
}
