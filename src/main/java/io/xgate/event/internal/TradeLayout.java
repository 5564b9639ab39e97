package io.xgate.event.internal;

import io.xgate.event.EventType;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** {@code Trade} (2): {@code side, price, size, priceScale, sizeScale, epoch}. */
final class TradeLayout implements EventLayout<Trade> {

    @Override
    public EventType type() {
        return EventType.TRADE;
    }

    @Override
    public int ownFields() {
        return 6;
    }

    @Override
    public int requiredFields() {
        return 5; // epoch, appended, is optional
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, Trade t) throws IOException {
        p.packInt(t.side().code()).packLong(t.price()).packLong(t.size()).packInt(t.priceScale())
                .packInt(t.sizeScale());
        p.packLong(t.epoch());
    }

    @Override
    public Trade read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        Side side = Side.ofCode(u.unpackInt());
        long price = u.unpackLong();
        long size = u.unpackLong();
        return new Trade(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), side, price, size, u.unpackInt(), u.unpackInt(), FieldReader.epoch(u, h, 5));
    }
}
