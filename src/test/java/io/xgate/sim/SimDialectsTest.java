package io.xgate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Simulated dialects come from the one registration point, by the venue file's {@code dialect}. */
class SimDialectsTest {

    @Test
    void registeredDialectsAreFoundByName() {
        SimDialects d = SimDialects.load();
        assertEquals("binance", d.of("binance").name());
        assertEquals("kraken", d.of("kraken").name());
    }

    @Test
    void anUnknownDialectIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimDialects.load().of("okx"));
        assertEquals("the simulator has no dialect 'okx'; known dialects: [binance, kraken, bybit]", e.getMessage());
    }
}
