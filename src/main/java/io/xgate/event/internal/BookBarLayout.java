package io.xgate.event.internal;

import io.xgate.event.BookBar;
import io.xgate.event.EventDecodeException;
import io.xgate.event.EventType;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code BookBar} (11): {@code start, end, priceScale, sizeScale, midScale, live, resyncs, liveNanos, midOpen,
 * midHigh, midLow, midClose, spreadMean, spreadMax, spreadEnd, microprice, bidDepth, askDepth, bidFlow, askFlow, ofi,
 * tradeVolume, signedVolume, buyVolume, sellVolume, tradeCount, messages, adds, cancels, modifications, bidWallZ,
 * askWallZ}; each band field an array of 5 integers, the z-scores float64.
 */
final class BookBarLayout implements EventLayout<BookBar> {

    @Override
    public EventType type() {
        return EventType.BOOK_BAR;
    }

    @Override
    public int ownFields() {
        return 33;
    }

    @Override
    public int requiredFields() {
        return 32; // epoch, appended, is optional
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, BookBar b) throws IOException {
        p.packLong(b.startNanos()).packLong(b.endNanos()).packInt(b.priceScale()).packInt(b.sizeScale())
                .packInt(b.midScale()).packBoolean(b.live()).packInt(b.resyncs()).packLong(b.liveNanos())
                .packLong(b.midOpen()).packLong(b.midHigh()).packLong(b.midLow()).packLong(b.midClose())
                .packLong(b.spreadMean()).packLong(b.spreadMax()).packLong(b.spreadEnd()).packLong(b.microprice());
        bands(p, b.bidDepth());
        bands(p, b.askDepth());
        bands(p, b.bidFlow());
        bands(p, b.askFlow());
        p.packLong(b.ofi()).packLong(b.tradeVolume()).packLong(b.signedVolume()).packLong(b.buyVolume())
                .packLong(b.sellVolume()).packLong(b.tradeCount()).packLong(b.messages()).packLong(b.adds())
                .packLong(b.cancels()).packLong(b.modifications()).packDouble(b.bidWallZ()).packDouble(b.askWallZ());
        p.packLong(b.epoch());
    }

    private static void bands(MessagePacker p, long[] values) throws IOException {
        p.packArrayHeader(values.length);
        for (long v : values) {
            p.packLong(v);
        }
    }

    private static long[] bands(MessageUnpacker u) throws IOException {
        int n = u.unpackArrayHeader();
        if (n != BookBar.BANDS.size()) {
            throw new EventDecodeException("book bar band array of " + n + " entries, expected "
                    + BookBar.BANDS.size());
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = u.unpackLong();
        }
        return out;
    }

    @Override
    public BookBar read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        long start = u.unpackLong();
        long end = u.unpackLong();
        int priceScale = u.unpackInt();
        int sizeScale = u.unpackInt();
        int midScale = u.unpackInt();
        boolean live = u.unpackBoolean();
        int resyncs = u.unpackInt();
        long liveNanos = u.unpackLong();
        long midOpen = u.unpackLong();
        long midHigh = u.unpackLong();
        long midLow = u.unpackLong();
        long midClose = u.unpackLong();
        long spreadMean = u.unpackLong();
        long spreadMax = u.unpackLong();
        long spreadEnd = u.unpackLong();
        long microprice = u.unpackLong();
        long[] bidDepth = bands(u);
        long[] askDepth = bands(u);
        long[] bidFlow = bands(u);
        long[] askFlow = bands(u);
        return new BookBar(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), start, end, priceScale, sizeScale, midScale, live, resyncs, liveNanos, midOpen,
                midHigh, midLow, midClose, spreadMean, spreadMax, spreadEnd, microprice, bidDepth, askDepth,
                bidFlow, askFlow, u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(),
                u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackDouble(),
                u.unpackDouble(), FieldReader.epoch(u, h, 32));
    }
}
