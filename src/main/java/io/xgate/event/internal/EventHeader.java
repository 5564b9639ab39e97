package io.xgate.event.internal;

import io.xgate.event.Event;
import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The 8 fields every event body starts with ({@code type, schema, venue, symbol, venueSeq, venueTs, receiveTs,
 * publishTs}), written by {@link #write} and read into this reused holder by {@link #read}. Owned by one
 * thread; valid until its next {@link #read}.
 */
public final class EventHeader {

    /** Fields in the header. */
    public static final int FIELDS = 8;

    private EventType type;
    private int ownFields;
    private String venue;
    private String symbol;
    private long venueSeq;
    private long venueTsNanos;
    private long receiveTsNanos;
    private long publishTsNanos;

    /** Opens the body's array ({@code FIELDS + ownFields} values) and writes the header of {@code e}. */
    public static void write(MessagePacker p, FieldWriter f, Event e, int ownFields) throws IOException {
        p.packArrayHeader(FIELDS + ownFields);
        p.packInt(e.type().code()).packInt(Event.SCHEMA_VERSION);
        f.string(e.venue());
        f.string(e.symbol());
        p.packLong(e.venueSeq()).packLong(e.venueTsNanos()).packLong(e.receiveTsNanos()).packLong(e.publishTsNanos());
    }

    /** Reads the body's array size and the header; refuses a short array and an unknown type code. */
    public void read(MessageUnpacker u, FieldReader f) throws IOException {
        int fields = u.unpackArrayHeader();
        if (fields < FIELDS) {
            throw new EventDecodeException("event has " + fields + " fields, fewer than the header's " + FIELDS);
        }
        int code = u.unpackInt();
        EventType t = EventType.ofCode(code);
        if (t == null) {
            throw new EventDecodeException("unknown event type code " + code);
        }
        u.unpackInt(); // schema version: newer writers only append fields, which the codec skips
        type = t;
        ownFields = fields - FIELDS;
        venue = f.string();
        symbol = f.string();
        venueSeq = u.unpackLong();
        venueTsNanos = u.unpackLong();
        receiveTsNanos = u.unpackLong();
        publishTsNanos = u.unpackLong();
    }

    /** The event type. */
    public EventType type() {
        return type;
    }

    /** How many fields follow the header in this body (the writer's count, perhaps more than this build's). */
    public int ownFields() {
        return ownFields;
    }

    /** Venue id, or {@code ""}. */
    public String venue() {
        return venue;
    }

    /** Canonical symbol, or {@code ""}. */
    public String symbol() {
        return symbol;
    }

    /** The venue's sequence, or {@link Event#NO_SEQ}. */
    public long venueSeq() {
        return venueSeq;
    }

    /** Venue timestamp, epoch nanoseconds. */
    public long venueTsNanos() {
        return venueTsNanos;
    }

    /** Receive timestamp, epoch nanoseconds. */
    public long receiveTsNanos() {
        return receiveTsNanos;
    }

    /** Publish timestamp, epoch nanoseconds. */
    public long publishTsNanos() {
        return publishTsNanos;
    }
}
