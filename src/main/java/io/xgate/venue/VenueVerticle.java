package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of one venue: its market-data WebSocket (reconnect with capped exponential backoff and jitter),
 * its REST client, the per-symbol sync states published on {@code xgate.venue.status.<venue>}, and resync
 * requests from consumers on {@code xgate.ctl.resync.<venue>}. What the messages mean is the
 * {@link MarketDataProtocol}'s business; this class never mentions a venue.
 */
public final class VenueVerticle extends VerticleBase implements FeedSession {

    private static final Logger LOG = LoggerFactory.getLogger(VenueVerticle.class);

    private final VenueConfig venue;
    private final MarketDataProtocol protocol;
    private final Map<String, String> bookAddress = new HashMap<>();
    private final Map<String, String> tradeAddress = new HashMap<>();
    private final Map<String, VenueStatus.SymbolStatus> symbols = new LinkedHashMap<>();
    private final SplittableRandom jitter = new SplittableRandom();
    private WebSocketClient wsClient;
    private HttpClient http;
    private WebSocket socket;
    private VenueStatus.Connection connection = VenueStatus.Connection.CONNECTING;
    private String connectionReason = "starting";
    private int attempts;
    private boolean stopping;
    private byte[] message = new byte[64 * 1024];
    private int messageLength;
    private long badFrames;
    private final io.xgate.rest.RateLimiter limiter;
    private int waitingForTokens;
    private long bannedUntil;
    private long pausedUntil;
    /** What the protocol says of each symbol; the published state may overlay STALE on LIVE. */
    private final Map<String, SyncState> desired = new HashMap<>();
    private final Map<String, String> desiredReason = new HashMap<>();
    private final Map<String, Long> lastActivity = new HashMap<>();
    private final java.util.Set<String> stale = new java.util.HashSet<>();

    public VenueVerticle(VenueConfig venue, MarketDataProtocol protocol) {
        this.venue = venue;
        this.protocol = protocol;
        this.limiter = new io.xgate.rest.RateLimiter(venue);
        for (Instrument i : venue.instruments().values()) {
            bookAddress.put(i.symbol(), Addresses.book(venue.id(), i.symbol()));
            tradeAddress.put(i.symbol(), Addresses.trade(venue.id(), i.symbol()));
            symbols.put(i.symbol(), new VenueStatus.SymbolStatus(i.symbol(), SyncState.DOWN, 0, "not connected"));
            desired.put(i.symbol(), SyncState.DOWN);
        }
    }

    @Override
    public Future<?> start() {
        VenueConfig.WebSocket w = venue.websocket();
        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(w.maxMessageBytes()).setMaxFrameSize(Math.min(w.maxMessageBytes(), 1 << 20))
                .setConnectTimeout((int) venue.rest().connectTimeout().toMillis()).setTcpNoDelay(true));
        VenueConfig.Rest r = venue.rest();
        boolean tls = "https".equals(r.url().getScheme());
        http = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setDefaultHost(r.url().getHost())
                        .setDefaultPort(r.url().getPort() > 0 ? r.url().getPort() : tls ? 443 : 80).setSsl(tls)
                        .setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout((int) r.connectTimeout().toMillis())
                        .setIdleTimeout((int) Math.max(1, r.idleTimeout().toSeconds())))
                .with(new PoolOptions().setHttp1MaxSize(r.poolSize()).setMaxWaitQueueSize(r.maxWaitQueue()))
                .build();
        vertx.eventBus().<String>localConsumer(Addresses.resync(venue.id()), m -> {
            Instrument i = venue.instruments().get(m.body());
            if (i != null) {
                protocol.resync(i, m.headers().get("reason") == null ? "requested" : m.headers().get("reason"),
                        this);
            }
        });
        long tick = Math.max(50, venue.websocket().staleAfter().toMillis() / 4);
        vertx.setPeriodic(tick, id -> watchdog());
        connect();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void connect() {
        connection(VenueStatus.Connection.CONNECTING, attempts == 0 ? "connecting" : "reconnect attempt " + attempts);
        wsClient.connect(protocol.connectOptions()).onComplete(ar -> {
            if (stopping) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("venue {}: cannot connect to {}: {}", venue.id(), venue.websocket().url(),
                        ar.cause().getMessage());
                scheduleReconnect("connect failed: " + ar.cause().getMessage());
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            attempts = 0;
            ws.frameHandler(frame -> onFrame(ws, frame));
            ws.closeHandler(v -> onClosed(ws, "closed by the venue (" + ws.closeStatusCode() + ")"));
            ws.exceptionHandler(e -> LOG.warn("venue {}: websocket error: {}", venue.id(), e.getMessage()));
            connection(VenueStatus.Connection.CONNECTED, "connected to " + venue.websocket().url());
            LOG.info("venue {}: connected to {}", venue.id(), venue.websocket().url());
            protocol.onOpen(this);
        });
    }

    /** Reassembles a text message from its frames into a reused array and hands it to the protocol. */
    private void onFrame(WebSocket ws, WebSocketFrame frame) {
        if (ws != socket) {
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            messageLength = 0;
        } else if (!frame.isContinuation()) {
            return; // ping, pong, close: handled by Vert.x
        }
        Buffer data = frame.binaryData();
        int n = data.length();
        if (messageLength + n > venue.websocket().maxMessageBytes()) {
            badFrame(null, "message larger than websocket.maxMessageBytes (" + venue.websocket().maxMessageBytes()
                    + ")");
            reconnect("oversized message");
            return;
        }
        if (messageLength + n > message.length) {
            message = java.util.Arrays.copyOf(message, Math.max(messageLength + n, message.length * 2));
        }
        data.getBytes(0, n, message, messageLength);
        messageLength += n;
        if (frame.isFinal()) {
            long now = nowNanos();
            try {
                protocol.onMessage(message, messageLength, now, this);
            } catch (RuntimeException e) {
                badFrame(null, "protocol failed on a message: " + e);
            }
        }
    }

    private void onClosed(WebSocket ws, String reason) {
        if (ws != socket) {
            return;
        }
        socket = null;
        protocol.onClose();
        for (Instrument i : venue.instruments().values()) {
            state(i, SyncState.DOWN, "disconnected");
        }
        if (!stopping) {
            LOG.warn("venue {}: {}", venue.id(), reason);
            scheduleReconnect(reason);
        }
    }

    private void scheduleReconnect(String reason) {
        VenueConfig.WebSocket w = venue.websocket();
        long base = w.reconnectInitialDelay().toMillis() << Math.min(attempts, 20);
        long capped = Math.min(base, w.reconnectMaxDelay().toMillis());
        double j = w.reconnectJitter();
        long delay = Math.max(1, Math.round(capped * (1 - j + 2 * j * jitter.nextDouble())));
        attempts++;
        connection(VenueStatus.Connection.DISCONNECTED, reason + "; reconnecting in " + delay + " ms");
        vertx.setTimer(delay, id -> {
            if (!stopping) {
                connect();
            }
        });
    }

    // ------------------------------------------------------------------------------------------ FeedSession

    @Override
    public void publish(BookUpdate update) {
        vertx.eventBus().publish(bookAddress.get(update.symbol()), update);
        lastActivity.put(update.symbol(), System.nanoTime());
        if (stale.remove(update.symbol())) {
            publishState(update.symbol(), "updates resumed");
        }
    }

    /** Marks LIVE symbols whose feed has been silent longer than websocket.staleAfter as STALE. */
    private void watchdog() {
        long now = System.nanoTime();
        long limit = venue.websocket().staleAfter().toNanos();
        for (Map.Entry<String, SyncState> e : desired.entrySet()) {
            String symbol = e.getKey();
            Long last = lastActivity.get(symbol);
            if (e.getValue() == SyncState.LIVE && last != null && now - last > limit && stale.add(symbol)) {
                publishState(symbol, "no update for more than " + venue.websocket().staleAfter().toMillis() + " ms");
            }
        }
    }

    @Override
    public void publish(Trade trade) {
        vertx.eventBus().publish(tradeAddress.get(trade.symbol()), trade);
    }

    @Override
    public void state(Instrument instrument, SyncState state, String reason) {
        String symbol = instrument.symbol();
        desired.put(symbol, state);
        desiredReason.put(symbol, reason);
        if (state == SyncState.LIVE) {
            lastActivity.put(symbol, System.nanoTime());
        }
        stale.remove(symbol);
        publishState(symbol, reason);
    }

    /** Publishes a symbol's state: the protocol's, or STALE over a silent LIVE feed. */
    private void publishState(String symbol, String reason) {
        SyncState state = stale.contains(symbol) ? SyncState.STALE : desired.get(symbol);
        VenueStatus.SymbolStatus old = symbols.get(symbol);
        if (old.state() == state && old.reason().equals(reason)) {
            return;
        }
        long resyncs = old.resyncs() + (state == SyncState.RESYNCING && old.state() != SyncState.RESYNCING ? 1 : 0);
        symbols.put(symbol, new VenueStatus.SymbolStatus(symbol, state, resyncs, reason));
        if (state == SyncState.RESYNCING) {
            LOG.warn("venue {} {}: resyncing: {}", venue.id(), symbol, reason);
        } else if (state == SyncState.STALE) {
            LOG.warn("venue {} {}: STALE: {}", venue.id(), symbol, reason);
        } else if (state == SyncState.LIVE) {
            LOG.info("venue {} {}: LIVE ({})", venue.id(), symbol, reason);
        }
        publishStatus();
    }

    @Override
    public void send(String text) {
        if (socket != null) {
            socket.writeTextMessage(text);
        }
    }

    @Override
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        long wait = limiter.tryAcquire(limitClass, cost);
        if (wait == 0) {
            return request(pathAndQuery);
        }
        long waitMillis = wait == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, wait / 1_000_000);
        if (wait == Long.MAX_VALUE || waitMillis > venue.rest().requestTimeout().toMillis()
                || waitingForTokens >= venue.rest().maxWaitQueue()) {
            return Future.failedFuture(new RestException(429, wait == Long.MAX_VALUE ? 0 : waitMillis, "GET "
                    + pathAndQuery + " not sent: the " + limitClass + " limit has " + limiter.available(limitClass)
                    + " unit(s) left, it needs " + cost + (wait == Long.MAX_VALUE ? ", more than the limit itself"
                    : "; the next are in " + waitMillis + " ms and " + waitingForTokens + " request(s) already wait")));
        }
        waitingForTokens++;
        return vertx.timer(waitMillis).compose(v -> {
            waitingForTokens--;
            return get(pathAndQuery, limitClass, cost);
        });
    }

    private Future<Buffer> request(String pathAndQuery) {
        long now = System.currentTimeMillis();
        if (now < bannedUntil || now < pausedUntil) {
            boolean banned = now < bannedUntil;
            long wait = (banned ? bannedUntil : pausedUntil) - now;
            return Future.failedFuture(new RestException(banned ? 418 : 429, wait, "GET " + pathAndQuery
                    + " not sent: " + (banned ? "banned by the venue" : "rate limited by the venue") + " for another "
                    + wait + " ms"));
        }
        String base = venue.rest().url().getPath();
        String uri = (base == null || base.equals("/") ? "" : base) + pathAndQuery;
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri)
                        .setTimeout(venue.rest().requestTimeout().toMillis()))
                .compose(req -> req.send())
                .compose(resp -> resp.body().compose(body -> {
                    protocol.usageHeaders().forEach((header, limitClass) -> {
                        String used = resp.getHeader(header);
                        if (used != null) {
                            try {
                                limiter.reconcile(limitClass, Long.parseLong(used.trim()));
                            } catch (NumberFormatException e) {
                                LOG.debug("venue {}: unreadable {} header '{}'", venue.id(), header, used);
                            }
                        }
                    });
                    if (resp.statusCode() == 200) {
                        return Future.succeededFuture(body);
                    }
                    long retryAfter = retryAfterMillis(resp.getHeader("Retry-After"));
                    if (resp.statusCode() == 418) {
                        banned(retryAfter, body.toString());
                    } else if (resp.statusCode() == 429) {
                        pausedUntil = System.currentTimeMillis() + retryAfter;
                        LOG.warn("venue {}: rate limited (429) on GET {}; pausing REST for {} ms: {}", venue.id(),
                                pathAndQuery, retryAfter, body);
                    }
                    return Future.failedFuture(new RestException(resp.statusCode(), retryAfter, "GET " + pathAndQuery
                            + " answered " + resp.statusCode() + ": " + body));
                }));
    }

    /** A 418: every REST call fails fast until the ban ends; the venue status says BANNED meanwhile. */
    private void banned(long millis, String body) {
        bannedUntil = System.currentTimeMillis() + millis;
        LOG.error("venue {}: banned by the venue (418) for {} ms: {}", venue.id(), millis, body);
        VenueStatus.Connection before = socket == null ? VenueStatus.Connection.DISCONNECTED
                : VenueStatus.Connection.CONNECTED;
        connection(VenueStatus.Connection.BANNED, "REST banned (418) for " + millis + " ms");
        vertx.setTimer(Math.max(1, millis), id -> {
            if (connection == VenueStatus.Connection.BANNED) {
                connection(socket == null ? VenueStatus.Connection.DISCONNECTED : before, "ban over");
            }
        });
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return 1_000;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    @Override
    public void reconnect(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            LOG.info("venue {}: reconnecting: {}", venue.id(), reason);
            onClosed(ws, reason);
            ws.close();
        }
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
        badFrames++;
        LOG.warn("venue {}{}: bad frame skipped ({} so far): {}", venue.id(),
                venueSymbol == null ? "" : " " + venueSymbol, badFrames, reason);
    }

    @Override
    public void later(long millis, Runnable action) {
        vertx.setTimer(Math.max(1, millis), id -> action.run());
    }

    @Override
    public long nowNanos() {
        return EpochClock.nanos();
    }

    @Override
    public String venue() {
        return venue.id();
    }

    private void connection(VenueStatus.Connection c, String reason) {
        connection = c;
        connectionReason = reason;
        publishStatus();
    }

    private void publishStatus() {
        List<VenueStatus.SymbolStatus> list = new ArrayList<>(symbols.values());
        long now = nowNanos();
        vertx.eventBus().publish(Addresses.status(venue.id()), new VenueStatus(venue.id(), "", Event.NO_SEQ,
                Event.NO_TIME, now, now, connection, connectionReason, list));
    }
}
