package io.xgate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Simulated dialects come from the one registration point, by the venue file's {@code dialect}. */
class SimDialectsTest {

    @Test
    void registeredDialectsAreFoundByName() {
        SimDialects d = SimDialects.load();
        assertEquals("binance", d.of("binance").name());
        assertEquals("kraken", d.of("kraken").name());
        assertEquals("okx", d.of("okx").name());
    }

    @Test
    void anUnknownDialectIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimDialects.load().of("mtgox"));
        assertTrue(e.getMessage().startsWith("the simulator has no dialect 'mtgox'; known dialects: [binance, kraken"),
                e.getMessage());
    }
}
