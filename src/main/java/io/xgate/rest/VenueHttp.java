package io.xgate.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.xgate.config.VenueConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one REST client of a venue: a pooled Vert.x Web Client, a token bucket per configured limit class
 * ({@link RateLimiter}), reconciliation with the venue's usage headers, a pause per limit class after a 429
 * ({@code Retry-After}) and a circuit for a ban (Binance 418). Market data and orders share it, so that they share
 * one budget and one view of the venue's standing.
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

    private final VenueConfig venue;
    private final Vertx vertx;
    private final Map<String, String> usageHeaders;
    private final RateLimiter limiter;
    private final HttpClient http;
    private final WebClient web;
    private int waitingForTokens;
    private long bannedUntil;
    /** Per limit class, until when a 429 asked us to stay away (epoch ms). */
    private final Map<String, Long> paused = new HashMap<>();
    private Standing standing = Standing.OK;
    private Consumer<Standing> listener = s -> { };

    /**
     * @param usageHeaders response headers in which the venue reports its count, to the limit class they count
     */
    public VenueHttp(Vertx vertx, VenueConfig venue, Map<String, String> usageHeaders) {
        this.vertx = vertx;
        this.venue = venue;
        this.usageHeaders = Map.copyOf(usageHeaders);
        this.limiter = new RateLimiter(venue);
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
    }

    /** The limit classes' buckets (gauges read {@link RateLimiter#lastAvailable}). */
    public RateLimiter limiter() {
        return limiter;
    }

    /** Tells {@code listener} of every change of standing (on the thread that learned it). */
    public void onStanding(Consumer<Standing> listener) {
        this.listener = listener;
    }

    /** The venue's standing now. */
    public Standing standing() {
        return standing;
    }

    /**
     * {@code GET} of a path (with query) on the venue's REST base URL, costing {@code cost} units of the limit
     * class {@code limitClass}; fails unless the status is 200. Waits for the units in a bounded queue, or fails
     * fast with a {@link RestException} when the wait would exceed the request timeout or the queue is full.
     */
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        long wait = limiter.tryAcquire(limitClass, cost);
        if (wait == 0) {
            return request(pathAndQuery, limitClass);
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

    private Future<Buffer> request(String pathAndQuery, String limitClass) {
        long now = System.currentTimeMillis();
        long pausedUntil = pausedUntil(limitClass);
        if (now < bannedUntil || now < pausedUntil) {
            boolean banned = now < bannedUntil;
            long wait = (banned ? bannedUntil : pausedUntil) - now;
            return Future.failedFuture(new RestException(banned ? 418 : 429, wait, "GET " + pathAndQuery
                    + " not sent: " + (banned ? "banned by the venue" : "rate limited by the venue") + " for another "
                    + wait + " ms"));
        }
        String base = venue.rest().url().getPath();
        String uri = (base == null || base.equals("/") ? "" : base) + pathAndQuery;
        return web.get(uri).timeout(venue.rest().requestTimeout().toMillis()).send()
                .compose(resp -> {
                    Buffer body = resp.body() == null ? Buffer.buffer() : resp.body();
                    usageHeaders.forEach((header, countedClass) -> {
                        String used = resp.getHeader(header);
                        if (used != null) {
                            try {
                                limiter.reconcile(countedClass, Long.parseLong(used.trim()));
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
                        paused.put(limitClass, System.currentTimeMillis() + retryAfter);
                        LOG.warn("venue {}: rate limited (429) on GET {}; pausing {} for {} ms: {}", venue.id(),
                                pathAndQuery, limitClass, retryAfter, body);
                    }
                    return Future.failedFuture(new RestException(resp.statusCode(), retryAfter, "GET " + pathAndQuery
                            + " answered " + resp.statusCode() + ": " + body));
                });
    }

    private long pausedUntil(String limitClass) {
        Long until = paused.get(limitClass);
        return until == null ? 0 : until;
    }

    /** A 418: every call fails fast until the ban ends, and the standing says BANNED meanwhile. */
    private void banned(long millis, String body) {
        bannedUntil = System.currentTimeMillis() + millis;
        LOG.error("venue {}: banned by the venue (418) for {} ms: {}", venue.id(), millis, body);
        standing(new Standing(State.BANNED, bannedUntil, "REST banned (418) for " + millis + " ms: " + body));
        vertx.setTimer(Math.max(1, millis), id -> {
            if (System.currentTimeMillis() >= bannedUntil && standing.state() == State.BANNED) {
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

    /** Closes the pooled connections. */
    public Future<Void> close() {
        return web == null ? Future.succeededFuture() : http.close();
    }
}
