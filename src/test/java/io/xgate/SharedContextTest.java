package io.xgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Books beside their venue: members of one {@link SharedContext} run on one context and thread. */
class SharedContextTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Records its context and thread; the consumer records the thread it handles a message on. */
    private static final class Member extends VerticleBase {
        final String address;
        final List<String> events;
        volatile Context started;
        volatile Thread thread;
        final CompletableFuture<Thread> handledOn = new CompletableFuture<>();

        Member(String address, List<String> events) {
            this.address = address;
            this.events = events;
        }

        @Override
        public Future<?> start() {
            started = context;
            thread = Thread.currentThread();
            events.add("start " + address);
            return vertx.eventBus().localConsumer(address, m -> handledOn.complete(Thread.currentThread()))
                    .completion();
        }

        @Override
        public Future<?> stop() {
            events.add("stop " + address);
            return Future.succeededFuture();
        }
    }

    @Test
    void membersShareOneContextAndALocalMessageBetweenThemStaysOnItsThread() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Member book = new Member("book", events);
        Member venue = new Member("venue", events);
        Member elsewhere = new Member("elsewhere", events);
        String id = vertx.deployVerticle(new SharedContext(List.of(book, venue))).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        // with several event loops, a deployment of its own lands on another one
        vertx.deployVerticle(elsewhere, new DeploymentOptions()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertSame(book.started, venue.started, "one context");
        assertEquals(List.of("start book", "start venue", "start elsewhere"), events, "members start in order");
        venue.started.runOnContext(v -> vertx.eventBus().publish("book", "update", new DeliveryOptions()
                .setLocalOnly(true)));
        assertSame(venue.thread, book.handledOn.get(10, TimeUnit.SECONDS), "handled on the publisher's thread");
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("stop venue", "stop book"), events.subList(3, 5), "stopped in reverse order");
    }
}
