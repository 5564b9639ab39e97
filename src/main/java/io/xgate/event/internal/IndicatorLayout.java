package io.xgate.event.internal;

import io.xgate.event.EventType;
import io.xgate.event.Indicator;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** {@code Indicator} (10): {@code spec, name, value (float64), candleStart, candleEnd}. */
final class IndicatorLayout implements EventLayout<Indicator> {

    @Override
    public EventType type() {
        return EventType.INDICATOR;
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
    public void write(MessagePacker p, FieldWriter f, Indicator i) throws IOException {
        f.string(i.spec());
        f.string(i.name());
        p.packDouble(i.value()).packLong(i.candleStartNanos()).packLong(i.candleEndNanos());
        p.packLong(i.epoch());
    }

    @Override
    public Indicator read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        return new Indicator(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), f.string(), f.string(), u.unpackDouble(), u.unpackLong(), u.unpackLong(), FieldReader.epoch(u, h, 5));
    }
}
