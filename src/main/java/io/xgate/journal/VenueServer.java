package io.xgate.journal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.xgate.venue.FeedRecorder.ConnectionEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recorded venue served on one port (see {@link RecordingServer} and SERVE.md for the rules). Everything runs on
 * this verticle's event loop except the reading of the recording ({@link RecordedFeed}) and of REST bodies (on a
 * worker).
 */
final class VenueServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(VenueServer.class);

    /** How long the stream waits for the gateway's subscription or REST request before it goes on without it. */
    static final long WAIT_NANOS = 5_000_000_000L;
    /**
     * How long the stream holds at a recorded REST answer after the gateway's answer went out, for the gateway to
     * apply it (a Binance snapshot) before more messages arrive.
     */
    static final long SETTLE_NANOS = 50_000_000L;
    /** Records handled per event-loop turn at full speed, before yielding to other handlers. */
    private static final int BATCH = 512;
    /** A standby's messages kept before its promotion (for the splice), at most. */
    private static final int STANDBY_MESSAGES = 16_384;
    private static final long STANDBY_BYTES = 16L << 20;
    /** The last messages served on the active connection, to find where the standby's stream continues them. */
    private static final int SPLICE_RUN = 8;

    private enum Step { DONE, BLOCKED }

    /** One connection group of the venue: its path and the served connection. */
    private final class Group {
        final String name;
        final String path;
        ServerWebSocket socket;
        /** The socket the server closed itself (its close is no news). */
        ServerWebSocket closing;
        /** Text messages other than pings the gateway sent on the socket. */
        long clientTexts;
        /** The recorded connection served on the socket, or -1. */
        int servedConn = -1;
        /** Texts other than pings the served recorded connection had sent so far. */
        long recordedTexts;
        /** What the gateway's count is ahead of the recorded one by (after a rotation spliced the stream). */
        long textOffset;
        int standbyConn = -1;
        long standbyTexts;
        /** The standby's records before its promotion: its messages, sends and requests. */
        final ArrayDeque<RecordedFeed.Item> standby = new ArrayDeque<>();
        long standbyBytes;
        boolean standbyTruncated;
        final ArrayDeque<byte[]> lastServed = new ArrayDeque<>();
        /** Messages to write before the stream goes on (a rotation's splice). */
        final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
        /** Records served again before the stream goes on (a rotation served from the new connection's start). */
        final ArrayDeque<RecordedFeed.Item> replay = new ArrayDeque<>();
        final List<ServerWebSocket> idle = new ArrayList<>();
        long servedConnections;

        Group(String name, String path) {
            this.name = name;
            this.path = path;
        }

        String label() {
            return name.isEmpty() ? venue.id : venue.id + "/" + name;
        }
    }

    private final RecordingIndex index;
    private final RecordingIndex.Venue venue;
    private final RecordingServer.Options options;
    private final int port;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<Integer, Group> connGroups = new HashMap<>();
    /** The gateway's REST requests not yet matched to a recorded one, by path and query, and how many. */
    private final Map<String, Integer> requested = new HashMap<>();
    private final Set<String> toldMissing = new HashSet<>();
    /** The paths of the served connection's recorded requests whose answers the stream has not reached yet. */
    private final Map<Long, String> requestPaths = new HashMap<>();
    /** The gateway's requests being answered, by path and query. */
    private final Map<String, Integer> inflight = new HashMap<>();
    /** When the last answer to a path went out (System.nanoTime). */
    private final Map<String, Long> answeredAt = new HashMap<>();
    private long settleTimer = -1;
    private final Promise<Void> ended = Promise.promise();
    private RecordedFeed feed;
    private HttpServer server;
    private RecordedFeed.Item pending;
    /** The ordinal of the last record served: the stream's position. */
    private long position = -1;
    /** Where the position goes back to once the current record is handled, or -1. */
    private long rewindTo = -1;
    private long lastTs;
    private boolean pumping;
    private boolean again;
    private long pacingTimer = -1;
    private long anchorWall = Long.MIN_VALUE;
    private long anchorTs;
    private boolean reanchor;
    private long sessions;
    private long messagesServed;
    private long messagesSkipped;
    private long standbyServed;
    private long rotationsSpliced;
    private long standbyReplayed;
    private long rotationsReplayed;
    private long restAnswered;
    private long restMissing;
    private long restLate;
    private long waitsTimedOut;
    private long lastProgress = System.nanoTime();
    private boolean stopped;

    VenueServer(RecordingIndex index, RecordingIndex.Venue venue, RecordingServer.Options options, int port) {
        this.index = index;
        this.venue = venue;
        this.options = options;
        this.port = port;
        venue.groups.forEach((name, url) -> groups.put(name, new Group(name, path(url))));
    }

    private static String path(URI u) {
        return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    }

    Future<Void> ended() {
        return ended.future();
    }

    @Override
    public Future<?> start() {
        feed = new RecordedFeed(index.dir, venue.id, () -> context.runOnContext(v -> pump()));
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(16 << 20)
                        .setMaxWebSocketMessageSize(64 << 20))
                .requestHandler(this::request)
                .listen(port, options.host())
                .onSuccess(s -> {
                    server = s;
                    List<String> where = new ArrayList<>();
                    groups.values().forEach(g -> where.add("ws://" + options.host() + ":" + s.actualPort() + g.path
                            + (g.name.isEmpty() ? "" : " (" + g.name + ")")));
                    LOG.info("serving recorded venue {} ({} dialect) on {} and REST http://{}:{}: {} messages on {} "
                                    + "connection(s) recorded from {} to {}, {}", venue.id, venue.config.dialect(),
                            where, options.host(), s.actualPort(), venue.messages, venue.connections,
                            instant(venue.firstTs), instant(venue.lastTs),
                            options.pace() == 0 ? "as fast as the gateway reads" : options.pace() + "x the recorded pace");
                    feed.start();
                });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (feed != null) {
            feed.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    Future<JsonObject> stats() {
        Promise<JsonObject> p = Promise.promise();
        context.runOnContext(v -> p.complete(new JsonObject().put("venue", venue.id)
                .put("messagesServed", messagesServed).put("messagesSkipped", messagesSkipped)
                .put("standbyMessagesSpliced", standbyServed)
                .put("rotationsSpliced", rotationsSpliced).put("rotationsServedFromStart", rotationsReplayed)
                .put("standbyMessagesServedFromStart", standbyReplayed).put("restAnswered", restAnswered)
                .put("restUnrecorded", restMissing)
                .put("restAfterLastAnswer", restLate).put("waitsTimedOut", waitsTimedOut)
                .put("ended", ended.future().isComplete())));
        return p.future();
    }

    // ------------------------------------------------------------------------------------------ connections

    private void request(HttpServerRequest req) {
        if (req.canUpgradeToWebSocket()) {
            Group g = groupOf(req.path());
            if (g == null) {
                LOG.info("venue {}: WebSocket upgrade on {} refused: the recording's connections used {}", venue.id,
                        req.path(), groups.values().stream().map(x -> x.path).toList());
                req.response().setStatusCode(404).putHeader("content-type", "application/json")
                        .end(error("no recorded connection group on " + req.path()));
                return;
            }
            req.toWebSocket().onSuccess(ws -> connected(g, ws)).onFailure(e -> LOG.info("venue {}: WebSocket "
                    + "upgrade on {} failed: {}", venue.id, req.path(), e.toString()));
        } else {
            rest(req);
        }
    }

    private Group groupOf(String path) {
        for (Group g : groups.values()) {
            if (g.path.equals(path)) {
                return g;
            }
        }
        return null;
    }

    private void connected(Group g, ServerWebSocket ws) {
        if (g.socket != null || ended.future().isComplete()) {
            g.idle.add(ws);
            ws.closeHandler(v -> g.idle.remove(ws));
            LOG.info("venue {}: another connection from {} stays idle: {}", g.label(), ws.remoteAddress(),
                    ended.future().isComplete() ? "the recording has ended"
                            : "the recording has one stream per connection group, served on the first connection");
            return;
        }
        g.socket = ws;
        g.clientTexts = 0;
        g.servedConnections++;
        requested.clear();
        ws.textMessageHandler(t -> {
            if (g.socket == ws && !isPing(t)) {
                g.clientTexts++;
                pump();
            }
        });
        ws.closeHandler(v -> disconnected(g, ws));
        LOG.info("venue {}: gateway connected from {} (served connection {}); serving the recording from {}",
                g.label(), ws.remoteAddress(), g.servedConnections, instant(lastTs));
        reanchor = true;
        pump();
    }

    private void disconnected(Group g, ServerWebSocket ws) {
        if (g.socket != ws) {
            return;
        }
        g.socket = null;
        g.backlog.clear();
        if (g.closing == ws) {
            g.closing = null;
            return;
        }
        if (g.servedConn >= 0) {
            LOG.warn("venue {}: the gateway closed its connection while recorded connection {} was being served: the "
                    + "rest of that recorded connection is skipped; its next connection gets the next recorded one",
                    g.label(), g.servedConn);
            g.servedConn = -1;
        } else {
            LOG.info("venue {}: the gateway closed its connection", g.label());
        }
        pump();
    }

    /** Closes the served socket where the recorded connection closed: the gateway reconnects. */
    private void closeServed(Group g, String reason) {
        ServerWebSocket ws = g.socket;
        g.servedConn = -1;
        g.backlog.clear();
        if (ws == null) {
            return;
        }
        g.socket = null;
        g.closing = ws;
        String r = reason.length() > 100 ? reason.substring(0, 100) : reason;
        LOG.info("venue {}: closing the served connection where the recording is at {}: {}", g.label(),
                instant(lastTs), reason);
        ws.close((short) 1001, r);
    }

    // ------------------------------------------------------------------------------------------ the stream

    private void pump() {
        if (stopped) {
            return;
        }
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                if (!pumpBatch()) {
                    return;
                }
            } while (again);
        } finally {
            pumping = false;
        }
    }

    /** @return whether it stopped for a reason that may already be gone (then it is tried again at once) */
    private boolean pumpBatch() {
        for (int k = 0; k < BATCH; k++) {
            if (!flushBacklogs()) {
                return again;
            }
            if (pending == null) {
                pending = replayed();
            }
            if (pending == null) {
                pending = feed.poll();
                if (pending == null) {
                    if (feed.done()) {
                        end();
                    }
                    return again;
                }
            }
            RecordedFeed.Item it = pending;
            if (options.pace() > 0 && !paced(it)) {
                return again;
            }
            if (handle(it) == Step.BLOCKED) {
                reanchor = true;
                return again;
            }
            pending = null;
            position = it.ordinal;
            if (rewindTo >= 0) {
                position = rewindTo; // a rotation served from its start moves it back: REST answers follow it
                rewindTo = -1;
            }
            lastTs = it.ts;
            progress();
        }
        context.runOnContext(v -> pump());
        return false;
    }

    /** The next record a rotation serves again, if any. */
    private RecordedFeed.Item replayed() {
        for (Group g : groups.values()) {
            if (!g.replay.isEmpty()) {
                return g.replay.poll();
            }
        }
        return null;
    }

    /** Whether the record is due (else a timer pumps again when it is). */
    private boolean paced(RecordedFeed.Item it) {
        long now = System.nanoTime();
        if (anchorWall == Long.MIN_VALUE || reanchor) {
            anchorWall = now;
            anchorTs = it.ts;
            reanchor = false;
            return true;
        }
        long due = anchorWall + (long) ((it.ts - anchorTs) / options.pace());
        long wait = due - now;
        if (wait <= 1_000_000) {
            return true;
        }
        if (pacingTimer < 0) {
            pacingTimer = vertx.setTimer(Math.max(1, wait / 1_000_000), id -> {
                pacingTimer = -1;
                pump();
            });
        }
        return false;
    }

    private void end() {
        if (ended.future().isComplete()) {
            return;
        }
        LOG.info("venue {}: the recording has ended (at {}): {} messages served, {} skipped (other connections), {} "
                        + "REST answers, {} unrecorded requests, {} waits timed out; connections stay open, idle",
                venue.id, instant(lastTs), messagesServed, messagesSkipped, restAnswered, restMissing, waitsTimedOut);
        ended.complete();
    }

    private void progress() {
        long now = System.nanoTime();
        if (now - lastProgress > 10_000_000_000L) {
            lastProgress = now;
            LOG.info("venue {}: {} of {} messages served ({} %), the recording at {}", venue.id, messagesServed,
                    venue.messages, venue.messages == 0 ? 100 : messagesServed * 100 / venue.messages,
                    instant(lastTs));
        }
    }

    private Step handle(RecordedFeed.Item it) {
        switch (it.type) {
            case 0 -> LOG.warn("venue {}: the journal lost records at {}: the served stream has a hole here",
                    venue.id, instant(it.ts));
            case FeedRecords.SESSION -> {
                if (sessions++ > 0) {
                    for (Group g : groups.values()) {
                        closeServed(g, "the recording gateway restarted (a new session)");
                        g.standbyConn = -1;
                        g.standby.clear();
                    }
                    connGroups.clear();
                }
            }
            case FeedRecords.CONNECTION -> connection(it);
            case FeedRecords.MESSAGE -> {
                return message(it);
            }
            case FeedRecords.SENT -> {
                return sent(it);
            }
            case FeedRecords.REQUEST -> {
                return recordedRequest(it);
            }
            case FeedRecords.RESPONSE -> {
                return recordedResponse(it);
            }
            default -> {
                // nothing else is served
            }
        }
        return Step.DONE;
    }

    private void connection(RecordedFeed.Item it) {
        ConnectionEvent e = RecordedFeed.event(it);
        // a connection's later events name its group as it opened (CLOSED records name none)
        Group g = e == ConnectionEvent.OPENED_ACTIVE || e == ConnectionEvent.OPENED_STANDBY ? groups.get(it.text)
                : connGroups.get(it.conn);
        if (g == null && (e == ConnectionEvent.CLOSED || e == ConnectionEvent.PROMOTED)) {
            return; // a connection not served (of a group the venue file does not make)
        }
        if (g == null && groups.size() == 1) {
            g = groups.values().iterator().next();
        }
        if (g == null) {
            LOG.warn("venue {}: recorded connection {} of a connection group '{}' the venue file does not make: "
                    + "not served", venue.id, it.conn, it.text);
            return;
        }
        switch (e) {
            case OPENED_ACTIVE -> {
                connGroups.put(it.conn, g);
                g.servedConn = it.conn;
                g.recordedTexts = 0;
                g.textOffset = 0;
                g.lastServed.clear();
                LOG.debug("venue {}: recorded connection {} opened at {}", g.label(), it.conn, instant(it.ts));
            }
            case OPENED_STANDBY -> {
                connGroups.put(it.conn, g);
                g.standbyConn = it.conn;
                g.standbyTexts = 0;
                g.standby.clear();
                g.standbyBytes = 0;
                g.standbyTruncated = false;
            }
            case PROMOTED -> promoted(g, it);
            case CLOSED -> {
                connGroups.remove(it.conn);
                if (it.conn == g.standbyConn) {
                    g.standbyConn = -1;
                    g.standby.clear();
                } else if (it.conn == g.servedConn) {
                    if (it.ordinal > venue.lastOpenOrdinal && it.ordinal > venue.lastMessageOrdinal) {
                        // the recording gateway stopping, not the venue: nothing follows, the connection stays
                        LOG.debug("venue {}: recorded connection {} closed at the end ({}): the served one stays open",
                                g.label(), it.conn, it.reason);
                        g.servedConn = -1;
                    } else {
                        closeServed(g, "the recorded connection closed (" + it.reason + ")");
                    }
                }
            }
            default -> throw new IllegalStateException(e.name());
        }
    }

    /**
     * The standby took over. The served stream goes on with the new connection's messages, spliced where they
     * continue what was served (without its own subscription answers and snapshot); if they do not continue it, the
     * served connection closes here and the gateway's next connection is served the new recorded connection from its
     * start (its records before the promotion, then the rest).
     */
    private void promoted(Group g, RecordedFeed.Item it) {
        if (it.conn == g.servedConn) {
            return;
        }
        if (it.conn != g.standbyConn) {
            LOG.warn("venue {}: recorded connection {} was promoted without having opened as a standby", g.label(),
                    it.conn);
            g.servedConn = it.conn;
            return;
        }
        List<RecordedFeed.Item> items = new ArrayList<>(g.standby);
        List<byte[]> mine = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k).type == FeedRecords.MESSAGE) {
                mine.add(items.get(k).bytes);
                at.add(k);
            }
        }
        int from = splice(new ArrayList<>(g.lastServed), mine);
        long texts = g.standbyTexts;
        boolean whole = !g.standbyTruncated;
        g.standbyConn = -1;
        g.standby.clear();
        g.standbyBytes = 0;
        if (from < 0 && whole) {
            LOG.info("venue {}: the recording rotated to connection {} at {}, whose stream does not continue the "
                    + "served one: closing the served connection; the gateway's next one is served connection {} "
                    + "from its start", g.label(), it.conn, instant(it.ts), it.conn);
            closeServed(g, "rotation to a new connection (served from its start)");
            g.servedConn = it.conn;
            g.recordedTexts = 0;
            g.textOffset = 0;
            g.lastServed.clear();
            for (RecordedFeed.Item i : items) {
                i.applied = false;
                i.waitingSince = 0;
                i.replayed = true;
                g.replay.add(i);
            }
            if (!items.isEmpty()) {
                // the stream is back at the new connection's start: so are the REST answers it gets
                rewindTo = items.get(0).ordinal - 1;
            }
            rotationsReplayed++;
            return;
        }
        if (from < 0) {
            LOG.warn("venue {}: rotation to recorded connection {} at {}: its messages before the promotion do not "
                    + "continue what was served{}; the stream goes on with its messages after the promotion (the "
                    + "gateway may resync)", g.label(), it.conn, instant(it.ts),
                    whole ? "" : " (too many to keep)");
            from = mine.size();
        }
        for (int i = from; i < mine.size(); i++) {
            g.backlog.add(mine.get(i));
        }
        LOG.info("venue {}: the recording rotated to connection {} at {}: the served stream goes on with it ({} of its "
                + "{} messages before the promotion continue the stream)", g.label(), it.conn, instant(it.ts),
                mine.size() - from, mine.size());
        rotationsSpliced++;
        g.servedConn = it.conn;
        g.textOffset = g.clientTexts - texts;
        g.recordedTexts = texts;
    }

    /**
     * Where the standby's messages continue the served ones: the index after the place in {@code standby} that ends
     * with the last served message and agrees, going back, with the most of the served ones before it (the latest
     * such place when several agree as far), or -1 if the last served message is not among the standby's. The same
     * publication has the same bytes on every connection (update ids, timestamps); the standby's own subscription
     * answers and snapshot come before its first update and stop the agreement there.
     */
    static int splice(List<byte[]> served, List<byte[]> standby) {
        if (served.isEmpty()) {
            return -1;
        }
        byte[] last = served.get(served.size() - 1);
        int best = -1;
        int bestRun = 0;
        for (int i = standby.size() - 1; i >= 0; i--) {
            if (!Arrays.equals(standby.get(i), last)) {
                continue;
            }
            int run = 1;
            while (run < served.size() && i - run >= 0
                    && Arrays.equals(standby.get(i - run), served.get(served.size() - 1 - run))) {
                run++;
            }
            if (run > bestRun) {
                bestRun = run;
                best = i + 1;
            }
        }
        return best;
    }

    private boolean flushBacklogs() {
        for (Group g : groups.values()) {
            while (!g.backlog.isEmpty()) {
                if (g.socket == null) {
                    g.backlog.clear();
                    break;
                }
                if (g.socket.writeQueueFull()) {
                    drainThenPump(g.socket);
                    return false;
                }
                write(g, g.backlog.poll());
                standbyServed++;
            }
        }
        return true;
    }

    private void drainThenPump(ServerWebSocket ws) {
        ws.drainHandler(v -> {
            ws.drainHandler(null);
            pump();
        });
    }

    private void write(Group g, byte[] bytes) {
        g.socket.writeTextMessage(new String(bytes, StandardCharsets.UTF_8));
        messagesServed++;
        g.lastServed.add(bytes);
        if (g.lastServed.size() > SPLICE_RUN) {
            g.lastServed.poll();
        }
    }

    private Step message(RecordedFeed.Item it) {
        Group g = connGroups.get(it.conn);
        if (g == null) {
            messagesSkipped++;
            return Step.DONE;
        }
        if (it.conn == g.servedConn) {
            if (g.socket == null) {
                return Step.BLOCKED; // the gateway (re)connects: then this connection's stream goes on
            }
            if (g.socket.writeQueueFull()) {
                drainThenPump(g.socket);
                return Step.BLOCKED;
            }
            write(g, it.bytes);
            if (it.replayed) {
                standbyReplayed++;
            }
            return Step.DONE;
        }
        if (it.conn == g.standbyConn) {
            keepStandby(g, it);
            return Step.DONE;
        }
        messagesSkipped++;
        return Step.DONE;
    }

    private static void keepStandby(Group g, RecordedFeed.Item it) {
        g.standby.add(it);
        g.standbyBytes += it.size();
        while (g.standby.size() > STANDBY_MESSAGES || g.standbyBytes > STANDBY_BYTES) {
            g.standbyBytes -= g.standby.poll().size();
            g.standbyTruncated = true;
        }
    }

    /** Keep-alive texts (either side's pings) are not counted: each side sends them on its own clock. */
    static boolean isPing(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).contains("ping");
    }

    /**
     * The recorded connection sent a text here (a subscription, a resubscription after a resync): the stream waits
     * until the gateway has sent as many (pings aside), so that what the venue answered comes after the gateway
     * asked for it, as it did live.
     */
    private Step sent(RecordedFeed.Item it) {
        Group g = connGroups.get(it.conn);
        if (g == null || isPing(it.text)) {
            return Step.DONE;
        }
        if (it.conn == g.standbyConn) {
            if (!it.applied) {
                it.applied = true;
                g.standbyTexts++;
                keepStandby(g, it);
            }
            return Step.DONE;
        }
        if (it.conn != g.servedConn) {
            return Step.DONE;
        }
        if (!it.applied) {
            it.applied = true;
            g.recordedTexts++;
        }
        if (g.socket == null) {
            return Step.BLOCKED;
        }
        if (g.clientTexts >= g.recordedTexts + g.textOffset) {
            return Step.DONE;
        }
        return waitFor(it, g.label() + ": the gateway's message " + (g.recordedTexts + g.textOffset) + " ("
                + (it.text.length() > 80 ? it.text.substring(0, 80) + "..." : it.text) + " in the recording)");
    }

    /** The recorded connection asked for a REST answer here: the stream waits for the gateway to ask. */
    private Step recordedRequest(RecordedFeed.Item it) {
        Group g = connGroups.get(it.conn);
        if (g != null && it.conn == g.standbyConn && !it.applied) {
            it.applied = true;
            keepStandby(g, it);
            return Step.DONE;
        }
        if (g == null || it.conn != g.servedConn || !venue.answeredRequests.contains(it.ordinal)) {
            return Step.DONE;
        }
        requestPaths.put(RecordingIndex.key(it.conn, it.code), it.text);
        if (requested.remove(it.text) != null) {
            // the gateway asked (more than once, if it retried): this recorded request is matched, and what it
            // asked before does not stand for the recording's next request to the same path
            return Step.DONE;
        }
        if (g.socket == null) {
            return Step.BLOCKED; // the gateway connects first, then asks
        }
        return waitFor(it, g.label() + ": the gateway's GET " + it.text);
    }

    /**
     * The recorded connection got its REST answer here: the stream waits until the gateway's request to the same
     * path has been answered, so that the answer reaches it with the messages before it, as it did live.
     */
    private Step recordedResponse(RecordedFeed.Item it) {
        Group g = connGroups.get(it.conn);
        if (g != null && it.conn == g.standbyConn && !it.applied) {
            it.applied = true;
            keepStandby(g, it);
            return Step.DONE;
        }
        String path = requestPaths.get(RecordingIndex.key(it.conn, it.code));
        if (path == null || g == null || it.conn != g.servedConn) {
            return Step.DONE;
        }
        if (inflight.getOrDefault(path, 0) == 0) {
            // the answer went out; the gateway gets a moment to apply it before the stream goes past this point
            // (live, it had the recorded messages' pace for that; a faster stream would bury it in messages)
            Long at = answeredAt.get(path);
            long left = at == null ? 0 : at + SETTLE_NANOS - System.nanoTime();
            if (left > 0) {
                if (settleTimer < 0) {
                    settleTimer = vertx.setTimer(Math.max(1, left / 1_000_000), id -> {
                        settleTimer = -1;
                        pump();
                    });
                }
                return Step.BLOCKED;
            }
            requestPaths.remove(RecordingIndex.key(it.conn, it.code));
            return Step.DONE;
        }
        Step s = waitFor(it, g.label() + ": the answer to the gateway's GET " + path + " to go out");
        if (s == Step.DONE) {
            requestPaths.remove(RecordingIndex.key(it.conn, it.code));
        }
        return s;
    }

    private Step waitFor(RecordedFeed.Item it, String what) {
        long now = System.nanoTime();
        if (it.waitingSince == 0) {
            it.waitingSince = now;
            vertx.setTimer(WAIT_NANOS / 1_000_000 + 1, id -> pump());
            return Step.BLOCKED;
        }
        if (now - it.waitingSince >= WAIT_NANOS) {
            waitsTimedOut++;
            LOG.warn("venue {}: waited {} ms for {} in vain: the stream goes on", venue.id, WAIT_NANOS / 1_000_000,
                    what);
            return Step.DONE;
        }
        return Step.BLOCKED;
    }

    // ------------------------------------------------------------------------------------------ REST

    private void rest(HttpServerRequest req) {
        String pq = req.uri();
        if (req.method() != HttpMethod.GET) {
            answer(req, 405, error("the recording serves GET only: " + req.method() + " " + pq));
            return;
        }
        Integer before = requested.get(pq);
        if (before == null || before < 1_000) {
            requested.merge(pq, 1, Integer::sum);
        }
        inflight.merge(pq, 1, Integer::sum);
        RecordingIndex.Answers a = venue.answers.get(pq);
        if (a == null) {
            restMissing++;
            boolean time = venue.serverTimePath != null && venue.serverTimePath.equals(pq);
            String why = time ? "the venue's server time is not recorded (GET " + pq + ")"
                    : "GET " + pq + " was never answered in this recording";
            if (toldMissing.add(pq)) {
                LOG.info("venue {}: {}: answering 404", venue.id, why);
            }
            answer(req, 404, error(why));
            pump();
            return;
        }
        int i = a.firstAtOrAfter(position + 1);
        if (i < 0) {
            // an older answer would not be consistent with what the gateway has been served since
            restLate++;
            String why = "GET " + pq + " has no recorded answer at or after the served stream's position (the "
                    + "recording's last answer to it was at " + instant(a.timestamps[a.size - 1]) + ")";
            if (toldMissing.add("late " + pq)) {
                LOG.warn("venue {}: {}: answering 404", venue.id, why);
            }
            answer(req, 404, error(why));
            pump();
            return;
        }
        int at = i;
        vertx.executeBlocking(() -> index.body(venue, a, at), false).onComplete(ar -> {
            if (ar.failed() || ar.result() == null) {
                LOG.error("venue {}: cannot read the recorded answer to GET {} back from the journal", venue.id, pq,
                        ar.cause());
                answer(req, 500, error("the recorded answer to GET " + pq + " cannot be read from the journal"));
                return;
            }
            restAnswered++;
            LOG.debug("venue {}: GET {} answered with the answer recorded at {}", venue.id, pq,
                    instant(a.timestamps[at]));
            sent(pq, req.response().setStatusCode(200).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(ar.result())));
        });
        pump();
    }

    private void answer(HttpServerRequest req, int status, String body) {
        sent(req.uri(), req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(body));
    }

    /** Once an answer has gone out (or failed), the stream may pass the recorded answer it waits at. */
    private void sent(String pq, Future<Void> written) {
        written.onComplete(ar -> {
            inflight.computeIfPresent(pq, (k, n) -> n <= 1 ? null : n - 1);
            answeredAt.put(pq, System.nanoTime());
            pump();
        });
    }

    private String error(String message) {
        return new JsonObject().put("error", message).put("venue", venue.id).put("servedBy", "xgate replay --serve")
                .encode();
    }

    private static String instant(long nanos) {
        if (nanos == Long.MAX_VALUE || nanos == Long.MIN_VALUE || nanos == 0) {
            return "-";
        }
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
