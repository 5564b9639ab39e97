package io.xgate.event.internal;

import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import io.xgate.event.VenueStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code VenueStatus} (4): {@code connection, reason, symbols}, each symbol {@code [symbol, syncState, resyncs,
 * reason, cause]} ({@code cause} appended: a reader takes 4 or more, and skips extra trailing fields there too).
 */
final class VenueStatusLayout implements EventLayout<VenueStatus> {

    private static final int SYMBOL_FIELDS = 4;
    private static final int SYMBOL_FIELDS_WITH_CAUSE = 5;

    @Override
    public EventType type() {
        return EventType.VENUE_STATUS;
    }

    @Override
    public int ownFields() {
        return 6;
    }

    @Override
    public int requiredFields() {
        return 3; // epoch, node and role, appended, are optional
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, VenueStatus v) throws IOException {
        p.packInt(v.connection().code());
        f.string(v.reason());
        p.packArrayHeader(v.symbols().size());
        for (VenueStatus.SymbolStatus ss : v.symbols()) {
            p.packArrayHeader(SYMBOL_FIELDS_WITH_CAUSE);
            f.string(ss.symbol());
            p.packInt(ss.state().code()).packLong(ss.resyncs());
            f.string(ss.reason());
            f.string(ss.cause());
        }
        p.packLong(v.epoch());
        f.string(v.node());
        p.packInt(v.role().code());
    }

    @Override
    public VenueStatus read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        VenueStatus.Connection c = VenueStatus.Connection.ofCode(u.unpackInt());
        if (c == null) {
            throw new EventDecodeException("unknown connection state");
        }
        String reason = f.string();
        int n = u.unpackArrayHeader();
        if (n > f.bodyLength()) {
            throw new EventDecodeException(n + " symbols in a body of " + f.bodyLength() + " bytes");
        }
        List<VenueStatus.SymbolStatus> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int fields = u.unpackArrayHeader();
            if (fields < SYMBOL_FIELDS) {
                throw new EventDecodeException("symbol status has " + fields + " fields, expected " + SYMBOL_FIELDS);
            }
            String symbol = f.string();
            var state = FieldReader.syncState(u.unpackInt());
            long resyncs = u.unpackLong();
            String symbolReason = f.string();
            String cause = fields >= SYMBOL_FIELDS_WITH_CAUSE ? f.string() : "";
            list.add(new VenueStatus.SymbolStatus(symbol, state, resyncs, symbolReason, cause));
            u.skipValue(fields - Math.min(fields, SYMBOL_FIELDS_WITH_CAUSE));
        }
        if (h.ownFields() < ownFields()) {
            return new VenueStatus(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                    h.publishTsNanos(), c, reason, list);
        }
        long epoch = u.unpackLong();
        String node = f.string();
        VenueStatus.Role role = VenueStatus.Role.ofCode(u.unpackInt());
        if (role == null) {
            throw new EventDecodeException("unknown high-availability role");
        }
        return new VenueStatus(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), c, reason, list, epoch, node, role);
    }
}
