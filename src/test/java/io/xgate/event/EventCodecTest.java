package io.xgate.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.ArrayBufferOutput;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void everyEventTypeRoundTrips() {
        for (Event e : Events.all()) {
            Event back = codec.decode(codec.encode(e));
            assertEquals(e, back, e.type().toString());
            assertEquals(e.type(), back.type());
        }
    }

    @Test
    void decodedStringsAreReused() {
        Event a = codec.decode(codec.encode(Events.bookUpdate(1)));
        Event b = codec.decode(codec.encode(Events.bookUpdate(2)));
        assertSame(a.venue(), b.venue());
        assertSame(a.symbol(), b.symbol());
    }

    /**
     * Pins the wire layout byte for byte. If this fails, the wire format changed: that is a schema change (see
     * the README, "Event wire format") and needs a deliberate version bump, not a new golden string.
     */
    @Test
    void goldenBytesOfABookUpdate() {
        BookUpdate u = new BookUpdate("binance", "BTC-USDT", 1_027_024L, 1_700_000_000_000_000_000L,
                1_700_000_000_000_100_000L, 1_700_000_000_000_200_000L, BookUpdate.Kind.DELTA, 1_027_020L,
                BookUpdate.NO_CHECKSUM, 2, 8, new long[] {6_543_210L}, new long[] {150_000_000L},
                new long[] {6_543_220L, 6_543_230L}, new long[] {0L, 25_000_000L});
        byte[] bytes = codec.encode(u);
        String hex = HexFormat.of().formatHex(bytes);
        String expected = "0100"             // frame version 1, no flags
                + "9f"                             // msgpack array of 15 fields
                + "01" + "01"                      // type 1 (BOOK_UPDATE), schema 1
                + "a7" + "62696e616e6365"          // "binance"
                + "a8" + "4254432d55534454"        // "BTC-USDT"
                + "ce000fabd0"                     // venueSeq 1027024 (uint32)
                + "cf17979cfe362a0000"             // venueTs (uint64)
                + "cf17979cfe362b86a0"             // receiveTs
                + "cf17979cfe362d0d40"             // publishTs
                + "02"                             // kind DELTA
                + "ce000fabcc"                     // firstSeq 1027020
                + "c0"                             // checksum: nil (none)
                + "02" + "08"                      // priceScale 2, sizeScale 8
                + "92" + "ce0063d76a" + "ce08f0d180"                       // bids [6543210, 150000000]
                + "94" + "ce0063d774" + "00" + "ce0063d77e" + "ce017d7840"; // asks [p, 0, p, 25000000]
        assertEquals(expected, hex);
    }

    @Test
    void goldenBytesOfATrade() {
        Trade t = new Trade("kraken", "BTC-USD", 4_665_846L, 0L, 1L, 2L, Side.BUY, 452_835L, 10_000_000L, 1, 8);
        assertEquals("0100" + "9e" + "0201" + "a66b72616b656e" + "a74254432d555344" + "ce004731f6" + "000102"
                        + "01" + "ce0006e8e3" + "ce00989680" + "01" + "08" + "00", // epoch 0
                HexFormat.of().formatHex(codec.encode(t)));
    }

    @Test
    void goldenBytesOfAVenueTouch() {
        VenueTouch t = new VenueTouch("kraken", "BTC-USD", Event.NO_SEQ, 0L, 1L, 2L, 452_835L, 10_000_000L, 452_852L,
                100_000L, 1, 8);
        assertEquals("0100" + "9e" + "0801" + "a66b72616b656e" + "a74254432d555344" + "ff" + "000102"
                        + "ce0006e8e3" + "ce00989680"   // bidPrice, bidSize
                        + "ce0006e8f4" + "ce000186a0"   // askPrice, askSize
                        + "01" + "08",                  // priceScale, sizeScale
                HexFormat.of().formatHex(codec.encode(t)));
    }

    /** Pins the {@code Indicator} layout (8 + 6 fields: spec, name, float64 value, candle start and end, epoch). */
    @Test
    void goldenBytesOfAnIndicator() {
        Indicator i = new Indicator("binance", "BTC-USDT", Event.NO_SEQ, 0L, 1L, 2L, "1m", "EMA(20)", 1.5,
                60_000_000_000L, 120_000_000_000L);
        assertEquals("0100" + "9e" + "0a01" + "a762696e616e6365" + "a84254432d55534454" + "ff" + "000102"
                        + "a2316d"                           // "1m"
                        + "a7454d4128323029"                 // "EMA(20)"
                        + "cb3ff8000000000000"               // 1.5 as float64
                        + "cf0000000df8475800"               // 60 s
                        + "cf0000001bf08eb000"               // 120 s
                        + "00",                              // epoch 0
                HexFormat.of().formatHex(codec.encode(i)));
    }

    /** Pins the {@code Candle} layout: 8 + 20 fields in the README's order (epoch last), the flag a msgpack boolean. */
    @Test
    void goldenBytesOfACandle() {
        Candle c = new Candle("okx", "ETH-USDT", Event.NO_SEQ, 3L, 4L, 5L, "t100", 10L, 20L, false, 2, 4, 300_000L,
                300_100L, 299_900L, 300_050L, 300_010L, 70_000L, 50_000L, 20_000L, 2_100_070_000_000L, 6, 100L, 11L,
                19L);
        assertEquals("0100" + "dc001c" + "0901" + "a36f6b78" + "a84554482d55534454" + "ff" + "030405"
                        + "a474313030"                       // "t100"
                        + "0a" + "14" + "c2"                 // start 10, end 20, complete false
                        + "02" + "04"                        // priceScale 2, sizeScale 4
                        + "ce000493e0" + "ce00049444" + "ce0004937c" + "ce00049412" + "ce000493ea" // o h l c vwap
                        + "ce00011170" + "cdc350" + "cd4e20"  // volume, buy, sell
                        + "cf000001e8f5ed2580" + "06"        // notional 2100070000000 at scale 6
                        + "64" + "0b" + "13"                 // tradeCount 100, first 11, last 19
                        + "00",                              // epoch 0
                HexFormat.of().formatHex(codec.encode(c)));
    }

    /**
     * Pins the {@code BookBar} layout: 8 + 33 fields in the README's order (epoch last), each band field an array of 5 integers,
     * the flag a msgpack boolean, the wall z-scores float64.
     */
    @Test
    void goldenBytesOfABookBar() {
        BookBar b = new BookBar("okx", "ETH-USDT", 7L, 3L, 4L, 5L, 10L, 20L, 2, 4, 6, false, 1, 8L, 300_000_000L,
                300_100_000L, 299_900_000L, 300_050_000L, 1_000L, 20_000L, 10_000L, 300_012_345L,
                new long[] {1, 2, 3, 4, 5}, new long[] {0, 0, 0, 0, 300}, new long[] {-1, 0, 0, 0, 0},
                new long[] {0, 0, 0, 0, 0}, -2L, 70_000L, 30_000L, 50_000L, 20_000L, 3L, 100L, 40L, 50L, 9L, 1.5,
                Double.NaN);
        assertEquals("0100" + "dc0029" + "0b01" + "a36f6b78" + "a84554482d55534454" + "07" + "030405"
                        + "0a" + "14"                        // start 10, end 20
                        + "02" + "04" + "06"                 // priceScale 2, sizeScale 4, midScale 6
                        + "c2" + "01" + "08"                 // live false, resyncs 1, liveNanos 8
                        + "ce11e1a300" + "ce11e329a0" + "ce11e01c60" + "ce11e26650" // mid o h l c
                        + "cd03e8" + "cd4e20" + "cd2710" + "ce11e1d339"             // spread mean max end, micro
                        + "95" + "0102030405"                // bidDepth
                        + "95" + "00000000cd012c"            // askDepth
                        + "95" + "ff00000000"                // bidFlow
                        + "95" + "0000000000"                // askFlow
                        + "fe"                               // ofi -2
                        + "ce00011170" + "cd7530" + "cdc350" + "cd4e20" + "03"     // trades
                        + "64" + "28" + "32" + "09"          // messages, adds, cancels, modifications
                        + "cb3ff8000000000000" + "cb7ff8000000000000"              // z-scores 1.5, NaN
                        + "00",                                                    // epoch 0
                HexFormat.of().formatHex(codec.encode(b)));
        assertEquals(b, codec.decode(codec.encode(b)));
    }

    @Test
    void candlesRoundTripFlatPartialAndLarge() {
        Candle flat = new Candle("kraken", "BTC-USD", Event.NO_SEQ, Event.NO_TIME, Events.T0, Events.T0, "5m",
                1_700_000_100_000_000_000L, 1_700_000_400_000_000_000L, true, 1, 8, 452_835L, 452_835L, 452_835L,
                452_835L, 452_835L, 0, 0, 0, 0, 9, 0, Event.NO_TIME, Event.NO_TIME);
        Candle partial = new Candle("binance", "BTC-USDT", Event.NO_SEQ, Events.T0, Events.T0, Events.T0, "v0.5",
                Events.T0 - 1_000, Events.T0, false, 2, 8, Long.MAX_VALUE, Long.MAX_VALUE, 0, 1, 2, Long.MAX_VALUE,
                Long.MAX_VALUE, 0, Long.MAX_VALUE, 3, Long.MAX_VALUE, Events.T0 - 1_000, Events.T0);
        for (Candle c : new Candle[] {flat, partial, Events.candle()}) {
            assertEquals(c, codec.decode(codec.encode(c)));
        }
        Indicator nan = new Indicator("okx", "BTC-USDT", Event.NO_SEQ, 0, 1, 2, "t100", "SMA(5)", Double.NaN, 0, 0);
        assertEquals(nan, codec.decode(codec.encode(nan)));
    }

    @Test
    void venueTouchRoundTrips() {
        VenueTouch aligned = new VenueTouch("binance", "BTC-USDT", 1_027_024L, Events.T0, Events.T0 + 1,
                Events.T0 + 2, 6_543_210L, 150_000_000L, 6_543_220L, 25_000_000L, 2, 8);
        VenueTouch emptyAsk = new VenueTouch("kraken", "BTC-USD", Event.NO_SEQ, Event.NO_TIME, Events.T0,
                Events.T0 + 1, 452_835L, 10_000_000L, 0L, 0L, 1, 8);
        for (VenueTouch t : new VenueTouch[] {aligned, emptyAsk}) {
            Event back = codec.decode(codec.encode(t));
            assertEquals(t, back);
            assertEquals(EventType.VENUE_TOUCH, back.type());
        }
    }

    @Test
    void largeEventsAreCompressedAndSmallOnesAreNot() {
        BookUpdate big = Events.bookUpdate(1000);
        byte[] frame = codec.encode(big);
        assertEquals(EventCodec.FLAG_LZ4, frame[1] & EventCodec.FLAG_LZ4);
        assertEquals(big, codec.decode(frame));
        EventCodec never = new EventCodec(Integer.MAX_VALUE, EventCodec.DEFAULT_MAX_BODY);
        byte[] plain = never.encode(big);
        assertEquals(0, plain[1]);
        assertTrue(frame.length < plain.length, frame.length + " vs " + plain.length);
        assertEquals(big, codec.decode(plain), "a reader decodes both forms");
        assertEquals(0, codec.encode(Events.bookUpdate(10))[1]);
    }

    @Test
    void decodesFromAVertxBufferAtAnOffset() {
        Buffer b = Buffer.buffer().appendString("junk");
        int n = codec.encode(Events.all().get(5), b);
        b.appendString("more junk");
        assertEquals(Events.all().get(5), codec.decode(b, 4, n));
    }

    @Test
    void newerWritersMayAppendFields() throws Exception {
        // A newer writer appends a field to Trade after the epoch; this reader must skip it.
        ArrayBufferOutput out = new ArrayBufferOutput();
        MessagePacker p = MessagePack.newDefaultPacker(out);
        p.packArrayHeader(15).packInt(2).packInt(2).packString("kraken").packString("BTC-USD").packLong(7)
                .packLong(0).packLong(1).packLong(2).packInt(1).packLong(5).packLong(6).packInt(1).packInt(8)
                .packLong(42).packString("a future field");
        p.flush();
        byte[] body = out.toByteArray();
        byte[] frame = new byte[body.length + 2];
        frame[0] = 1;
        System.arraycopy(body, 0, frame, 2, body.length);
        Trade t = (Trade) codec.decode(frame);
        assertEquals(5, t.price());
        assertEquals(8, t.sizeScale());
        assertEquals(42, t.epoch());
    }

    @Test
    void framesOfWritersBeforeTheEpochDecodeWithEpochZero() {
        // the golden frames of schema 1 as first written, before epoch was appended: 13 fields, no epoch
        Trade t = (Trade) codec.decode(HexFormat.of().parseHex("0100" + "9d" + "0201" + "a66b72616b656e"
                + "a74254432d555344" + "ce004731f6" + "000102" + "01" + "ce0006e8e3" + "ce00989680" + "01" + "08"));
        assertEquals(new Trade("kraken", "BTC-USD", 4_665_846L, 0L, 1L, 2L, Side.BUY, 452_835L, 10_000_000L, 1, 8), t);
        assertEquals(0, t.epoch());
        VenueStatus old = new VenueStatus("binance", "", -1, 0, 1, 2, VenueStatus.Connection.CONNECTED, "", List.of());
        VenueStatus led = old.withLeadership(7, "node-a", VenueStatus.Role.LEADER);
        assertEquals(led, codec.decode(codec.encode(led)));
        BookTop top = (BookTop) Events.all().stream().filter(e -> e instanceof BookTop).findFirst().orElseThrow();
        assertEquals(top.withEpoch(99), codec.decode(codec.encode(top.withEpoch(99))));
        assertEquals(99, ((BookTop) codec.decode(codec.encode(top.withEpoch(99)))).epoch());
    }

    @Test
    void aSymbolStatusOfAWriterBeforeTheCauseDecodesWithNoCause() {
        VenueStatus now = new VenueStatus("binance", "", -1, 0, 1, 2, VenueStatus.Connection.CONNECTED, "", List.of(
                new VenueStatus.SymbolStatus("BTC", SyncState.LIVE, 3, "xyz", "")));
        String hex = HexFormat.of().formatHex(codec.encode(now));
        // [symbol, state, resyncs, reason, cause] with cause "" (a0) -> the four fields written before the cause
        String entry = "95" + "a3425443" + "03" + "03" + "a378797a" + "a0";
        assertTrue(hex.contains(entry), hex);
        byte[] old = HexFormat.of().parseHex(hex.replace(entry, "94" + "a3425443" + "03" + "03" + "a378797a"));
        VenueStatus decoded = (VenueStatus) codec.decode(old);
        assertEquals(List.of(new VenueStatus.SymbolStatus("BTC", SyncState.LIVE, 3, "xyz")), decoded.symbols());
        assertEquals("", decoded.symbols().get(0).cause());
        VenueStatus withCause = new VenueStatus("binance", "", -1, 0, 1, 2, VenueStatus.Connection.CONNECTED, "",
                List.of(new VenueStatus.SymbolStatus("BTC", SyncState.RESYNCING, 4, "gap", "gap")));
        assertEquals("gap", ((VenueStatus) codec.decode(codec.encode(withCause))).symbols().get(0).cause());
    }

    @Test
    void badFramesFailWithAClearReason() {
        byte[] good = codec.encode(Events.bookUpdate(10));
        assertMessage("too short", new byte[] {1, 0});
        byte[] v2 = good.clone();
        v2[0] = 2;
        assertMessage("frame version 2", v2);
        assertMessage("malformed msgpack", Arrays.copyOf(good, good.length - 3));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertMessage("trailing", trailing);
        byte[] unknown = good.clone();
        unknown[3] = 0x7f; // type code
        assertMessage("unknown event type code 127", unknown);
        byte[] bomb = {1, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0};
        assertMessage("claims", bomb);
        byte[] compressed = codec.encode(Events.bookUpdate(1000));
        byte[] corrupt = Arrays.copyOf(compressed, compressed.length / 2);
        assertThrows(EventDecodeException.class, () -> codec.decode(corrupt));
    }

    @Test
    void bufferAndArrayEncodingsAgree() {
        for (Event e : Events.all()) {
            Buffer b = Buffer.buffer();
            codec.encode(e, b);
            assertArrayEquals(codec.encode(e), b.getBytes());
        }
    }

    private void assertMessage(String fragment, byte[] frame) {
        EventDecodeException e = assertThrows(EventDecodeException.class, () -> codec.decode(frame));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
