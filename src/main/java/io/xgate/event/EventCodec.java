package io.xgate.event;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.buffer.Buffer;
import io.xgate.event.internal.ReusableOutput;
import io.xgate.event.internal.StringTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.msgpack.core.MessageFormat;
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

    private static final int HEADER_FIELDS = 8;
    private static final int MAX_STRING = 64 * 1024;
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
        /** Holds a frame copied out of a Vert.x buffer. */
        byte[] scratch = new byte[8192];
        /** Holds an lz4 block being written. */
        byte[] compressed = new byte[0];
        /** Holds a decompressed body. */
        byte[] inflated = new byte[0];
        /** Holds one string's bytes while decoding. */
        byte[] text = new byte[256];
        /** The level arrays read by the last {@code levels} call. */
        long[] levelPrices;
        long[] levelSizes;
        /** Length of the body being decoded: no count in it can exceed this. */
        int bodyLength;
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
        StringTable t = s.strings;
        try {
            switch (e.type()) {
                case BOOK_UPDATE: {
                    BookUpdate u = (BookUpdate) e;
                    header(p, t, u, 7);
                    p.packInt(u.kind().code()).packLong(u.firstSeq());
                    if (u.hasChecksum()) {
                        p.packLong(u.checksum());
                    } else {
                        p.packNil();
                    }
                    p.packInt(u.priceScale()).packInt(u.sizeScale());
                    levels(p, u.bidPrices(), u.bidSizes());
                    levels(p, u.askPrices(), u.askSizes());
                    break;
                }
                case TRADE: {
                    Trade tr = (Trade) e;
                    header(p, t, tr, 5);
                    p.packInt(tr.side().code()).packLong(tr.price()).packLong(tr.size())
                            .packInt(tr.priceScale()).packInt(tr.sizeScale());
                    break;
                }
                case BOOK_TOP: {
                    BookTop b = (BookTop) e;
                    header(p, t, b, 7);
                    p.packLong(b.appliedTsNanos()).packInt(b.syncState().code()).packInt(b.updates())
                            .packInt(b.priceScale()).packInt(b.sizeScale());
                    levels(p, b.bidPrices(), b.bidSizes());
                    levels(p, b.askPrices(), b.askSizes());
                    break;
                }
                case VENUE_STATUS: {
                    VenueStatus v = (VenueStatus) e;
                    header(p, t, v, 3);
                    p.packInt(v.connection().code());
                    string(p, t, v.reason());
                    p.packArrayHeader(v.symbols().size());
                    for (VenueStatus.SymbolStatus ss : v.symbols()) {
                        p.packArrayHeader(4);
                        string(p, t, ss.symbol());
                        p.packInt(ss.state().code()).packLong(ss.resyncs());
                        string(p, t, ss.reason());
                    }
                    break;
                }
                case OPPORTUNITY: {
                    Opportunity o = (Opportunity) e;
                    header(p, t, o, 15);
                    p.packLong(o.id()).packInt(o.phase().code());
                    string(p, t, o.buyVenue());
                    string(p, t, o.sellVenue());
                    p.packInt(o.priceScale()).packInt(o.sizeScale()).packLong(o.quantity())
                            .packLong(o.buyPrice()).packLong(o.sellPrice()).packDouble(o.grossEdgeBps())
                            .packDouble(o.netEdgeBps()).packDouble(o.expectedProfit()).packDouble(o.slippageBps())
                            .packLong(o.openedTsNanos()).packLong(o.lifetimeNanos());
                    break;
                }
                case ORDER_REQUEST: {
                    OrderRequest r = (OrderRequest) e;
                    header(p, t, r, 10);
                    p.packInt(r.action().code());
                    string(p, t, r.clientOrderId());
                    p.packInt(r.side().code()).packInt(r.orderType().code()).packInt(r.timeInForce().code())
                            .packInt(r.priceScale()).packInt(r.sizeScale()).packLong(r.price()).packLong(r.quantity());
                    string(p, t, r.venueOrderId());
                    break;
                }
                case ORDER_REPORT: {
                    OrderReport r = (OrderReport) e;
                    header(p, t, r, 10);
                    string(p, t, r.clientOrderId());
                    string(p, t, r.venueOrderId());
                    p.packInt(r.status().code()).packInt(r.source().code());
                    string(p, t, r.code());
                    string(p, t, r.message());
                    p.packInt(r.priceScale()).packInt(r.sizeScale()).packLong(r.filledQuantity())
                            .packLong(r.averagePrice());
                    break;
                }
                default:
                    throw new IllegalArgumentException("no wire layout for " + e.type());
            }
            p.flush();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory msgpack output failed", impossible);
        }
        return s.output.length();
    }

    private static void header(MessagePacker p, StringTable t, Event e, int ownFields) throws IOException {
        p.packArrayHeader(HEADER_FIELDS + ownFields);
        p.packInt(e.type().code()).packInt(Event.SCHEMA_VERSION);
        string(p, t, e.venue());
        string(p, t, e.symbol());
        p.packLong(e.venueSeq()).packLong(e.venueTsNanos()).packLong(e.receiveTsNanos()).packLong(e.publishTsNanos());
    }

    private static void string(MessagePacker p, StringTable t, String s) throws IOException {
        byte[] b = t.utf8(s);
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    /** One side as a flat array {@code [p0, s0, p1, s1, ...]}. */
    private static void levels(MessagePacker p, long[] prices, long[] sizes) throws IOException {
        int n = prices.length;
        p.packArrayHeader(2 * n);
        for (int i = 0; i < n; i++) {
            p.packLong(prices[i]).packLong(sizes[i]);
        }
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
            s.bodyLength = bodyLength;
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
        int fields = u.unpackArrayHeader();
        if (fields < HEADER_FIELDS) {
            throw new EventDecodeException("event has " + fields + " fields, fewer than the header's " + HEADER_FIELDS);
        }
        int code = u.unpackInt();
        EventType type = EventType.ofCode(code);
        if (type == null) {
            throw new EventDecodeException("unknown event type code " + code);
        }
        u.unpackInt(); // schema version: newer writers only append fields, which are skipped below
        String venue = string(s, u);
        String symbol = string(s, u);
        long seq = u.unpackLong();
        long venueTs = u.unpackLong();
        long receiveTs = u.unpackLong();
        long publishTs = u.unpackLong();
        int own = fields - HEADER_FIELDS;
        Event e;
        int used;
        switch (type) {
            case BOOK_UPDATE: {
                used = require(type, own, 7);
                BookUpdate.Kind kind = BookUpdate.Kind.ofCode(u.unpackInt());
                if (kind == null) {
                    throw new EventDecodeException("unknown book update kind");
                }
                long firstSeq = u.unpackLong();
                long checksum = u.tryUnpackNil() ? BookUpdate.NO_CHECKSUM : u.unpackLong();
                int ps = u.unpackInt();
                int ss = u.unpackInt();
                levels(s, u);
                long[] bidPrices = s.levelPrices;
                long[] bidSizes = s.levelSizes;
                levels(s, u);
                e = new BookUpdate(venue, symbol, seq, venueTs, receiveTs, publishTs, kind, firstSeq, checksum, ps,
                        ss, bidPrices, bidSizes, s.levelPrices, s.levelSizes);
                break;
            }
            case TRADE: {
                used = require(type, own, 5);
                Side side = Side.ofCode(u.unpackInt());
                long price = u.unpackLong();
                long size = u.unpackLong();
                e = new Trade(venue, symbol, seq, venueTs, receiveTs, publishTs, side, price, size, u.unpackInt(),
                        u.unpackInt());
                break;
            }
            case BOOK_TOP: {
                used = require(type, own, 7);
                long applied = u.unpackLong();
                SyncState state = syncState(u.unpackInt());
                int updates = u.unpackInt();
                int ps = u.unpackInt();
                int ss = u.unpackInt();
                levels(s, u);
                long[] bidPrices = s.levelPrices;
                long[] bidSizes = s.levelSizes;
                levels(s, u);
                e = new BookTop(venue, symbol, seq, venueTs, receiveTs, publishTs, applied, state, updates, ps, ss,
                        bidPrices, bidSizes, s.levelPrices, s.levelSizes);
                break;
            }
            case VENUE_STATUS: {
                used = require(type, own, 3);
                VenueStatus.Connection c = VenueStatus.Connection.ofCode(u.unpackInt());
                if (c == null) {
                    throw new EventDecodeException("unknown connection state");
                }
                String reason = string(s, u);
                int n = u.unpackArrayHeader();
                if (n > s.bodyLength) {
                    throw new EventDecodeException(n + " symbols in a body of " + s.bodyLength + " bytes");
                }
                List<VenueStatus.SymbolStatus> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int f = u.unpackArrayHeader();
                    if (f < 4) {
                        throw new EventDecodeException("symbol status has " + f + " fields, expected 4");
                    }
                    list.add(new VenueStatus.SymbolStatus(string(s, u), syncState(u.unpackInt()), u.unpackLong(),
                            string(s, u)));
                    u.skipValue(f - 4);
                }
                e = new VenueStatus(venue, symbol, seq, venueTs, receiveTs, publishTs, c, reason, list);
                break;
            }
            case OPPORTUNITY: {
                used = require(type, own, 15);
                long id = u.unpackLong();
                Opportunity.Phase phase = Opportunity.Phase.ofCode(u.unpackInt());
                if (phase == null) {
                    throw new EventDecodeException("unknown opportunity phase");
                }
                e = new Opportunity(venue, symbol, seq, venueTs, receiveTs, publishTs, id, phase, string(s, u),
                        string(s, u), u.unpackInt(), u.unpackInt(), u.unpackLong(), u.unpackLong(), u.unpackLong(),
                        u.unpackDouble(), u.unpackDouble(), u.unpackDouble(), u.unpackDouble(), u.unpackLong(),
                        u.unpackLong());
                break;
            }
            case ORDER_REQUEST: {
                used = require(type, own, 10);
                OrderRequest.Action action = OrderRequest.Action.ofCode(u.unpackInt());
                String clientId = string(s, u);
                Side side = Side.ofCode(u.unpackInt());
                OrderRequest.OrderType orderType = OrderRequest.OrderType.ofCode(u.unpackInt());
                OrderRequest.TimeInForce tif = OrderRequest.TimeInForce.ofCode(u.unpackInt());
                if (action == null || orderType == null || tif == null) {
                    throw new EventDecodeException("unknown order action, type or time in force");
                }
                e = new OrderRequest(venue, symbol, seq, venueTs, receiveTs, publishTs, action, clientId, side,
                        orderType, tif, u.unpackInt(), u.unpackInt(), u.unpackLong(), u.unpackLong(), string(s, u));
                break;
            }
            case ORDER_REPORT: {
                used = require(type, own, 10);
                String clientId = string(s, u);
                String venueId = string(s, u);
                OrderReport.Status status = OrderReport.Status.ofCode(u.unpackInt());
                OrderReport.Source source = OrderReport.Source.ofCode(u.unpackInt());
                if (status == null || source == null) {
                    throw new EventDecodeException("unknown order status or source");
                }
                e = new OrderReport(venue, symbol, seq, venueTs, receiveTs, publishTs, clientId, venueId, status,
                        source, string(s, u), string(s, u), u.unpackInt(), u.unpackInt(), u.unpackLong(),
                        u.unpackLong());
                break;
            }
            default:
                throw new EventDecodeException("no wire layout for " + type);
        }
        if (own > used) {
            u.skipValue(own - used);
        }
        return e;
    }

    private static int require(EventType type, int own, int needed) {
        if (own < needed) {
            throw new EventDecodeException(type + " has " + own + " fields after the header, expected " + needed);
        }
        return needed;
    }

    private static SyncState syncState(int code) {
        SyncState st = SyncState.ofCode(code);
        if (st == null) {
            throw new EventDecodeException("unknown sync state code " + code);
        }
        return st;
    }

    private static String string(State s, MessageUnpacker u) throws IOException {
        if (u.getNextFormat() == MessageFormat.NIL) {
            throw new EventDecodeException("expected a string, got nil");
        }
        int n = u.unpackRawStringHeader();
        if (n > MAX_STRING) {
            throw new EventDecodeException("string of " + n + " bytes exceeds " + MAX_STRING);
        }
        if (s.text.length < n) {
            s.text = new byte[n];
        }
        u.readPayload(s.text, 0, n);
        return s.strings.string(s.text, n);
    }

    /** Reads one side into {@code s.levelPrices} and {@code s.levelSizes}. */
    private void levels(State s, MessageUnpacker u) throws IOException {
        int n = u.unpackArrayHeader();
        if ((n & 1) != 0) {
            throw new EventDecodeException("level array has odd length " + n);
        }
        if (n > s.bodyLength) {
            throw new EventDecodeException("level array of " + n + " entries in a body of " + s.bodyLength + " bytes");
        }
        int levels = n >>> 1;
        long[] prices = new long[levels];
        long[] sizes = new long[levels];
        for (int i = 0; i < levels; i++) {
            prices[i] = u.unpackLong();
            sizes[i] = u.unpackLong();
        }
        s.levelPrices = prices;
        s.levelSizes = sizes;
    }
}
