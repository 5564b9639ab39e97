package io.xgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.Side;
import io.xgate.event.Trade;
import org.junit.jupiter.api.Test;

/** The consumers' fence: per venue, nothing below the highest epoch seen; venues apart; epoch 0 until one is seen. */
class EpochFenceTest {

    private static Trade trade(String venue, long epoch) {
        return new Trade(venue, "BTC-USDT", 1, 0, 1, 2, Side.BUY, 100, 1, 2, 8).withEpoch(epoch);
    }

    @Test
    void dropsWhatAnOldLeaderPublishesOnceANewOneHas() {
        EpochFence f = new EpochFence();
        assertEquals(-1, f.highest("binance"));
        assertTrue(f.accept(trade("binance", 0)), "no election seen yet: epoch 0 passes");
        assertTrue(f.accept(trade("binance", 5)));
        assertTrue(f.accept(trade("binance", 5)), "the same leader again");
        assertFalse(f.accept(trade("binance", 4)), "an old leader, after the new one published");
        assertFalse(f.accept(trade("binance", 0)), "a node without an election, after one was seen");
        assertTrue(f.accept(trade("kraken", 1)), "each venue has its own leaders");
        assertTrue(f.accept(trade("binance", 9)), "a newer leader");
        assertFalse(f.accept(trade("binance", 5)));
        assertEquals(9, f.highest("binance"));
        assertEquals(3, f.dropped());
    }

    @Test
    void withoutAnElectionEveryNodePublishesAndEveryRoleIsTheLeadersRole() {
        VenueRole alone = Leadership.NONE.role("binance");
        assertTrue(alone.publishes());
        assertFalse(alone.elected());
        assertEquals(0, alone.epoch());
        VenueRole elected = VenueRole.elected("binance");
        assertFalse(elected.publishes(), "a standby until elected");
        elected.lead(7, System.nanoTime() + 1_000_000_000L);
        assertTrue(elected.publishes());
        elected.renewed(System.nanoTime() - 1);
        assertFalse(elected.publishes(), "a lease past its time: self-fenced");
        elected.withheld();
        assertEquals(1, elected.withheldCount());
        elected.selfFence(false);
        assertTrue(elected.publishes(), "self-fencing off (tests of the consumers' fence)");
        elected.standby();
        assertFalse(elected.publishes());
    }
}
