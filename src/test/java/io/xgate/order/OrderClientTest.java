package io.xgate.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.xgate.event.Addresses;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A caller of the order API always gets a report: no desk and no reply say what they mean. */
class OrderClientTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static OrderRequest query(String venue) {
        return new OrderRequest(venue, "BTC-USDT", -1, 0, 1, 2, OrderRequest.Action.QUERY, "c-1", Side.BUY,
                OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2, 5, 0, 0, "");
    }

    @Test
    void noDeskIsARejectionAndNoReplyIsUnknown() throws Exception {
        EventMessageCodec.register(vertx.eventBus(), new EventCodec());
        OrderReport none = OrderClient.send(vertx.eventBus(), query("binance"), 1_000).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OrderReport.Status.REJECTED, none.status());
        assertEquals("NO_LEADER", none.code());
        assertEquals(OrderReport.Source.LOCAL, none.source());
        assertEquals("c-1", none.clientOrderId());

        vertx.eventBus().consumer(Addresses.orders("kraken"), m -> {
            // a desk that dies with the request: never replies
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        OrderReport silent = OrderClient.send(vertx.eventBus(), query("kraken"), 200).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OrderReport.Status.UNKNOWN, silent.status());
        assertEquals("NO_REPLY", silent.code());
    }
}
