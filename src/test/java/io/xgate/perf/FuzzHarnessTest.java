package io.xgate.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short version of {@code xgate fuzz}: every dialect's venue (the shipped venue files, on free ports) sends 20,000
 * mutated frames at 5,000/s through real WebSockets into a running gateway, and every check of the full run must pass:
 * no crash, no event-loop stall over 100 ms (unless the machine itself held an idle thread up as long), no protocol
 * failure, every frame a strict parser refuses counted as a bad frame, and every book LIVE and equal to the
 * simulator's truth once the market froze. The resync back-off is capped at 1 s here (the shipped files' 30 s would
 * leave a book resyncing longer than a test should wait).
 */
class FuzzHarnessTest {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzHarnessTest.class);
    private static final long FRAMES = Long.getLong("xgate.it.fuzz.frames", 20_000);

    @Test
    void everyDialectSurvivesItsMutantsAndItsBooksComeBackRight() throws Exception {
        StringWriter progress = new StringWriter();
        FuzzHarness.Result r = new FuzzHarness(new FuzzHarness.Settings(Path.of("conf/venues"),
                List.of("binance", "kraken", "okx", "bybit"), FRAMES, 5_000, 7, "1s", Duration.ofSeconds(30)),
                new PrintWriter(progress, true)).run();
        StringWriter table = new StringWriter();
        FuzzHarness.print(r, new PrintWriter(table, true));
        LOG.info("fuzz harness (short):\n{}{}", progress, table);
        assertTrue(r.passed(), () -> "failed checks: " + r.failures() + "\n" + table);
        assertEquals(4, r.venues().size());
        for (FuzzHarness.VenueResult v : r.venues()) {
            assertEquals(FRAMES, v.fuzz().sent(), v.venue());
            // the mutants reached the gateway's code: each kind, and many of them refused
            assertTrue(v.fuzz().byKind().size() == io.xgate.sim.fuzz.FuzzMutator.Kind.values().length, v.venue()
                    + " " + v.fuzz().byKind());
            assertTrue(v.badFrames() >= v.fuzz().notJson() + v.fuzz().unknownSymbol()
                    && v.fuzz().notJson() > FRAMES / 10, v.venue());
        }
    }
}
