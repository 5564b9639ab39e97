package io.xgate.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.xgate.analytics.CandleSpec;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.metrics.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard on the admin port: {@code GET /} (the page, {@code /dashboard/*}), its libraries from the jar's
 * WebJars ({@code /webjars/*}: uPlot, the SockJS client), and the SockJS event-bus bridge at {@code /eventbus/*}.
 *
 * <p>The bridge lets browsers subscribe to the dashboard's own JSON addresses ({@code xgate.dash.*}, filled by
 * {@link DashboardFeed} from the public events) and to nothing else; it lets nothing in ({@link DashboardBridge}
 * has the limits). See the README, "Dashboard".
 */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    /** Every address the bridge lets out starts with this. */
    public static final String ADDRESS_PREFIX = "xgate.dash.";
    /** The venue summary, every second. */
    public static final String VENUES = ADDRESS_PREFIX + "venues";
    /** Each opportunity event, as JSON. */
    public static final String OPPORTUNITY = ADDRESS_PREFIX + "opportunity";
    /** This node's stage-latency percentiles, every two seconds. */
    public static final String LATENCY = ADDRESS_PREFIX + "latency";
    /** Where the bridge is mounted. */
    public static final String BRIDGE_PATH = "/eventbus";

    private Dashboard() {
    }

    /** {@code xgate.dash.top.<venue>.<SYMBOL>}: the book's conflated tops (at most 10 per second). */
    public static String top(String venue, String symbol) {
        return ADDRESS_PREFIX + "top." + venue + '.' + symbol;
    }

    /** {@code xgate.dash.candle.<venue>.<SYMBOL>.<spec>} */
    public static String candle(String venue, String symbol, String spec) {
        return ADDRESS_PREFIX + "candle." + venue + '.' + symbol + '.' + spec;
    }

    /** The addresses a browser may subscribe to: exactly these, for the configured venues, symbols and specs. */
    static Set<String> publicAddresses(GatewayConfig config) {
        Set<String> out = new HashSet<>(Set.of(VENUES, OPPORTUNITY, LATENCY));
        for (VenueConfig v : config.venues()) {
            for (String s : v.instruments().keySet()) {
                out.add(top(v.id(), s));
                for (CandleSpec spec : config.analytics().candlesOf(s)) {
                    out.add(candle(v.id(), s, spec.label()));
                }
            }
        }
        return Set.copyOf(out);
    }

    /** What the page needs to know first: the venues and their symbols, and each symbol's candle specs. */
    static JsonObject pageConfig(GatewayConfig config) {
        JsonArray venues = new JsonArray();
        JsonObject candles = new JsonObject();
        for (VenueConfig v : config.venues()) {
            venues.add(new JsonObject().put("venue", v.id()).put("dialect", v.dialect())
                    .put("symbols", new JsonArray(List.copyOf(v.instruments().keySet()))));
            for (String s : v.instruments().keySet()) {
                candles.put(s, new JsonArray(config.analytics().candlesOf(s).stream().map(CandleSpec::label).toList()));
            }
        }
        return new JsonObject().put("name", config.name()).put("venues", venues).put("candles", candles);
    }

    /**
     * Adds the dashboard's routes to the admin router (before its GET-only filter: SockJS's fallback transports
     * POST) and deploys its feed.
     *
     * @return the feed's deployment
     */
    public static Future<String> mount(Router router, Vertx vertx, GatewayConfig config, Metrics metrics) {
        DashboardBridge bridge = new DashboardBridge(publicAddresses(config), metrics.registry());
        SockJSBridgeOptions permissions = new SockJSBridgeOptions()
                // outbound only, and only the dashboard's JSON addresses; no inbound permission at all
                .addOutboundPermitted(new PermittedOptions().setAddressRegex("xgate\\.dash\\..+"))
                .setMaxAddressLength(DashboardBridge.MAX_ADDRESS_LENGTH)
                .setMaxHandlersPerSocket(DashboardBridge.MAX_SUBSCRIPTIONS)
                .setPingTimeout(DashboardBridge.PING_TIMEOUT_MILLIS);
        SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions()
                .setRegisterWriteHandler(false)); // no event-bus address per socket: nothing may write to one
        router.route(BRIDGE_PATH + "/*").subRouter(sockJs.bridge(permissions, bridge));
        router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").sendFile("dashboard/index.html"));
        JsonObject pageConfig = pageConfig(config);
        router.get("/dashboard/config").handler(ctx -> OpsVerticle.json(ctx, 200, pageConfig));
        router.get("/dashboard/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        return vertx.deployVerticle(new DashboardFeed(config, metrics))
                .onFailure(e -> LOG.error("the dashboard's feed did not start; the page will show no live data", e));
    }
}
