package io.xgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.test.fakecluster.FakeClusterManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventMessageCodecTest {

    private Vertx nodeA;
    private Vertx nodeB;

    @AfterEach
    void close() throws Exception {
        for (Vertx v : new Vertx[] {nodeA, nodeB}) {
            if (v != null) {
                v.close().await(20, TimeUnit.SECONDS);
            }
        }
        FakeClusterManager.reset();
    }

    @Test
    void localDeliveryHandsOverTheSameObject(Vertx vertx, VertxTestContext ctx) {
        EventMessageCodec.register(vertx.eventBus(), new EventCodec());
        Event sent = Events.bookUpdate(10);
        vertx.eventBus().<Event>consumer("xgate.md.book.binance.BTC-USDT", m -> ctx.verify(() -> {
            assertSame(sent, m.body());
            ctx.completeNow();
        }));
        vertx.eventBus().publish("xgate.md.book.binance.BTC-USDT", sent);
    }

    @Test
    void everyEventCrossesNodesThroughMsgpack(VertxTestContext ctx) throws Exception {
        nodeA = clustered().await(30, TimeUnit.SECONDS);
        nodeB = clustered().await(30, TimeUnit.SECONDS);
        EventMessageCodec.register(nodeA.eventBus(), new EventCodec());
        EventMessageCodec.register(nodeB.eventBus(), new EventCodec());
        List<Event> events = Events.all();
        Checkpoint received = ctx.checkpoint(events.size());
        MessageConsumer<Event> consumer = nodeB.eventBus().consumer("xgate.test", m -> ctx.verify(() -> {
            Event e = m.body();
            Event expected = events.stream().filter(x -> x.equals(e)).findFirst().orElse(null);
            assertEquals(expected, e, "an event arrived that was not sent: " + e);
            assertNotSame(expected, e, "a remote event must have been decoded from the wire");
            received.flag();
        }));
        consumer.completion().onComplete(ctx.succeeding(v -> events.forEach(e -> nodeA.eventBus().publish("xgate.test", e))));
        assertEquals(true, ctx.awaitCompletion(30, TimeUnit.SECONDS));
        if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
        }
    }

    private static Future<Vertx> clustered() {
        VertxOptions o = new VertxOptions();
        o.getEventBusOptions().setHost("127.0.0.1").setPort(0);
        return Vertx.builder().with(o).withClusterManager(new FakeClusterManager()).buildClustered();
    }
}
