package io.xgate.ops;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Gives the one error Vert.x writes itself, before any handler of ours sees the request, the admin API's JSON
 * body: {@code 501} for a request line whose version is neither HTTP/1.0 nor HTTP/1.1
 * ({@code Http1xServerRequestHandler}). The invalid requests Netty's decoder reports (414, 431, 400) go to
 * {@code HttpServer.invalidRequestHandler} and are answered there.
 *
 * <p>This reaches into Vert.x internals (the connection's Netty pipeline), which are not contractual: if the
 * pipeline is not what it expects, it installs nothing and such a 501 keeps its empty body.
 */
final class JsonErrorBodies extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "xgate-json-errors";

    private JsonErrorBodies() {
    }

    /** Installs the rewrite on an HTTP/1 connection of the admin server. */
    static void install(HttpConnection conn) {
        if (conn instanceof io.vertx.core.net.impl.ConnectionBase c) {
            var pipeline = c.channel().pipeline();
            if (pipeline.get("handler") != null && pipeline.get(NAME) == null) {
                pipeline.addBefore("handler", NAME, new JsonErrorBodies());
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse r && r.status().code() == 501 && r.content().readableBytes() == 0) {
            byte[] body = new JsonObject().put("error", "HTTP version not supported: the admin API speaks HTTP/1.1 "
                    + "and HTTP/1.0").put("status", 501).encodePrettily().getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse json = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                    Unpooled.wrappedBuffer(body));
            json.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            r.release();
            ctx.write(json, promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
