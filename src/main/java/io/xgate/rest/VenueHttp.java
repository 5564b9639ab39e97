package io.xgate.rest;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.xgate.config.VenueConfig;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one REST client of a venue: a pooled Vert.x Web Client, a token bucket per configured limit class
 * ({@link RateLimiter}), the configured endpoint weights ({@code endpointWeights}), reconciliation with the venue's
 * usage headers after every response, a pause per limit class after a 429 ({@code Retry-After}) and a circuit for
 * a ban (Binance 418, Bybit 403: the dialect's ban statuses). Market data ({@link #get}) and orders ({@link #send}) share it, so that they share one
 * budget and one view of the venue's standing.
 *
 * <p>Threading: shared by the venue verticle's context and the order desk's context. Every method may be called
 * from either; a response is handled on the context that sent the request. The buckets are synchronized (Bucket4j
 * {@code SYNCHRONIZED}, see {@link RateLimiter}), the pauses a concurrent map, the ban and standing volatile; the standing listener is told on
 * the thread that learned of the change.
 */
public final class VenueHttp {

    private static final Logger LOG = LoggerFactory.getLogger(VenueHttp.class);

    /** What the venue currently thinks of us. */
    public enum State {
        /** Requests go out. */
        OK,
        /** Banned (Binance 418): nothing goes out until {@link Standing#untilMillis()}. */
        BANNED
    }

    /**
     * The venue's standing.
     *
     * @param state       OK or BANNED
     * @param untilMillis when a ban ends (epoch ms), or 0
     * @param reason      what the venue said
     */
    public record Standing(State state, long untilMillis, String reason) {
        /** In good standing. */
        public static final Standing OK = new Standing(State.OK, 0, "");
    }

    /**
     * A venue's answer, whatever its status, for callers that read the venue's own codes (orders).
     *
     * @param status        the HTTP status
     * @param statusMessage the HTTP reason phrase
     * @param headers       the response headers (case-insensitive)
     * @param body          the body, empty if none
     */
    public record Reply(int status, String statusMessage, MultiMap headers, Buffer body) {
        /** A header's value, or {@code null}. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final VenueConfig venue;
    private final Vertx vertx;
    private final Map<String, String> usageHeaders;
    private final Map<Integer, Long> banStatuses;
    private final RateLimiter limiter;
    private final HttpClient http;
    private final WebClient web;
    private final String basePath;
    private final AtomicInteger waitingForTokens = new AtomicInteger();
    private volatile long bannedUntil;
    /** The HTTP status of the last ban (418, or the dialect's ban status). */
    private volatile int bannedStatus = 418;
    /** Per limit class, until when a 429 asked us to stay away (epoch ms). */
    private final Map<String, Long> paused = new ConcurrentHashMap<>();
    private volatile Standing standing = Standing.OK;
    private volatile Consumer<Standing> listener = s -> { };

    /**
     * @param usageHeaders response headers in which the venue reports its count, to the limit class they count
     */
    public VenueHttp(Vertx vertx, VenueConfig venue, Map<String, String> usageHeaders) {
        this(vertx, venue, usageHeaders, Map.of(418, 0L));
    }

    /**
     * @param usageHeaders     response headers in which the venue reports its count, to the limit class they count
     * @param banStatuses      the HTTP statuses that mean a ban, each to its shortest duration in ms (a longer
     *                         {@code Retry-After} wins; without one and with 0 here, 1 s)
     */
    public VenueHttp(Vertx vertx, VenueConfig venue, Map<String, String> usageHeaders,
                     Map<Integer, Long> banStatuses) {
        this(vertx, venue, usageHeaders, banStatuses, null);
    }

    /**
     * @param usageHeaders     response headers in which the venue reports its count, to the limit class they count
     * @param banStatuses      the HTTP statuses that mean a ban, each to its shortest duration in ms
     * @param budgets          the cluster's shared budgets, for the classes with {@code scope: cluster}; {@code null}
     *                         when not clustered (every class local)
     */
    public VenueHttp(Vertx vertx, VenueConfig venue, Map<String, String> usageHeaders,
                     Map<Integer, Long> banStatuses, ClusterBudgets budgets) {
        this.vertx = vertx;
        this.venue = venue;
        this.usageHeaders = Map.copyOf(usageHeaders);
        this.banStatuses = Map.copyOf(banStatuses);
        this.limiter = new RateLimiter(venue, budgets);
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
        web = WebClient.wrap(http); // the pooled client above, with Web Client's request/response API
        String base = r.url().getPath();
        basePath = base == null || base.equals("/") ? "" : base;
    }

    /** The limit classes' buckets (gauges read {@link RateLimiter#lastAvailable}). */
    public RateLimiter limiter() {
        return limiter;
    }

    /**
     * Per cluster-scoped limit class, whether it draws on the cluster's shared budget now (true) or on its local
     * share because the store does not answer (false); empty when not clustered or no class is cluster-scoped.
     */
    public Map<String, Boolean> sharedBudgets() {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (VenueConfig.RateLimit l : venue.rateLimits()) {
            if (limiter.clusterScoped(l.name())) {
                out.put(l.name(), limiter.shared(l.name()));
            }
        }
        return out;
    }

    /**
     * The weight of an endpoint: the venue file's {@code endpointWeights."METHOD /path"} if it names it, else the
     * documented default the caller knows (Binance {@code GET /api/v3/depth} by {@code limit}, ...).
     *
     * @param endpoint {@code "METHOD /path"}, without the query string
     */
    public long weight(String endpoint, long documentedDefault) {
        return configuredWeight(venue, endpoint, documentedDefault);
    }

    /** {@link #weight} for a venue's configuration, for whoever needs it before a client exists (limit rules). */
    public static long configuredWeight(VenueConfig venue, String endpoint, long documentedDefault) {
        Integer w = venue.endpointWeights().get(endpoint);
        return w == null ? documentedDefault : w;
    }

    /** Tells {@code listener} of every change of standing (on the thread that learned it). */
    public void onStanding(Consumer<Standing> listener) {
        this.listener = listener;
    }

    /** The venue's standing now. */
    public Standing standing() {
        Standing s = standing;
        return s.state() == State.BANNED && System.currentTimeMillis() >= s.untilMillis() ? Standing.OK : s;
    }

    /**
     * {@code GET} of a path (with query) on the venue's REST base URL, costing {@code cost} units of the limit
     * class {@code limitClass} (or the configured weight of {@code "GET /path"}); fails unless the status is 200.
     * Waits for the units in a bounded queue, or fails fast with a {@link RestException} when the wait would exceed
     * the request timeout or the queue is full.
     */
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        return send(HttpMethod.GET, pathAndQuery, Map.of(), "", limitClass, cost).compose(reply -> {
            if (reply.status() == 200) {
                return Future.succeededFuture(reply.body());
            }
            return Future.failedFuture(new RestException(reply.status(),
                    retryAfterMillis(reply.header("Retry-After")), "GET " + pathAndQuery + " answered "
                    + reply.status() + ": " + reply.body()));
        });
    }

    /**
     * Sends one request on the venue's REST base URL, costing {@code cost} units of {@code limitClass} (or the
     * configured weight of its endpoint, {@code "METHOD /path"}), and gives back the venue's answer whatever its
     * status. After every answer the buckets are reconciled with the venue's usage headers; a 429 pauses
     * {@code limitClass} for {@code Retry-After}; a 418 opens the ban circuit. Fails with a {@link RestException}
     * (status 418 for any ban, whatever status the venue banned with, or 429) when nothing was sent: banned, paused, or the units not there within the request timeout
     * (or the wait queue full); any other failure is the transport's (the request may or may not have arrived).
     *
     * @param pathAndQuery the path from the base URL, with its query string if any
     * @param limitClass   the limit class it spends, {@code ""} if none
     */
    public Future<Reply> send(HttpMethod method, String pathAndQuery, Map<String, String> headers, String body,
                              String limitClass, long cost) {
        String endpoint = method.name() + ' ' + pathOf(pathAndQuery);
        long units = weight(endpoint, cost);
        RestException blocked = blocked(endpoint, limitClass);
        if (blocked != null) {
            return Future.failedFuture(blocked);
        }
        return acquire(endpoint, limitClass, units).compose(v -> {
            RestException stillBlocked = blocked(endpoint, limitClass); // a ban may have begun while it waited
            if (stillBlocked != null) {
                limiter.refund(limitClass, units);
                return Future.failedFuture(stillBlocked);
            }
            return exchange(method, endpoint, pathAndQuery, headers, body, limitClass);
        }).recover(e -> Future.failedFuture(stopping && !(e instanceof RestException) ? new Stopping(endpoint, e) : e));
    }

    /** Why nothing may go out now on {@code limitClass} (banned, or paused by a 429), or {@code null}. */
    private RestException blocked(String endpoint, String limitClass) {
        long now = System.currentTimeMillis();
        long bannedUntil = this.bannedUntil;
        long pausedUntil = pausedUntil(limitClass);
        if (now >= bannedUntil && now >= pausedUntil) {
            return null;
        }
        boolean banned = now < bannedUntil;
        long wait = (banned ? bannedUntil : pausedUntil) - now;
        return new RestException(banned ? 418 : 429, wait, endpoint + " not sent: " + (banned
                ? "banned by the venue (" + bannedStatus + ") until " + Instant.ofEpochMilli(bannedUntil) + ", " + standing.reason()
                : "rate limited by the venue (429) on " + limitClass) + "; for another " + wait + " ms");
    }

    private Future<Void> acquire(String endpoint, String limitClass, long cost) {
        if (limiter.clusterScoped(limitClass)) {
            // the cluster's bucket answers on a Hazelcast thread: back to the caller's context
            return Future.fromCompletionStage(limiter.acquire(limitClass, cost), vertx.getOrCreateContext())
                    .compose(wait -> acquired(endpoint, limitClass, cost, wait));
        }
        return acquired(endpoint, limitClass, cost, limiter.tryAcquire(limitClass, cost));
    }

    private Future<Void> acquired(String endpoint, String limitClass, long cost, long wait) {
        if (wait == 0) {
            return Future.succeededFuture();
        }
        long waitMillis = wait == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, wait / 1_000_000);
        int waiting = waitingForTokens.get();
        if (wait == Long.MAX_VALUE || waitMillis > venue.rest().requestTimeout().toMillis()
                || waiting >= venue.rest().maxWaitQueue()) {
            return Future.failedFuture(new RestException(429, wait == Long.MAX_VALUE ? 0 : waitMillis, endpoint
                    + " not sent: the " + limitClass + " limit has " + limiter.available(limitClass)
                    + " unit(s) left, it needs " + cost + (wait == Long.MAX_VALUE ? ", more than the limit itself"
                    : "; the next are in " + waitMillis + " ms and " + waiting + " request(s) already wait")));
        }
        waitingForTokens.incrementAndGet();
        return vertx.timer(waitMillis).compose(v -> {
            waitingForTokens.decrementAndGet();
            return acquire(endpoint, limitClass, cost);
        });
    }

    private Future<Reply> exchange(HttpMethod method, String endpoint, String pathAndQuery,
                                   Map<String, String> headers, String body, String limitClass) {
        HttpRequest<Buffer> req = web.request(method, basePath + pathAndQuery)
                .timeout(venue.rest().requestTimeout().toMillis());
        headers.forEach(req::putHeader);
        Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body.isEmpty() && method == HttpMethod.GET
                ? req.send() : req.sendBuffer(Buffer.buffer(body));
        return sent.map(resp -> {
            Reply reply = new Reply(resp.statusCode(), resp.statusMessage(), resp.headers(),
                    resp.body() == null ? Buffer.buffer() : resp.body());
            reconcile(reply);
            Long ban = banStatuses.get(reply.status());
            if (ban != null || reply.status() == 429) {
                long retryAfter = retryAfterMillis(reply.header("Retry-After"));
                if (ban != null) {
                    banned(reply.status(), reply.header("Retry-After") == null && ban > 0 ? ban
                            : Math.max(ban, retryAfter), endpoint, reply.body().toString());
                } else {
                    paused.merge(limitClass, System.currentTimeMillis() + retryAfter, Math::max);
                    LOG.warn("venue {}: rate limited (429) on {}; pausing {} for {} ms: {}", venue.id(), endpoint,
                            limitClass, retryAfter, reply.body());
                }
            }
            return reply;
        });
    }

    /** The venue's own count, from its usage headers: we must never believe we have more left than it says. */
    private void reconcile(Reply reply) {
        usageHeaders.forEach((header, countedClass) -> {
            String used = reply.header(header);
            if (used != null) {
                try {
                    limiter.reconcile(countedClass, Long.parseLong(used.trim()));
                } catch (NumberFormatException e) {
                    LOG.debug("venue {}: unreadable {} header '{}'", venue.id(), header, used);
                }
            }
        });
    }

    private static String pathOf(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private long pausedUntil(String limitClass) {
        Long until = paused.get(limitClass);
        return until == null ? 0 : until;
    }

    /** A 418: every call fails fast until the ban ends, and the standing says BANNED meanwhile. */
    private void banned(int status, long millis, String endpoint, String body) {
        long until = System.currentTimeMillis() + millis;
        bannedStatus = status;
        bannedUntil = Math.max(bannedUntil, until);
        LOG.error("venue {}: banned by the venue ({}) on {} for {} ms, until {}: {}", venue.id(), status, endpoint,
                millis, Instant.ofEpochMilli(until), body);
        standing(new Standing(State.BANNED, until, "REST banned (" + status + ") for " + millis + " ms: " + body));
        vertx.setTimer(Math.max(1, millis), id -> {
            Standing s = standing;
            if (System.currentTimeMillis() >= bannedUntil && s.state() == State.BANNED) {
                standing(Standing.OK);
            }
        });
    }

    private void standing(Standing s) {
        standing = s;
        listener.accept(s);
    }

    static long retryAfterMillis(String header) {
        if (header == null) {
            return 1_000;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    private volatile boolean stopping;

    /**
     * A request that failed because the client is stopping ({@link #shutdown}): the stop's doing, not the venue's, so
     * its caller logs it at DEBUG.
     */
    public static final class Stopping extends RuntimeException {
        Stopping(String endpoint, Throwable cause) {
            super(endpoint + " not answered: the gateway is stopping (" + cause.getMessage() + ")", cause, false, false);
        }
    }

    /** Whether a request's failure is a {@link Stopping}: log it at DEBUG, the stop caused it. */
    public static boolean stopping(Throwable e) {
        return e instanceof Stopping;
    }

    /** Closes the pooled connections. */
    public Future<Void> close() {
        return web == null ? Future.succeededFuture() : http.close();
    }

    /**
     * A clean stop: the requests in flight (a clock sample, instrument metadata, an order) finish, for at most
     * {@code timeout}, then the connections close. Closing at once would cut them, and each cut would be logged as
     * a failure (and Vert.x warns of every connection it evicts) although the stop caused it.
     */
    public Future<Void> shutdown(java.time.Duration timeout) {
        stopping = true;
        return web == null ? Future.succeededFuture()
                : http.shutdown(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
