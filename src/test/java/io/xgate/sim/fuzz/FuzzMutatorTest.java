package io.xgate.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzz mode's own mutation kinds do what they say, reproducibly, and {@link JsonCheck} judges them strictly. */
class FuzzMutatorTest {

    private static final String DEPTH = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,"
            + "\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"b\":[[\"60000.01\",\"0.5\"]],\"a\":[[\"60000.02\",\"1.25\"]]}}";

    @Test
    void eachKindIsWhatItSays() {
        FuzzMutator m = new FuzzMutator(1, List.of("BTCUSDT"));
        long invalidRefused = 0;
        for (int i = 0; i < 5_000; i++) {
            FuzzMutator.Mutant x = m.mutate(DEPTH);
            boolean json = JsonCheck.read(x.bytes(), Set.of(), new HashSet<>());
            switch (x.kind()) {
                case DEEP_NESTING, DEEP_UNBALANCED -> assertFalse(json, x.kind().name());
                case INVALID_UTF8 -> {
                    // no UTF-8 for the JDK's strict decoder; Jackson takes some of them (an encoded surrogate, a
                    // code point past U+10FFFF) as it takes them from a venue: those count as well-formed
                    assertThrows(java.nio.charset.CharacterCodingException.class, () -> StandardCharsets.UTF_8
                            .newDecoder().decode(java.nio.ByteBuffer.wrap(x.bytes())));
                    invalidRefused += json ? 0 : 1;
                }
                case UNKNOWN_SYMBOL -> {
                    assertTrue(json);
                    String text = new String(x.bytes(), StandardCharsets.UTF_8);
                    assertTrue(text.contains("\"ZZBTCUSDT\"") && text.contains("zzbtcusdt@depth"), text);
                }
                case BINARY_FRAME, BINARY_GARBAGE -> assertTrue(x.binary());
                default -> assertFalse(x.binary());
            }
            if (x.kind() == FuzzMutator.Kind.DEEP_NESTING) {
                assertTrue(x.bytes().length > 2 * FuzzMutator.DEEP);
            }
        }
        for (FuzzMutator.Kind k : FuzzMutator.Kind.values()) {
            assertTrue(m.count(k) > 0, k.name());
        }
        assertTrue(invalidRefused > m.count(FuzzMutator.Kind.INVALID_UTF8) / 2, invalidRefused + " refused");
    }

    @Test
    void aSeedFixesTheMutants() {
        FuzzMutator a = new FuzzMutator(9, List.of("BTCUSDT"));
        FuzzMutator b = new FuzzMutator(9, List.of("BTCUSDT"));
        for (int i = 0; i < 1_000; i++) {
            FuzzMutator.Mutant x = a.mutate(DEPTH);
            FuzzMutator.Mutant y = b.mutate(DEPTH);
            assertEquals(x.kind(), y.kind());
            assertArrayEquals(x.bytes(), y.bytes());
        }
    }

    @Test
    void theStrictParserReadsTheSequenceKeysAndRefusesWhatJacksonRefuses() {
        Set<String> values = new HashSet<>();
        assertTrue(JsonCheck.read(DEPTH.getBytes(StandardCharsets.UTF_8), Set.of("U", "u"), values));
        assertEquals(Set.of("157", "160"), values);
        for (String bad : List.of("", "{", "{\"a\":1}}", "{\"a\":01}", "{\"a\":NaN}", "[1,]", "{\"a\":1} x",
                "[".repeat(1_001) + "]".repeat(1_001))) {
            assertFalse(JsonCheck.read(bad.getBytes(StandardCharsets.UTF_8), Set.of(), new HashSet<>()), bad);
        }
        assertFalse(JsonCheck.read(new byte[] {'"', (byte) 0xC3, '(', '"'}, Set.of(), new HashSet<>()));
        assertTrue(JsonCheck.read("[[[1]]]".getBytes(StandardCharsets.UTF_8), Set.of(), new HashSet<>()));
    }
}
