package io.xgate.journal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a journal's recording as its venues, on loopback: per recorded venue one HTTP server that upgrades
 * WebSockets on the paths of the venue's connection groups and streams, from the recorded bytes, what the venue sent
 * the recording gateway's active connection, paced by the recorded timestamps times the speed (or as fast as the
 * socket takes, with back-pressure), and that answers REST GETs with the recorded answers. A gateway or a strategy
 * connects to it exactly as to the simulator ({@code xgate replay --serve}); SERVE.md documents how recorded
 * connections map to served ones and which REST answer a request gets.
 *
 * <p>Memory is bounded: the recording is read by one thread per venue into a bounded buffer; REST bodies are read
 * back from the journal when asked for.
 */
public final class RecordingServer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingServer.class);

    /**
     * How to serve.
     *
     * @param venues    the venues to serve ({@code null}: every recorded one)
     * @param pace      the multiple of the recorded pace, or 0 for as fast as the sockets take
     * @param firstPort 0: each venue on its recorded WebSocket URL's port; else the first venue on this port and
     *                  the next ones on the next ports
     * @param host      the address to listen on
     */
    public record Options(Set<String> venues, double pace, int firstPort, String host) {
        /** Every venue, on loopback and the recorded ports. */
        public static Options of(double pace) {
            return new Options(null, pace, 0, "127.0.0.1");
        }
    }

    /** Where one venue is served: its WebSocket URLs (per connection group name) and its REST base URL. */
    public record ServedVenue(String venue, String dialect, int port, Map<String, String> webSocketUrls,
                              String restUrl, long messages, long connections) {
    }

    private final RecordingIndex index;
    private final Options options;
    private final List<ServedVenue> served = new ArrayList<>();
    private final Map<String, VenueServer> servers = new LinkedHashMap<>();
    private Vertx vertx;
    private final List<String> deployments = new ArrayList<>();

    private RecordingServer(RecordingIndex index, Options options) {
        this.index = index;
        this.options = options;
    }

    /**
     * Reads the recording once (what it holds, per venue) and prepares to serve it.
     *
     * @throws IOException              if the journal cannot be read
     * @throws IllegalArgumentException if it records none of the venues asked for, or two would share a port
     */
    public static RecordingServer open(Path journal, Options options) throws IOException {
        RecordingIndex index = RecordingIndex.scan(journal, options.venues());
        if (index.venues.isEmpty()) {
            throw new IllegalArgumentException("the journal " + journal + " records no venue"
                    + (options.venues() == null ? "" : " of " + options.venues()) + " (no SESSION record names one)");
        }
        if (options.venues() != null) {
            Set<String> missing = new LinkedHashSet<>(options.venues());
            missing.removeAll(index.venues.keySet());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the journal records no venue " + missing + "; it records "
                        + index.venues.keySet());
            }
        }
        RecordingServer s = new RecordingServer(index, options);
        Map<Integer, String> ports = new LinkedHashMap<>();
        int next = options.firstPort();
        for (RecordingIndex.Venue v : index.venues.values()) {
            int port = next > 0 ? next++ : recordedPort(v);
            String before = ports.putIfAbsent(port, v.id);
            if (before != null) {
                throw new IllegalArgumentException("venues " + before + " and " + v.id + " were recorded on the same "
                        + "port " + port + ": serve them with --port P (consecutive ports) or one --venue at a time");
            }
            Map<String, String> urls = new LinkedHashMap<>();
            v.groups.forEach((g, u) -> urls.put(g, "ws://" + options.host() + ":" + port + pathAndQuery(u)));
            s.served.add(new ServedVenue(v.id, v.config.dialect(), port, urls,
                    "http://" + options.host() + ":" + port, v.messages, v.connections));
        }
        return s;
    }

    private static int recordedPort(RecordingIndex.Venue v) {
        URI u = v.groups.values().iterator().next();
        int port = u.getPort();
        if (port <= 0) {
            throw new IllegalArgumentException("venue " + v.id + " was recorded from " + u + ", which names no port: "
                    + "serve it with --port P");
        }
        int rest = v.config.rest() == null || v.config.rest().url() == null ? port : v.config.rest().url().getPort();
        if (rest > 0 && rest != port) {
            LOG.warn("venue {}: the recorded REST URL {} is on another port than the WebSocket URL {}: both are served "
                    + "on port {} (point rest.url there)", v.id, v.config.rest().url(), u, port);
        }
        return port;
    }

    private static String pathAndQuery(URI u) {
        String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
    }

    /** The venues this server serves and where. */
    public List<ServedVenue> venues() {
        return List.copyOf(served);
    }

    /** Starts serving every venue on {@code vertx}. */
    public Future<RecordingServer> start(Vertx vertx) {
        this.vertx = vertx;
        List<Future<?>> started = new ArrayList<>();
        for (ServedVenue sv : served) {
            VenueServer v = new VenueServer(index, index.venues.get(sv.venue()), options, sv.port());
            servers.put(sv.venue(), v);
            started.add(vertx.deployVerticle(v).onSuccess(deployments::add));
        }
        return Future.all(started).map(this);
    }

    /** Completes once every venue's recorded stream has been served to its end. */
    public Future<Void> ended() {
        List<Future<Void>> all = new ArrayList<>();
        servers.values().forEach(v -> all.add(v.ended()));
        return Future.all(all).mapEmpty();
    }

    /** Completes once the venue's recorded stream has been served to its end. */
    public Future<Void> ended(String venue) {
        VenueServer v = servers.get(venue);
        return v == null ? Future.failedFuture("not serving venue " + venue) : v.ended();
    }

    /** What a venue's server has done so far (for logs and tests), as JSON. */
    public Future<JsonObject> stats(String venue) {
        VenueServer v = servers.get(venue);
        return v == null ? Future.failedFuture("not serving venue " + venue) : v.stats();
    }

    /** Stops serving: closes the servers and their connections, stops the reading threads. */
    public Future<Void> close() {
        if (vertx == null) {
            return Future.succeededFuture();
        }
        List<Future<?>> closed = new ArrayList<>();
        for (String id : deployments) {
            closed.add(vertx.undeploy(id));
        }
        deployments.clear();
        Promise<Void> p = Promise.promise();
        Future.join(closed).onComplete(ar -> p.complete());
        return p.future();
    }
}
