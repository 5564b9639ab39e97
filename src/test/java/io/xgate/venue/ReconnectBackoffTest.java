package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A venue that accepts and drops every connection must not see a storm: with the default back-off (250 ms doubling
 * to 30 s, jitter 0.2), at most 8 connection attempts in the first 60 s, whatever the jitter draws, because the
 * delay is reset only by a stable connection, never by a successful connect.
 */
class ReconnectBackoffTest {

    private static int attemptsWithin(long windowMillis, double draw) {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), 0.2, () -> draw);
        int attempts = 1; // the first connect
        long t = 0;
        while (true) {
            t += b.next();
            if (t >= windowMillis) {
                return attempts;
            }
            attempts++;
        }
    }

    @Test
    void atMostEightAttemptsInSixtySecondsWhateverTheJitter() {
        for (double draw : new double[] {0, 0.25, 0.5, 0.999_999}) {
            int n = attemptsWithin(60_000, draw);
            assertTrue(n <= 8, "jitter draw " + draw + ": " + n + " attempts in 60 s");
        }
        assertEquals(8, attemptsWithin(60_000, 0), "the schedule without jitter: 0, .25, .75, 1.75, 3.75, 7.75, "
                + "15.75, 31.75 s");
    }

    @Test
    void doublesToTheCapAndResetsOnlyWhenTold() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), 0.2, () -> 0);
        long[] delays = new long[10];
        for (int k = 0; k < delays.length; k++) {
            delays[k] = b.next();
        }
        assertEquals("[250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]",
                java.util.Arrays.toString(delays));
        assertEquals(10, b.attempts());
        b.reset();
        assertEquals(250, b.next(), "after a stable connection the next failure starts from the initial delay");
    }

    @Test
    void jitterIsAddedNeverTakenOff() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(1000), Duration.ofSeconds(30), 0.2, () -> 0.5);
        assertEquals(1100, b.next());
    }
}
