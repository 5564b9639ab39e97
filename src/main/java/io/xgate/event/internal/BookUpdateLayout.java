package io.xgate.event.internal;

import io.xgate.event.BookUpdate;
import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** {@code BookUpdate} (1): {@code kind, firstSeq, checksum (nil if none), priceScale, sizeScale, bids, asks}. */
final class BookUpdateLayout implements EventLayout<BookUpdate> {

    @Override
    public EventType type() {
        return EventType.BOOK_UPDATE;
    }

    @Override
    public int ownFields() {
        return 7;
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, BookUpdate u) throws IOException {
        p.packInt(u.kind().code()).packLong(u.firstSeq());
        if (u.hasChecksum()) {
            p.packLong(u.checksum());
        } else {
            p.packNil();
        }
        p.packInt(u.priceScale()).packInt(u.sizeScale());
        f.levels(u.levelStore(), u.levelStart(), u.bidCount());
        f.levels(u.levelStore(), u.levelStart() + u.bidCount(), u.askCount());
    }

    @Override
    public BookUpdate read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        BookUpdate.Kind kind = BookUpdate.Kind.ofCode(u.unpackInt());
        if (kind == null) {
            throw new EventDecodeException("unknown book update kind");
        }
        long firstSeq = u.unpackLong();
        long checksum = u.tryUnpackNil() ? BookUpdate.NO_CHECKSUM : u.unpackLong();
        int ps = u.unpackInt();
        int ss = u.unpackInt();
        long[] levels = f.twoSides();
        return new BookUpdate(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), kind, firstSeq, checksum, ps, ss, levels, f.firstSideLevels());
    }
}
