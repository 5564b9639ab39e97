package io.xgate.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.sim.ChaosSchedule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak harness's short run (2 minutes, a checkpoint every 30 s) on the shipped configuration, all five venues,
 * with a light fault schedule: at every checkpoint every book equals the simulator's truth, and no count the gateway
 * holds (threads, open files, consumers, timers, meters) climbs. The heap after GC may end 50 % above the first
 * checkpoint's here, not 10 %: 30 s in, a 20 MB heap is still warming up (a 5 MB step was seen), and the hour-long
 * run, whose first checkpoint is a minute in, is where the 10 % is judged. The leak of a closed connection's
 * timers grew it tenfold.
 */
class SoakHarnessTest {

    @TempDir
    Path dir;

    @Test
    void twoMinutesAtAConstantRateHoldNothingMore() throws Exception {
        GatewayConfig config = new ConfigLoader(k -> null).load(DefaultConfig.onFreePorts(dir));
        StringWriter progress = new StringWriter();
        SoakHarness.Report r = new SoakHarness(new PrintWriter(progress, true)).run(config, new SoakHarness.Options(
                Duration.ofMinutes(2), 5_000, Duration.ofSeconds(30),
                ChaosSchedule.Settings.defaults(11).every(Duration.ofSeconds(10)), 0.50, Duration.ofSeconds(60)));
        StringWriter table = new StringWriter();
        r.print(new PrintWriter(table, true));
        System.out.println(table);
        String report = table + "\n" + progress;
        assertTrue(r.failures().isEmpty(), report);
        assertEquals(4, r.checkpoints().size(), report);
        assertTrue(r.checkpoints().stream().allMatch(c -> c.bookCount() == 12 && c.books() == 12), report);
        assertTrue(r.checkpoints().get(r.checkpoints().size() - 1).faults() > 0, "no fault injected: " + report);
        assertTrue(r.checkpoints().stream().allMatch(c -> c.census().consumers() > 0 && c.census().timers() > 0),
                "the census reads Vert.x's consumers and timers: " + report);
    }
}
