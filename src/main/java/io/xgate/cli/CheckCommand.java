package io.xgate.cli;

import io.xgate.App;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code xgate check}: loads and validates the configuration as {@code run} does, the rules start-up applies
 * beyond the files' own included ({@link io.xgate.Gateway#validate}), prints what it would run, and exits: 0, or 2
 * with the one-line configuration error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate the configuration and print a summary of it, without starting anything.")
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Option(names = "--cluster",
            description = "Check as run --cluster would run it (as cluster.enabled: true in the configuration).")
    boolean cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig loaded = Lifecycle.load(config, spec);
        if (loaded == null) {
            return App.EXIT_USAGE;
        }
        GatewayConfig c = cluster ? loaded.withCluster(null) : loaded;
        if (!Lifecycle.validate(c, spec)) {
            return App.EXIT_USAGE;
        }
        out.println(c.file() + ": OK");
        out.printf("  gateway %s, simulator %s, admin %s, arbitrage %s, cluster %s%n", c.name(),
                c.simulator().enabled() ? "on (seed " + c.simulator().seed() + ")" : "off",
                c.admin().enabled() ? c.admin().host() + ":" + c.admin().port() : "off",
                c.arbitrage().enabled() ? "on (" + c.arbitrage().minNetEdgeBps() + " bps)" : "off",
                c.cluster().enabled() ? "on ('" + c.cluster().name() + "')" : "off");
        GatewayConfig.Analytics a = c.analytics();
        out.printf("  analytics %s%n", !a.enabled() || a.venues().isEmpty() ? "off on this node"
                : "on for " + a.venues() + ": candles " + a.candles() + (a.symbolCandles().isEmpty() ? ""
                : ", per symbol " + a.symbolCandles()) + (a.indicators().isEmpty() ? "" : ", indicators "
                + a.indicators()));
        if (c.localVenues().size() != c.venues().size()) {
            out.printf("  this node runs %s of the venues (node.venues)%n", c.node().venues());
        }
        for (VenueConfig v : c.venues()) {
            out.printf("  venue %s (%s dialect) ws %s rest %s%s%n", v.id(), v.dialect(), v.websocket().url(),
                    v.rest().url(), v.credentials() == null ? ", market data only (no credentials)"
                            : ", credentials from " + v.credentials().apiKey().source() + " / "
                            + v.credentials().apiSecret().source());
            for (Instrument i : v.instruments().values()) {
                VenueConfig.SymbolRisk r = v.risk().symbols().get(i.symbol());
                out.printf("    %-10s -> %-10s tick %s lot %s%s%n", i.symbol(), i.venueSymbol(), i.tickSize(),
                        i.lotSize(), v.credentials() == null ? "" : r == null ? ", not tradable (no risk limits)"
                                : ", risk: max " + io.xgate.num.Decimals.toStrippedString(r.maxQuantity(), i.sizeScale())
                                + ", notional " + r.maxNotional() + ", band " + r.priceBandBps() + " bps, "
                                + r.maxOpenOrders() + " open" + (v.risk().killSwitch() ? ", KILL SWITCH ON" : ""));
            }
        }
        return 0;
    }
}
