package io.xgate.event.internal;

import io.xgate.event.EventType;
import io.xgate.event.VenueTouch;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** {@code VenueTouch} (8): {@code bidPrice, bidSize, askPrice, askSize, priceScale, sizeScale}. */
final class VenueTouchLayout implements EventLayout<VenueTouch> {

    @Override
    public EventType type() {
        return EventType.VENUE_TOUCH;
    }

    @Override
    public int ownFields() {
        return 6;
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, VenueTouch t) throws IOException {
        p.packLong(t.bidPrice()).packLong(t.bidSize()).packLong(t.askPrice()).packLong(t.askSize())
                .packInt(t.priceScale()).packInt(t.sizeScale());
    }

    @Override
    public VenueTouch read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        return new VenueTouch(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackInt(),
                u.unpackInt());
    }
}
