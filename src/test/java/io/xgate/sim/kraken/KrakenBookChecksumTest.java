package io.xgate.sim.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.num.Decimals;
import org.junit.jupiter.api.Test;

/** The simulator's own Kraken checksum, against the official vector C1 of the protocol reference (2.3). */
class KrakenBookChecksumTest {

    private static final String[][] BIDS = {{"45283.5", "0.10000000"}, {"45283.4", "1.54582015"},
        {"45282.1", "0.10000000"}, {"45281.0", "0.10000000"}, {"45280.3", "1.54592586"}, {"45279.0", "0.07990000"},
        {"45277.6", "0.03310103"}, {"45277.5", "0.30000000"}, {"45277.3", "1.54602737"}, {"45276.6", "0.15445238"}};
    private static final String[][] ASKS = {{"45285.2", "0.00100000"}, {"45286.4", "1.54571953"},
        {"45286.6", "1.54571109"}, {"45289.6", "1.54560911"}, {"45290.2", "0.15890660"}, {"45291.8", "1.54553491"},
        {"45294.7", "0.04454749"}, {"45296.1", "0.35380000"}, {"45297.5", "0.09945542"}, {"45299.5", "0.18772827"}};

    private static KrakenDepthView c1() {
        KrakenDepthView view = new KrakenDepthView();
        for (String[] l : BIDS) {
            view.set(false, Decimals.parse(l[0], 1), Decimals.parse(l[1], 8));
        }
        for (String[] l : ASKS) {
            view.set(true, Decimals.parse(l[0], 1), Decimals.parse(l[1], 8));
        }
        return view;
    }

    @Test
    void officialVectorC1() {
        assertEquals(3310070434L, new KrakenBookChecksum().compute(c1(), 1, 8));
    }

    @Test
    void onlyTheTopTenLevelsCount() {
        KrakenDepthView view = c1();
        view.set(false, Decimals.parse("45270.0", 1), Decimals.parse("9", 8)); // an 11th bid, below the ten
        view.set(true, Decimals.parse("45300.0", 1), Decimals.parse("9", 8));
        assertEquals(3310070434L, new KrakenBookChecksum().compute(view, 1, 8));
    }

    @Test
    void aChangedLevelChangesIt() {
        KrakenDepthView view = c1();
        view.set(true, Decimals.parse("45285.2", 1), Decimals.parse("0.002", 8));
        org.junit.jupiter.api.Assertions.assertNotEquals(3310070434L, new KrakenBookChecksum().compute(view, 1, 8));
    }
}
