package io.xgate.event.internal;

import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import io.xgate.event.OrderReport;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code OrderReport} (7): {@code clientOrderId, venueOrderId, status, source, code, message, priceScale,
 * sizeScale, filledQuantity, averagePrice}.
 */
final class OrderReportLayout implements EventLayout<OrderReport> {

    @Override
    public EventType type() {
        return EventType.ORDER_REPORT;
    }

    @Override
    public int ownFields() {
        return 10;
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, OrderReport r) throws IOException {
        f.string(r.clientOrderId());
        f.string(r.venueOrderId());
        p.packInt(r.status().code()).packInt(r.source().code());
        f.string(r.code());
        f.string(r.message());
        p.packInt(r.priceScale()).packInt(r.sizeScale()).packLong(r.filledQuantity()).packLong(r.averagePrice());
    }

    @Override
    public OrderReport read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        String clientId = f.string();
        String venueId = f.string();
        OrderReport.Status status = OrderReport.Status.ofCode(u.unpackInt());
        OrderReport.Source source = OrderReport.Source.ofCode(u.unpackInt());
        if (status == null || source == null) {
            throw new EventDecodeException("unknown order status or source");
        }
        return new OrderReport(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), clientId, venueId, status, source, f.string(), f.string(), u.unpackInt(),
                u.unpackInt(), u.unpackLong(), u.unpackLong());
    }
}
