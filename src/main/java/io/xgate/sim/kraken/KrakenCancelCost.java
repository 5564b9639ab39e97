package io.xgate.sim.kraken;

/**
 * What cancelling an order costs on Kraken's trading counter, by the order's age, from the documented table
 * (protocol reference 2.5): under 5 s 8, 5-10 s 6, 10-15 s 5, 15-45 s 4, 45-90 s 2, 90-300 s 1, from 300 s 0.
 */
public final class KrakenCancelCost {

    private KrakenCancelCost() {
    }

    /** The counter cost of cancelling an order {@code ageMillis} old. */
    public static int of(long ageMillis) {
        if (ageMillis < 5_000) {
            return 8;
        } else if (ageMillis < 10_000) {
            return 6;
        } else if (ageMillis < 15_000) {
            return 5;
        } else if (ageMillis < 45_000) {
            return 4;
        } else if (ageMillis < 90_000) {
            return 2;
        } else if (ageMillis < 300_000) {
            return 1;
        }
        return 0;
    }
}
