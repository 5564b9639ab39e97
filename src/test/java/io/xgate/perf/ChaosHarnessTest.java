package io.xgate.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.sim.ChaosSchedule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos harness's short run (2 minutes) on the shipped configuration, all five venues: every book must come
 * back LIVE and equal to the simulator's truth, no break may lack a fault that explains it, and each venue's faults
 * must show their own resync cause (a Binance drop is a gap, not a cross-check: with the gap rule broken, the
 * bookTicker cross-check would still heal the book, and only this tells).
 */
class ChaosHarnessTest {

    @TempDir
    Path dir;

    @Test
    void twoMinutesOfEveryFaultOnEveryVenue() throws Exception {
        GatewayConfig config = new ConfigLoader(k -> null).load(DefaultConfig.onFreePorts(dir));
        StringWriter progress = new StringWriter();
        ChaosHarness.Report r = new ChaosHarness(new PrintWriter(progress, true)).run(config, new ChaosHarness.Options(
                Duration.ofMinutes(2), ChaosSchedule.Settings.defaults(7).every(Duration.ofMillis(1500)),
                Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofSeconds(120)));
        StringWriter table = new StringWriter();
        r.print(new PrintWriter(table, true));
        System.out.println(table);
        String report = table + "\n" + progress;
        assertTrue(r.passed(), report);
        assertTrue(r.books().size() == 12, "every book compared: " + report);
        assertTrue(r.rotations().values().stream().mapToLong(Long::longValue).sum() > 0, "no rotation: " + report);
        // each fault class that was injected shows its own mechanism
        cause(r, "binance", "dropped", "gap", report);
        cause(r, "binance", "corrupted", "cross_check", report);
        cause(r, "binanceus", "dropped", "gap", report);
        cause(r, "kraken", "badChecksum", "checksum", report);
        cause(r, "okx", "badChecksum", "checksum", report);
        cause(r, "okx", "dropped", "gap", report);
        cause(r, "bybit", "corrupted", "cross_check", report);
        long lost = 0;
        for (String v : List.of("binance", "binanceus", "kraken", "okx", "bybit")) {
            Map<String, FaultTracker.Row> rows = r.rows().get(v);
            lost += rows.getOrDefault("disconnect", new FaultTracker.Row()).breaks()
                    + rows.getOrDefault("flap", new FaultTracker.Row()).breaks();
            assertTrue(rows.values().stream().mapToLong(FaultTracker.Row::resyncs).sum() > 0, v + ": no resync: "
                    + report);
        }
        // which venue a dropped connection hits is the schedule's draw (a flap that only meets a rotation's new
        // connection breaks nothing, rightly): some must have
        assertTrue(lost > 0, "no connection was lost: " + report);
    }

    /**
     * If {@code fault} resynced the venue's books, {@code cause} is the most frequent cause the gateway gave (another
     * fault of the same book within the window may claim a few).
     */
    private static void cause(ChaosHarness.Report r, String venue, String fault, String cause, String report) {
        FaultTracker.Row row = r.rows().get(venue).get(fault);
        if (row != null && row.resyncs() > 0) {
            long mine = row.causes().getOrDefault(cause, 0L);
            assertTrue(row.causes().values().stream().allMatch(n -> n <= mine), venue + ": " + fault + " resynced "
                    + row.resyncs() + " books, by " + row.causes() + ", mostly not by " + cause + ": " + report);
        }
    }
}
