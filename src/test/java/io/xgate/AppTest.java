package io.xgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.xgate.venue.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help on every command, exit codes, and configuration errors reported as one line. */
class AppTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return App.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("run"), out.toString());
        assertTrue(out.toString().contains("check"), out.toString());
        assertTrue(out.toString().contains("sim"), out.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"run", "check", "sim"}) {
            assertEquals(0, run(cmd, "--help"), cmd);
            assertTrue(out.toString().contains("--config"), cmd + ": " + out);
        }
    }

    @Test
    void runIsTheDefaultCommand() {
        assertArrayEquals(new String[] {"run"}, App.withDefaultCommand(new String[0]));
        assertArrayEquals(new String[] {"run", "--config", "x.yaml"},
                App.withDefaultCommand(new String[] {"--config", "x.yaml"}));
        assertArrayEquals(new String[] {"--version"}, App.withDefaultCommand(new String[] {"--version"}));
        assertArrayEquals(new String[] {"run", "--cluster-host=10.0.0.1"},
                App.withDefaultCommand(new String[] {"--cluster-host=10.0.0.1"}));
    }

    @Test
    void anUnknownTopLevelOptionIsRefusedWithTheTopLevelUsage() {
        assertEquals(App.EXIT_USAGE, run("--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Usage: xgate [-hV] [COMMAND]"), "the top-level usage: " + err);
        assertFalse(err.toString().contains("Usage: xgate run"), "not run's: " + err);
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("xgate --config conf/live.yaml    is    xgate run --config conf/live.yaml"),
                "the top-level help names the --config shortcut: " + out);
    }

    @Test
    void checkValidatesTheShippedConfiguration() {
        assertEquals(0, run("check", "--config", "conf/xgate.yaml"), err.toString());
        assertTrue(out.toString().contains("venue kraken (kraken dialect)"), out.toString());
        assertTrue(out.toString().contains("BTC-USDT   -> BTC/USDT"), out.toString());
        assertTrue(out.toString().contains("analytics on for [binance, binanceus, kraken, okx, bybit]: candles [1s, 1m], "
                + "indicators {1m=[EMA(20), TEMA(14)]}"), out.toString());
    }

    @Test
    void aBadConfigurationExitsWithUsageCodeAndOneClearLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xgate.yaml");
        Files.writeString(f, "venues: [binance]\nvenuesDir: " + Path.of("conf/venues").toAbsolutePath()
                + "\nadmin:\n  prot: 8080\n");
        assertEquals(App.EXIT_USAGE, run("--config", f.toString()));
        assertEquals("xgate: configuration error: " + f + ":4: admin.prot: unknown key (did you mean 'port'?); "
                + "expected one of: enabled, host, port, idleTimeout, headerTimeout, maxUrlLength, maxHeaderSize, maxConnections, token", err.toString().trim());
        assertEquals(App.EXIT_USAGE, run("check", "--config", dir.resolve("missing.yaml").toString()));
        assertTrue(err.toString().contains("missing.yaml: file not found"), err.toString());
    }

    /**
     * check refuses what run's start-up would (Gateway.validate), with file, line and key: high availability without
     * the cluster (unless checked as run --cluster), a Hazelcast file that is not Hazelcast XML.
     */
    @Test
    void checkRefusesWhatRunsStartUpWould(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xgate.yaml");
        String gateway = "venues: [binance]\nvenuesDir: " + Path.of("conf/venues").toAbsolutePath() + "\n";
        Files.writeString(f, gateway + "ha:\n  enabled: true\n");
        assertEquals(App.EXIT_USAGE, run("check", "--config", f.toString()));
        assertEquals("xgate: configuration error: " + f + ":4: ha.enabled: needs the cluster: set cluster.enabled: "
                + "true, or run (and check) with --cluster", err.toString().trim());
        assertEquals("", out.toString());
        assertEquals(App.EXIT_USAGE, run("--config", f.toString()), "run refuses it the same way, before starting");
        err.getBuffer().setLength(0);
        assertEquals(0, run("check", "--cluster", "--config", f.toString()), err.toString());
        assertTrue(out.toString().contains("cluster on ('xgate')"), out.toString());

        Files.writeString(dir.resolve("hz.xml"), "<hazelcast><network><port>");
        Files.writeString(f, gateway + "cluster:\n  hazelcastConfig: hz.xml\n");
        err.getBuffer().setLength(0);
        assertEquals(App.EXIT_USAGE, run("check", "--config", f.toString()));
        assertTrue(err.toString().startsWith("xgate: configuration error: " + f + ":4: cluster.hazelcastConfig: "
                + dir.resolve("hz.xml") + " is not a Hazelcast XML configuration: "), err.toString());
    }

    /** {@code xgate sign} reproduces both official vectors and explains a mismatched nonce. */
    @Test
    void signPrintsTheVenuesOfficialSignatures(@TempDir Path dir) throws Exception {
        Path binance = dir.resolve("binance.secret");
        Files.writeString(binance, Vectors.BINANCE_SECRET + "\n");
        assertEquals(0, run("sign", "--dialect", "binance", "--secret-file", binance.toString(), "--payload",
                Vectors.BINANCE_PAYLOAD), err.toString());
        assertEquals(Vectors.BINANCE_SIGNATURE, out.toString().trim());
        Path kraken = dir.resolve("kraken.secret");
        Files.writeString(kraken, Vectors.KRAKEN_SECRET);
        out.getBuffer().setLength(0);
        assertEquals(0, run("sign", "--dialect", "kraken", "--secret-file", kraken.toString(), "--path",
                "/0/private/AddOrder", "--payload", Vectors.KRAKEN_PAYLOAD), err.toString());
        assertEquals(Vectors.KRAKEN_SIGNATURE, out.toString().trim());
        assertEquals(2, run("sign", "--dialect", "kraken", "--secret-file", kraken.toString(), "--path",
                "/0/private/AddOrder", "--nonce", "1", "--payload", Vectors.KRAKEN_PAYLOAD));
        assertTrue(err.toString().contains("differs from the payload's nonce=1616492376594"), err.toString());
        Path bybit = dir.resolve("bybit.secret");
        Files.writeString(bybit, "VDFZSSPUTKRJMXAVMJXBHEXIPZNZJIZUBVRQ\n");
        out.getBuffer().setLength(0);
        assertEquals(0, run("sign", "--dialect", "bybit", "--secret-file", bybit.toString(), "--payload",
                "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C"), err.toString());
        assertEquals("efa02766068b9b28c70b29d2738c5e9fea0cd47e2419f63f9e0246eaeb1f3897", out.toString().trim(),
                "protocol reference 4.3, self-generated");
        assertEquals(2, run("sign", "--dialect", "binance", "--secret-env", "XGATE_SURELY_UNSET_VARIABLE",
                "--payload", "a=1"));
        assertTrue(err.toString().contains("XGATE_SURELY_UNSET_VARIABLE is not set"), err.toString());
        assertTrue(!out.toString().contains(Vectors.BINANCE_SECRET)
                && !err.toString().contains(Vectors.KRAKEN_SECRET), "no secret is ever printed");
    }

    /** The latency harness end to end, briefly: a real gateway, simulator, frames and histograms. */
    @Test
    void theLatencyHarnessMeasuresARate() {
        assertEquals(0, run("latency", "--rates", "500", "--warmup", "1", "--measure", "2", "--no-search"),
                err.toString());
        String o = out.toString();
        assertTrue(o.matches("(?s).*\\n500 +[0-9,]+ +\\| [0-9]+ [0-9]+ [0-9]+ [0-9]+ .*"), o);
        assertTrue(o.contains("baseline: bare Vert.x WebSocket hop"), o);
        assertTrue(o.contains("highest sustained rate: 500 messages/s"), o);
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertEquals(App.EXIT_USAGE, run("run", "--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    }
}
