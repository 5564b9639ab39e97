package io.xgate.event.internal;

import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code OrderRequest} (6): {@code action, clientOrderId, side, orderType, timeInForce, priceScale, sizeScale,
 * price, quantity, venueOrderId}.
 */
final class OrderRequestLayout implements EventLayout<OrderRequest> {

    @Override
    public EventType type() {
        return EventType.ORDER_REQUEST;
    }

    @Override
    public int ownFields() {
        return 10;
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, OrderRequest r) throws IOException {
        p.packInt(r.action().code());
        f.string(r.clientOrderId());
        p.packInt(r.side().code()).packInt(r.orderType().code()).packInt(r.timeInForce().code())
                .packInt(r.priceScale()).packInt(r.sizeScale()).packLong(r.price()).packLong(r.quantity());
        f.string(r.venueOrderId());
    }

    @Override
    public OrderRequest read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        OrderRequest.Action action = OrderRequest.Action.ofCode(u.unpackInt());
        String clientId = f.string();
        Side side = Side.ofCode(u.unpackInt());
        OrderRequest.OrderType orderType = OrderRequest.OrderType.ofCode(u.unpackInt());
        OrderRequest.TimeInForce tif = OrderRequest.TimeInForce.ofCode(u.unpackInt());
        if (action == null || orderType == null || tif == null) {
            throw new EventDecodeException("unknown order action, type or time in force");
        }
        return new OrderRequest(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), action, clientId, side, orderType, tif, u.unpackInt(), u.unpackInt(),
                u.unpackLong(), u.unpackLong(), f.string());
    }
}
