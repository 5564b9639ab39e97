package io.xgate.event;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.buffer.Buffer;
import io.xgate.event.internal.EventHeader;
import io.xgate.event.internal.EventLayout;
import io.xgate.event.internal.EventLayouts;
import io.xgate.event.internal.FieldReader;
import io.xgate.event.internal.FieldWriter;
import io.xgate.event.internal.ReusableOutput;
import io.xgate.event.internal.StringTable;
import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * Encodes events to xgate's wire frames and decodes them back; the layout is specified in the README,
 * "Event wire format".
 *
 * <p>A frame is {@code [version=1][flags][body]}. The body is one msgpack array: the 8 header fields
 * ({@code type, schema, venue, symbol, venueSeq, venueTs, receiveTs, publishTs}) then the type's own fields.
 * Bodies larger than the compression threshold are lz4-compressed (flag bit 0; the body is then a big-endian
 * uint32 raw length followed by one lz4 block) when that makes them smaller.
 *
 * <p>This class is the framing: version, flags, compression and the body's limits. The header is
 * {@link EventHeader}; each type's own fields are one {@link EventLayout}, found in {@link EventLayouts} by type
 * code. The codec checks that a body holds the fields its layout needs and skips any a newer writer appended.
 *
 * <p>Thread-safe: packers, unpackers and scratch buffers are reused per thread.
 */
public final class EventCodec {

    /** The frame format version this build writes and reads. */
    public static final int FRAME_VERSION = 1;
    /** Flag bit: the body is lz4-compressed. */
    public static final int FLAG_LZ4 = 1;
    /** Default body size above which compression is tried. */
    public static final int DEFAULT_COMPRESS_THRESHOLD = 2048;
    /** Default largest decoded body accepted, so a corrupt length cannot exhaust memory. */
    public static final int DEFAULT_MAX_BODY = 16 * 1024 * 1024;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private final int compressThreshold;
    private final int maxBody;
    private final LZ4Compressor compressor = LZ4.fastCompressor();
    private final LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
    private final FastThreadLocal<State> state = new FastThreadLocal<>() {
        @Override
        protected State initialValue() {
            return new State();
        }
    };

    /** A codec with the default threshold and limits. */
    public EventCodec() {
        this(DEFAULT_COMPRESS_THRESHOLD, DEFAULT_MAX_BODY);
    }

    /**
     * @param compressThreshold body size in bytes above which lz4 compression is tried
     * @param maxBody           largest body (after decompression) that decoding accepts
     */
    public EventCodec(int compressThreshold, int maxBody) {
        if (compressThreshold < 0 || maxBody <= 0) {
            throw new IllegalArgumentException("compressThreshold must be >= 0 and maxBody > 0");
        }
        this.compressThreshold = compressThreshold;
        this.maxBody = maxBody;
    }

    /** The per-thread working set. */
    private static final class State {
        final ReusableOutput output = new ReusableOutput(8192);
        final MessagePacker packer = MessagePack.newDefaultPacker(output);
        final ArrayBufferInput input = new ArrayBufferInput(new byte[0]);
        final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(input);
        final StringTable strings = new StringTable();
        final FieldWriter writer = new FieldWriter(packer, strings);
        final FieldReader reader = new FieldReader(unpacker, strings);
        final EventHeader header = new EventHeader();
        /** Holds a frame copied out of a Vert.x buffer. */
        byte[] scratch = new byte[8192];
        /** Holds an lz4 block being written. */
        byte[] compressed = new byte[0];
        /** Holds a decompressed body. */
        byte[] inflated = new byte[0];
    }

    // --------------------------------------------------------------------------------------------- encoding

    /** Appends the frame of {@code event} to {@code dst}; returns the number of bytes appended. */
    public int encode(Event event, Buffer dst) {
        State s = state.get();
        int bodyLength = packBody(s, event);
        byte[] body = s.output.array();
        if (bodyLength > compressThreshold) {
            int max = compressor.maxCompressedLength(bodyLength);
            if (s.compressed.length < max) {
                s.compressed = new byte[max];
            }
            int n = compressor.compress(body, 0, bodyLength, s.compressed, 0, max);
            if (n + 4 < bodyLength) {
                dst.appendByte((byte) FRAME_VERSION).appendByte((byte) FLAG_LZ4).appendInt(bodyLength)
                        .appendBytes(s.compressed, 0, n);
                return 6 + n;
            }
        }
        dst.appendByte((byte) FRAME_VERSION).appendByte((byte) 0).appendBytes(body, 0, bodyLength);
        return 2 + bodyLength;
    }

    /** The frame of {@code event} as a new array (for journals, tests and external transports). */
    public byte[] encode(Event event) {
        Buffer b = Buffer.buffer(256);
        encode(event, b);
        return b.getBytes();
    }

    private int packBody(State s, Event e) {
        s.output.reset();
        MessagePacker p = s.packer;
        try {
            EventLayout<Event> layout = layout(e.type());
            if (layout == null) {
                throw new IllegalArgumentException("no wire layout for " + e.type());
            }
            EventHeader.write(p, s.writer, e, layout.ownFields());
            layout.write(p, s.writer, e);
            p.flush();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory msgpack output failed", impossible);
        }
        return s.output.length();
    }

    /** The layout of {@code type}: the table holds at each code the layout of the record of that type. */
    @SuppressWarnings("unchecked")
    private static EventLayout<Event> layout(EventType type) {
        return (EventLayout<Event>) EventLayouts.of(type);
    }

    // --------------------------------------------------------------------------------------------- decoding

    /** Decodes the frame in {@code buffer[position, position + length)}. */
    public Event decode(Buffer buffer, int position, int length) {
        State s = state.get();
        if (s.scratch.length < length) {
            s.scratch = new byte[Math.max(length, s.scratch.length * 2)];
        }
        buffer.getBytes(position, position + length, s.scratch, 0);
        return decode(s, s.scratch, 0, length);
    }

    /** Decodes the frame in {@code frame[offset, offset + length)}. */
    public Event decode(byte[] frame, int offset, int length) {
        return decode(state.get(), frame, offset, length);
    }

    /** Decodes a whole frame. */
    public Event decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    private Event decode(State s, byte[] frame, int offset, int length) {
        if (length < 3) {
            throw new EventDecodeException("frame of " + length + " bytes is too short");
        }
        int version = frame[offset] & 0xff;
        if (version != FRAME_VERSION) {
            throw new EventDecodeException("frame version " + version + " is not supported (this build reads "
                    + FRAME_VERSION + ")");
        }
        int flags = frame[offset + 1] & 0xff;
        byte[] body = frame;
        int bodyOffset = offset + 2;
        int bodyLength = length - 2;
        if ((flags & FLAG_LZ4) != 0) {
            if (bodyLength < 4) {
                throw new EventDecodeException("compressed frame too short");
            }
            int raw = ((frame[bodyOffset] & 0xff) << 24) | ((frame[bodyOffset + 1] & 0xff) << 16)
                    | ((frame[bodyOffset + 2] & 0xff) << 8) | (frame[bodyOffset + 3] & 0xff);
            if (raw <= 0 || raw > maxBody) {
                throw new EventDecodeException("compressed body claims " + Integer.toUnsignedString(raw)
                        + " bytes (limit " + maxBody + ")");
            }
            if (s.inflated.length < raw) {
                s.inflated = new byte[raw];
            }
            byte[] out = s.inflated;
            try {
                int n = decompressor.decompress(frame, bodyOffset + 4, bodyLength - 4, out, 0, raw);
                if (n != raw) {
                    throw new EventDecodeException("lz4 body decompressed to " + n + " bytes, header says " + raw);
                }
            } catch (LZ4Exception ex) {
                throw new EventDecodeException("corrupt lz4 body: " + ex.getMessage(), ex);
            }
            body = out;
            bodyOffset = 0;
            bodyLength = raw;
        }
        try {
            s.reader.reset(bodyLength);
            s.input.reset(body, bodyOffset, bodyLength);
            s.unpacker.reset(s.input);
            Event e = unpackBody(s, s.unpacker);
            if (s.unpacker.getTotalReadBytes() != bodyLength) {
                throw new EventDecodeException((bodyLength - s.unpacker.getTotalReadBytes())
                        + " trailing bytes after the event");
            }
            return e;
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof EventDecodeException ede) {
                throw ede;
            }
            throw new EventDecodeException("malformed msgpack body: " + ex, ex);
        }
    }

    private Event unpackBody(State s, MessageUnpacker u) throws IOException {
        EventHeader h = s.header;
        h.read(u, s.reader);
        EventType type = h.type();
        EventLayout<Event> layout = layout(type);
        if (layout == null) {
            throw new EventDecodeException("no wire layout for " + type);
        }
        int own = h.ownFields();
        int needed = layout.requiredFields();
        if (own < needed) {
            throw new EventDecodeException(type + " has " + own + " fields after the header, expected " + needed);
        }
        Event e = layout.read(u, s.reader, h);
        if (own > layout.ownFields()) {
            u.skipValue(own - layout.ownFields()); // fields a newer writer appended
        }
        return e;
    }
}
