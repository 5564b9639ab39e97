package io.xgate.event.internal;

import io.xgate.event.BookTop;
import io.xgate.event.EventType;
import io.xgate.event.SyncState;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** {@code BookTop} (3): {@code appliedTs, syncState, updates, priceScale, sizeScale, bids, asks, epoch}. */
final class BookTopLayout implements EventLayout<BookTop> {

    @Override
    public EventType type() {
        return EventType.BOOK_TOP;
    }

    @Override
    public int ownFields() {
        return 8;
    }

    @Override
    public int requiredFields() {
        return 7; // epoch, appended, is optional
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, BookTop b) throws IOException {
        p.packLong(b.appliedTsNanos()).packInt(b.syncState().code()).packInt(b.updates()).packInt(b.priceScale())
                .packInt(b.sizeScale());
        f.levels(b.bidPrices(), b.bidSizes());
        f.levels(b.askPrices(), b.askSizes());
        p.packLong(b.epoch());
    }

    @Override
    public BookTop read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        long applied = u.unpackLong();
        SyncState state = FieldReader.syncState(u.unpackInt());
        int updates = u.unpackInt();
        int ps = u.unpackInt();
        int ss = u.unpackInt();
        f.levels();
        long[] bidPrices = f.levelPrices();
        long[] bidSizes = f.levelSizes();
        f.levels();
        return new BookTop(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), applied, state, updates, ps, ss, bidPrices, bidSizes, f.levelPrices(),
                f.levelSizes(), FieldReader.epoch(u, h, 7));
    }
}
