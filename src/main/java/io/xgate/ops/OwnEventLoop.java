package io.xgate.ops;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.CloseFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.TimeUnit;

/**
 * Deploys a verticle on an event loop of its own: a one-thread Netty event-loop group, made by Vert.x's transport,
 * that no other verticle is ever assigned to. Vert.x gives each deployment a context on the next of its shared
 * event loops in turn ({@code 2 × cores} of them), so an ordinary deployment of the admin verticle shares a thread
 * with a venue's; then every slow HTTP request (a {@code depth=5000} book, a 19 MB scrape) delays that venue's
 * frames. On this loop its timers, event-bus consumers, HTTP server and the server's connections all run on the
 * one thread, named {@code threadName}.
 *
 * <p>It uses Vert.x's internal context builder ({@code VertxInternal#contextBuilder}), which is not contractual.
 * Undeploying stops the verticle, closes what it opened (server, consumers, timers) and shuts the thread down.
 */
public final class OwnEventLoop implements Deployable {

    private final VerticleBase verticle;
    private final String threadName;
    private EventLoopGroup group;
    private ContextInternal own;
    private CloseFuture resources;

    /** {@code verticle}, to run on a thread named {@code threadName}. */
    public OwnEventLoop(VerticleBase verticle, String threadName) {
        this.verticle = verticle;
        this.threadName = threadName;
    }

    /** The name of the verticle's own thread. */
    public String threadName() {
        return threadName;
    }

    @Override
    public Future<?> deploy(Context parent) {
        VertxInternal vertx = (VertxInternal) parent.owner();
        group = vertx.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, 1,
                r -> VertxThreadFactory.INSTANCE.newVertxThread(r, threadName, false, 2, TimeUnit.SECONDS), 50);
        resources = new CloseFuture();
        own = vertx.contextBuilder().withEventLoop(group.next()).withCloseFuture(resources)
                .withClassLoader(verticle.getClass().getClassLoader()).build();
        Promise<Object> started = ((ContextInternal) parent).promise();
        own.runOnContext(v -> {
            try {
                verticle.deploy(own).onComplete(started);
            } catch (Throwable e) {
                started.fail(e);
            }
        });
        return started.future().recover(e -> resources.close().eventually(this::stopThread)
                .transform(x -> Future.failedFuture(e)));
    }

    @Override
    public Future<?> undeploy(Context parent) {
        Promise<Object> stopped = ((ContextInternal) parent).promise();
        own.runOnContext(v -> {
            Future<?> f;
            try {
                f = verticle.undeploy(own);
            } catch (Throwable e) {
                f = Future.failedFuture(e);
            }
            f.eventually(() -> resources.close()).onComplete(stopped);
        });
        return stopped.future().eventually(this::stopThread);
    }

    private Future<Void> stopThread() {
        Promise<Void> done = Promise.promise();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete());
        return done.future();
    }
}
