package io.xgate.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The Vert.x event-bus codec for every xgate {@link Event}: local delivery hands over the same immutable
 * object ({@link #transform} is the identity); delivery to another cluster node writes
 * {@code [int32 frame length][frame]} with {@link EventCodec}.
 *
 * <p>{@link #register(EventBus, EventCodec)} installs it for every event type; every node of a cluster must do
 * the same, since the receiver looks the codec up by its {@link #NAME}.
 */
public final class EventMessageCodec implements MessageCodec<Event, Event> {

    /** The codec name written on the wire with each clustered message; kept short on purpose. */
    public static final String NAME = "xg1";

    private final EventCodec codec;

    /** A message codec over the given event codec. */
    public EventMessageCodec(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Registers the codec and makes it the default for every concrete event class, so that
     * {@code publish(address, event)} needs no delivery options.
     */
    public static EventMessageCodec register(EventBus bus, EventCodec codec) {
        EventMessageCodec c = new EventMessageCodec(codec);
        bus.registerCodec(c);
        bus.codecSelector(body -> body instanceof Event ? NAME : null);
        return c;
    }

    @Override
    public void encodeToWire(Buffer buffer, Event event) {
        int lengthAt = buffer.length();
        buffer.appendInt(0);
        int n = codec.encode(event, buffer);
        buffer.setInt(lengthAt, n);
    }

    @Override
    public Event decodeFromWire(int pos, Buffer buffer) {
        int n = buffer.getInt(pos);
        return codec.decode(buffer, pos + 4, n);
    }

    @Override
    public Event transform(Event event) {
        return event;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
