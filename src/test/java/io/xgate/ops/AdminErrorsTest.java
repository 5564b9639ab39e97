package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error of the admin API is the JSON error shape, those Netty and Vert.x produce before any handler
 * (414, 431, 400, 501) included; HEAD works wherever GET does; {@code admin.token} guards everything but
 * {@code /health/*}. Raw requests over plain sockets on loopback, against a gateway on the simulator.
 */
class AdminErrorsTest {

    private static final String TOKEN = "s3cret-admin-token";

    @TempDir
    static Path dir;
    private static Gateway gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        gateway = AdminGateway.start(AdminGateway.config(dir, "token: {env: XGATE_ADMIN_TOKEN}, maxUrlLength: 2048, "
                + "maxHeaderSize: 4096, ", "", Map.of("XGATE_ADMIN_TOKEN", TOKEN)::get));
        port = gateway.adminPort();
        AdminGateway.awaitReady(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        AdminGateway.stop(gateway);
    }

    private static RawHttp.Response get(String method, String target, String headers) throws Exception {
        return RawHttp.exchange(port, method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + headers
                + "Connection: close\r\n\r\n");
    }

    private static RawHttp.Response authed(String method, String target) throws Exception {
        return get(method, target, "Authorization: Bearer " + TOKEN + "\r\n");
    }

    /** A JSON error of that status: {@code {"error": "...", "status": N}} and the JSON content type. */
    private static JsonObject assertJsonError(int status, RawHttp.Response r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.headers().getOrDefault("content-type", "").startsWith("application/json"), r.headers().toString());
        JsonObject body = new JsonObject(r.body());
        assertEquals(status, body.getInteger("status"), r.body());
        assertTrue(!body.getString("error").isBlank(), r.body());
        return body;
    }

    @Test
    void oversizedAndMalformedRequestsGetJsonErrors() throws Exception {
        RawHttp.Response longUrl = authed("GET", "/api/venues?x=" + "a".repeat(10_000));
        assertJsonError(414, longUrl);
        RawHttp.Response bigHeaders = get("GET", "/api/venues", "X-Big: " + "b".repeat(20_000) + "\r\n");
        assertJsonError(431, bigHeaders);
        RawHttp.Response malformed = RawHttp.exchange(port, "GET /api/venues HTTP/1.1\r\nHost: x\r\n"
                + "this is not a header\r\n\r\n");
        assertJsonError(400, malformed);
        RawHttp.Response badVersion = RawHttp.exchange(port, "GET /health/live HTTP/1.7\r\nHost: x\r\n\r\n");
        assertJsonError(501, badVersion);
        System.out.printf("figures: 414 %d B, 431 %d B, 400 %d B, 501 %d B of JSON%n", longUrl.body().length(),
                bigHeaders.body().length(), malformed.body().length(), badVersion.body().length());
    }

    @Test
    void headWorksWhereverGetDoes() throws Exception {
        for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/api/venues",
                "/api/opportunities", "/api/books/binance/BTC-USDT?depth=3"}) {
            RawHttp.Response g = authed("GET", path);
            RawHttp.Response h = authed("HEAD", path);
            assertEquals(g.status(), h.status(), path);
            assertEquals(200, h.status(), path);
            assertEquals(g.headers().get("content-type"), h.headers().get("content-type"), path);
            assertTrue(h.headers().containsKey("content-length"), path + " " + h.headers());
        }
        // the query string is kept: a bad depth is a 400 for HEAD as for GET
        assertEquals(400, authed("HEAD", "/api/books/binance/BTC-USDT?depth=0").status());
        assertEquals(404, authed("HEAD", "/no/such/thing").status());
        RawHttp.Response post = authed("POST", "/api/venues");
        assertJsonError(405, post);
        assertEquals("GET, HEAD", post.headers().get("allow"));
        assertJsonError(405, authed("QWERTYUIOPASD", "/"));
    }

    @Test
    void theTokenGuardsEverythingButHealth() throws Exception {
        assertEquals(200, get("GET", "/health/live", "").status());
        assertEquals(200, get("GET", "/health/ready", "").status());
        for (String path : new String[] {"/metrics", "/api/venues", "/api/books/binance/BTC-USDT",
                "/health/../api/venues", "/health/%2e%2e/metrics", "/nothing"}) {
            RawHttp.Response r = get("GET", path, "");
            assertJsonError(401, r);
            assertTrue(r.headers().getOrDefault("www-authenticate", "").startsWith("Bearer"), r.headers().toString());
            assertJsonError(401, get("GET", path, "Authorization: Bearer wrong\r\n"));
            assertJsonError(401, get("GET", path, "Authorization: Basic " + TOKEN + "\r\n"));
        }
        assertEquals(200, authed("GET", "/api/venues").status());
        assertEquals(200, authed("GET", "/metrics").status());
    }

    @Test
    void theDashboardIsBehindTheTokenAndABrowserCarriesItAsACookie() throws Exception {
        for (String path : new String[] {"/", "/eventbus/info", "/dashboard/config"}) {
            assertEquals(401, get("GET", path, "").status(), path);
        }
        assertEquals(401, get("GET", "/?token=wrong", "").status());
        RawHttp.Response opened = get("GET", "/?token=" + TOKEN, "");
        assertEquals(303, opened.status(), opened.body());
        assertEquals("/", opened.headers().get("location"));
        String cookie = opened.headers().getOrDefault("set-cookie", "");
        assertTrue(cookie.startsWith("xgate_admin_token=" + TOKEN) && cookie.toLowerCase().contains("httponly")
                && cookie.contains("SameSite=Strict"), cookie);
        String carried = "Cookie: xgate_admin_token=" + TOKEN + "\r\n";
        assertEquals(200, get("GET", "/", carried).status());
        assertEquals(200, get("GET", "/eventbus/info", carried).status());
        assertEquals(200, get("GET", "/api/venues", carried).status());
        assertEquals(401, get("GET", "/", "Cookie: xgate_admin_token=wrong\r\n").status());
    }
}
