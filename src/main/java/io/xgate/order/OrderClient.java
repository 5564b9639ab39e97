package io.xgate.order;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.xgate.event.Addresses;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;

/**
 * Sends an {@link OrderRequest} to its venue's order desk and always answers with an {@link OrderReport}, never a
 * bare failure: what the event bus says when no desk answered is turned into the report it means.
 *
 * <ul>
 *   <li>No desk registered ({@code NO_HANDLERS}: the venue's leader is changing, high availability): {@code REJECTED},
 *       source {@code LOCAL}, code {@code NO_LEADER}. Nothing was sent to the venue; send it again shortly.</li>
 *   <li>No reply within the timeout (a desk that died with the request, or a slow venue): {@code UNKNOWN}, code
 *       {@code NO_REPLY}. The order may or may not be at the venue: query it by {@code clientOrderId}.</li>
 *   <li>The desk failed the request: {@code UNKNOWN}, code {@code FAILED}, with its message.</li>
 * </ul>
 *
 * <pre>{@code
 * OrderClient.send(vertx.eventBus(), request, 5_000).onSuccess(report -> ...);
 * }</pre>
 */
public final class OrderClient {

    private OrderClient() {
    }

    /** The desk's report, or the report that its silence means. */
    public static Future<OrderReport> send(EventBus bus, OrderRequest r, long timeoutMillis) {
        return bus.<OrderReport>request(Addresses.orders(r.venue()), r, new DeliveryOptions()
                .setSendTimeout(timeoutMillis)).map(m -> m.body()).recover(e -> {
                    ReplyFailure f = e instanceof ReplyException re ? re.failureType() : ReplyFailure.ERROR;
                    return Future.succeededFuture(switch (f) {
                        case NO_HANDLERS -> report(r, OrderReport.Status.REJECTED, "NO_LEADER", "no node serves "
                                + Addresses.orders(r.venue()) + " now (its leader is changing); nothing was sent");
                        case TIMEOUT -> report(r, OrderReport.Status.UNKNOWN, "NO_REPLY", "no reply within "
                                + timeoutMillis + " ms; the order may or may not be at the venue: query it by "
                                + "clientOrderId " + r.clientOrderId());
                        default -> report(r, OrderReport.Status.UNKNOWN, "FAILED", String.valueOf(e.getMessage()));
                    });
                });
    }

    private static OrderReport report(OrderRequest r, OrderReport.Status s, String code, String message) {
        long now = EpochClock.nanos();
        return new OrderReport(r.venue(), r.symbol(), Event.NO_SEQ, Event.NO_TIME, now, now, r.clientOrderId(),
                r.venueOrderId(), s, OrderReport.Source.LOCAL, code, message, r.priceScale(), r.sizeScale(), 0, 0);
    }
}
