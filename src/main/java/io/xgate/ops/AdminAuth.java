package io.xgate.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.xgate.config.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Bearer-token protection of the admin API ({@code admin.token}): every request but {@code /health/*} (the
 * probes) must carry {@code Authorization: Bearer <token>}, or it is answered 401 with
 * {@code WWW-Authenticate: Bearer}. The comparison takes the same time whatever the token sent. The path tested
 * for {@code /health/} is the router's normalised one, so {@code /health/../metrics} is not exempt. A browser (the
 * dashboard) opens {@code /?token=<token>} once: the token goes into an HttpOnly, SameSite=Strict cookie, which its
 * later requests (the page, its assets, the SockJS bridge) carry instead of the header.
 */
public final class AdminAuth implements Handler<RoutingContext> {

    /** The cookie a browser keeps the token in, once it opened {@code /?token=<admin.token>}. */
    static final String COOKIE = "xgate_admin_token";

    private final byte[] expected;

    /** A check against {@code token}. */
    public AdminAuth(Secret token) {
        char[] t = token.reveal();
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(t));
        Arrays.fill(t, '\0');
        expected = new byte[b.remaining()];
        b.get(expected);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/health/")) {
            ctx.next();
            return;
        }
        String h = ctx.request().getHeader("Authorization");
        byte[] sent = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        io.vertx.core.http.Cookie cookie = ctx.request().getCookie(COOKIE);
        if (sent.length == 0 && cookie != null) {
            sent = cookie.getValue().getBytes(StandardCharsets.UTF_8); // the dashboard, in a browser
        }
        String query = path.equals("/") ? ctx.request().getParam("token") : null;
        if (query != null && MessageDigest.isEqual(expected, query.getBytes(StandardCharsets.UTF_8))) {
            // opening the dashboard with the token: kept in a cookie the page's own requests carry, then off the URL
            ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(COOKIE, query).setHttpOnly(true).setPath("/")
                    .setSameSite(io.vertx.core.http.CookieSameSite.STRICT));
            ctx.response().setStatusCode(303).putHeader("Location", "/").end();
            return;
        }
        if (MessageDigest.isEqual(expected, sent)) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"xgate\"");
            OpsVerticle.error(ctx, 401, h == null ? "this endpoint needs 'Authorization: Bearer <admin.token>'"
                    : "the bearer token is not admin.token");
        }
    }
}
