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
 * for {@code /health/} is the router's normalised one, so {@code /health/../metrics} is not exempt.
 */
public final class AdminAuth implements Handler<RoutingContext> {

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
        if (MessageDigest.isEqual(expected, sent)) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"xgate\"");
            OpsVerticle.error(ctx, 401, h == null ? "this endpoint needs 'Authorization: Bearer <admin.token>'"
                    : "the bearer token is not admin.token");
        }
    }
}
