package io.xgate.event.internal;

import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import io.xgate.event.Opportunity;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code Opportunity} (5): {@code id, phase, buyVenue, sellVenue, priceScale, sizeScale, quantity, buyPrice,
 * sellPrice, grossEdgeBps, netEdgeBps, expectedProfit, slippageBps, openedTs, lifetime}.
 */
final class OpportunityLayout implements EventLayout<Opportunity> {

    @Override
    public EventType type() {
        return EventType.OPPORTUNITY;
    }

    @Override
    public int ownFields() {
        return 15;
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, Opportunity o) throws IOException {
        p.packLong(o.id()).packInt(o.phase().code());
        f.string(o.buyVenue());
        f.string(o.sellVenue());
        p.packInt(o.priceScale()).packInt(o.sizeScale()).packLong(o.quantity()).packLong(o.buyPrice())
                .packLong(o.sellPrice()).packDouble(o.grossEdgeBps()).packDouble(o.netEdgeBps())
                .packDouble(o.expectedProfit()).packDouble(o.slippageBps()).packLong(o.openedTsNanos())
                .packLong(o.lifetimeNanos());
    }

    @Override
    public Opportunity read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        long id = u.unpackLong();
        Opportunity.Phase phase = Opportunity.Phase.ofCode(u.unpackInt());
        if (phase == null) {
            throw new EventDecodeException("unknown opportunity phase");
        }
        return new Opportunity(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), id, phase, f.string(), f.string(), u.unpackInt(), u.unpackInt(), u.unpackLong(),
                u.unpackLong(), u.unpackLong(), u.unpackDouble(), u.unpackDouble(), u.unpackDouble(),
                u.unpackDouble(), u.unpackLong(), u.unpackLong());
    }
}
