package io.xgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The venue's clock from a round trip: midpoint, the venue's resolution, and the skew check. */
class ServerClockTest {

    @Test
    void theOffsetIsTakenAtTheRoundTripsMidpoint() {
        ServerClock c = new ServerClock();
        assertFalse(c.known());
        assertNull(c.check(5_000), "nothing to say before a sample");
        c.sample(1_000, 5_050, 1_100, 1);
        assertTrue(c.known());
        assertEquals(100, c.rttMillis());
        assertEquals(4_000, c.offsetMillis(), "the venue said 5050 at our 1050");
        long venueNow = c.venueNowMillis();
        assertTrue(Math.abs(venueNow - (System.currentTimeMillis() + 4_000)) < 1_000);

        c.sample(1_000, 5_000, 1_100, 1_000);
        assertEquals(4_450, c.offsetMillis(), "a whole-second answer stands for the middle of its second");
    }

    @Test
    void aSkewBeyondTheWindowIsReportedWithItsDirection() {
        ServerClock c = new ServerClock();
        c.sample(10_000, 14_000, 10_000, 1);
        assertNull(c.check(5_000), "4 s inside a 5 s window");
        c.sample(10_000, 16_000, 10_020, 1);
        String behind = c.check(5_000);
        assertTrue(behind.startsWith("the local clock is 5990 ms behind the venue's (round trip 20 ms)"), behind);
        c.sample(10_000, 3_000, 10_000, 1);
        assertTrue(c.check(5_000).contains("7000 ms ahead of the venue's"), c.check(5_000));
    }
}
