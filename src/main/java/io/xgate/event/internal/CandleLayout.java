package io.xgate.event.internal;

import io.xgate.event.Candle;
import io.xgate.event.EventType;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@code Candle} (9): {@code spec, start, end, complete, priceScale, sizeScale, open, high, low, close, vwap, volume,
 * buyVolume, sellVolume, notional, notionalScale, tradeCount, firstTradeTs, lastTradeTs}.
 */
final class CandleLayout implements EventLayout<Candle> {

    @Override
    public EventType type() {
        return EventType.CANDLE;
    }

    @Override
    public int ownFields() {
        return 20;
    }

    @Override
    public int requiredFields() {
        return 19; // epoch, appended, is optional
    }

    @Override
    public void write(MessagePacker p, FieldWriter f, Candle c) throws IOException {
        f.string(c.spec());
        p.packLong(c.startNanos()).packLong(c.endNanos()).packBoolean(c.complete()).packInt(c.priceScale())
                .packInt(c.sizeScale()).packLong(c.open()).packLong(c.high()).packLong(c.low()).packLong(c.close())
                .packLong(c.vwap()).packLong(c.volume()).packLong(c.buyVolume()).packLong(c.sellVolume())
                .packLong(c.notional()).packInt(c.notionalScale()).packLong(c.tradeCount())
                .packLong(c.firstTradeTsNanos()).packLong(c.lastTradeTsNanos());
        p.packLong(c.epoch());
    }

    @Override
    public Candle read(MessageUnpacker u, FieldReader f, EventHeader h) throws IOException {
        return new Candle(h.venue(), h.symbol(), h.venueSeq(), h.venueTsNanos(), h.receiveTsNanos(),
                h.publishTsNanos(), f.string(), u.unpackLong(), u.unpackLong(), u.unpackBoolean(), u.unpackInt(),
                u.unpackInt(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(),
                u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackLong(), u.unpackInt(), u.unpackLong(),
                u.unpackLong(), u.unpackLong(), FieldReader.epoch(u, h, 19));
    }
}
