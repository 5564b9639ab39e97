package io.xgate.sim.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kraken's documented cancel costs by order age (protocol reference 2.5), at each boundary. */
class KrakenCancelCostTest {

    @Test
    void theDocumentedTable() {
        assertEquals(8, KrakenCancelCost.of(0));
        assertEquals(8, KrakenCancelCost.of(4_999));
        assertEquals(6, KrakenCancelCost.of(5_000));
        assertEquals(6, KrakenCancelCost.of(9_999));
        assertEquals(5, KrakenCancelCost.of(10_000));
        assertEquals(5, KrakenCancelCost.of(14_999));
        assertEquals(4, KrakenCancelCost.of(15_000));
        assertEquals(4, KrakenCancelCost.of(44_999));
        assertEquals(2, KrakenCancelCost.of(45_000));
        assertEquals(2, KrakenCancelCost.of(89_999));
        assertEquals(1, KrakenCancelCost.of(90_000));
        assertEquals(1, KrakenCancelCost.of(299_999));
        assertEquals(0, KrakenCancelCost.of(300_000));
        assertEquals(0, KrakenCancelCost.of(86_400_000));
    }
}
