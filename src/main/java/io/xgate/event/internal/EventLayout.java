package io.xgate.event.internal;

import io.xgate.event.Event;
import io.xgate.event.EventType;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The wire layout of one event type: the fields that follow the 8 header fields in the body's msgpack array,
 * written and read in the same order. One implementation per type, registered in {@link EventLayouts}; the
 * README's event table is the specification.
 *
 * <p>The codec writes the header (with the array size {@code 8 + ownFields()}) before {@link #write} and reads
 * it before {@link #read}; it also checks that the array holds at least {@link #ownFields()} fields after the
 * header and skips any extra trailing ones (a newer writer's appended fields). A layout is stateless and
 * shared by every thread; the per-thread state lives in the {@link FieldWriter} and {@link FieldReader}.
 *
 * @param <E> the event record this layout encodes
 */
public interface EventLayout<E extends Event> {

    /** The event type, whose code indexes this layout in {@link EventLayouts}. */
    EventType type();

    /** How many fields this build writes after the header. */
    int ownFields();

    /**
     * How many fields a reader needs after the header: {@link #ownFields()} but for fields appended since schema 1,
     * which a frame of an older writer lacks (the layout reads them only when {@link EventHeader#ownFields()} holds
     * them, else takes their default).
     */
    default int requiredFields() {
        return ownFields();
    }

    /** Writes exactly {@link #ownFields()} values. */
    void write(MessagePacker p, FieldWriter f, E event) throws IOException;

    /**
     * Reads {@link #requiredFields()} values, and those appended fields the frame holds, and builds the event with the header already read.
     *
     * @throws io.xgate.event.EventDecodeException when a value is out of its range
     */
    E read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException;
}
