package io.xgate.sim.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented truncation rule (protocol reference 2.2): after each update, keep the subscribed depth. */
class KrakenDepthViewTest {

    @Test
    void anInsertInTheMiddleOfAFullDepthDropsTheWorstLevel() {
        KrakenDepthView view = new KrakenDepthView();
        for (int k = 0; k < 10; k++) {
            view.set(false, 1_000 - 2 * k, 1);  // bids 1000, 998, ... 982
            view.set(true, 1_001 + 2 * k, 1);   // asks 1001, 1003, ... 1019
        }
        view.set(false, 995, 5); // an 11th bid in the middle; Kraken sends no delete for 982
        view.set(true, 1_004, 5);
        view.truncate(10);
        assertEquals(10, view.count(false));
        assertEquals(10, view.count(true));
        assertEquals(984L, view.bids().lastKey(), "the worst bid (982) is dropped");
        assertEquals(1_017L, view.asks().lastKey(), "the worst ask (1019) is dropped");
        assertEquals(5, view.sizeAt(false, 995));
    }

    @Test
    void aThinSideIsLeftAlone() {
        KrakenDepthView view = new KrakenDepthView();
        view.set(false, 10, 1);
        view.set(false, 9, 1);
        view.truncate(10);
        assertEquals(List.of(10L, 9L), List.copyOf(view.bids().keySet()));
    }

    @Test
    void zeroQuantityDeletes() {
        KrakenDepthView view = new KrakenDepthView();
        view.set(true, 10, 1);
        view.set(true, 10, 0);
        assertEquals(0, view.count(true));
    }
}
