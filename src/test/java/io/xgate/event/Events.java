package io.xgate.event;

import java.util.List;

/** Fixed sample events shared by the codec tests. */
final class Events {

    private Events() {
    }

    static final long T0 = 1_700_000_000_123_456_789L;

    static BookUpdate bookUpdate(int levels) {
        long[] bp = new long[levels];
        long[] bs = new long[levels];
        long[] ap = new long[levels];
        long[] as = new long[levels];
        for (int i = 0; i < levels; i++) {
            bp[i] = 6_543_210 - 10L * i;
            bs[i] = 150_000_000L + 1_234_567L * i;
            ap[i] = 6_543_220 + 10L * i;
            as[i] = 25_000_000L + 7_654_321L * i;
        }
        return new BookUpdate("binance", "BTC-USDT", 1_027_024L, T0, T0 + 1_000, T0 + 2_000, BookUpdate.Kind.DELTA,
                1_027_020L, BookUpdate.NO_CHECKSUM, 2, 8, bp, bs, ap, as);
    }

    static List<Event> all() {
        return List.of(
                bookUpdate(10),
                new BookUpdate("kraken", "MATIC-USD", Event.NO_SEQ, T0, T0 + 1, T0 + 2, BookUpdate.Kind.SNAPSHOT,
                        Event.NO_SEQ, 2_439_117_997L, 4, 8, new long[] {5666}, new long[] {483_175_496_356L},
                        new long[] {5668}, new long[] {441_079_769_741L}),
                new BookUpdate("okx", "BTC-USDT", 5, 0, 1, 2, BookUpdate.Kind.DELTA, 4, -1_881_014_294L, 1, 8,
                        new long[0], new long[0], new long[0], new long[0]),
                new Trade("binance", "BTC-USDT", 12_345L, T0, T0 + 1, T0 + 2, Side.SELL, 6_543_210L, 1_000L, 2, 8),
                new BookTop("kraken", "BTC-USD", Event.NO_SEQ, T0, T0 + 5, T0 + 9, T0 + 7, SyncState.LIVE, 3, 1, 8,
                        new long[] {452_835L, 452_834L}, new long[] {10_000_000L, 154_582_015L},
                        new long[] {452_852L}, new long[] {100_000L}),
                new VenueStatus("binanceus", "", Event.NO_SEQ, Event.NO_TIME, T0, T0 + 1,
                        VenueStatus.Connection.CONNECTED, "reconnected after 3 attempts",
                        List.of(new VenueStatus.SymbolStatus("BTC-USDT", SyncState.LIVE, 2, ""),
                                new VenueStatus.SymbolStatus("ETH-USDT", SyncState.RESYNCING, 5, "gap 100->102", "gap"))),
                new Opportunity("", "BTC-USDT", Event.NO_SEQ, T0, T0 + 1, T0 + 2, 42L, Opportunity.Phase.OPEN,
                        "binance", "kraken", 2, 8, 50_000_000L, 6_543_210L, 6_560_000L, 25.66, 15.61, 16.4, 1.25,
                        T0, 0L),
                new OrderRequest("binance", "BTC-USDT", Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, T0,
                        OrderRequest.Action.PLACE, "strat-1-000042", Side.BUY, OrderRequest.OrderType.LIMIT,
                        OrderRequest.TimeInForce.GTC, 2, 5, 6_543_210L, 12_345L, ""),
                new OrderReport("kraken", "BTC-USD", Event.NO_SEQ, Event.NO_TIME, T0, T0 + 1, "strat-1-000042",
                        "OUF4EM-FRGI2-MQMWZD", OrderReport.Status.REJECTED, OrderReport.Source.VENUE,
                        "EAPI:Invalid nonce", "nonce 5 is not above 7", 1, 8, 0L, 0L),
                new VenueTouch("binance", "BTC-USDT", 1_027_024L, T0, T0 + 1, T0 + 2, 6_543_210L, 150_000_000L,
                        6_543_220L, 25_000_000L, 2, 8),
                candle(),
                new Indicator("binance", "BTC-USDT", Event.NO_SEQ, T0, T0 + 1, T0 + 2, "1m", "EMA(20)", 65_432.1075,
                        1_700_000_040_000_000_000L, 1_700_000_100_000_000_000L),
                bookBar());
    }

    /** A LIVE 5 s book bar of a BTC-USDT book at scales 2/8 (mids at scale 6). */
    static BookBar bookBar() {
        return new BookBar("binance", "BTC-USDT", 1_027_024L, T0, T0 + 1, T0 + 2, 1_700_000_000_000_000_000L,
                1_700_000_005_000_000_000L, 2, 8, 6, true, 0, 5_000_000_000L, 65_432_105_000L, 65_433_005_000L,
                65_431_005_000L, 65_432_505_000L, 10_312L, 30_000L, 10_000L, 65_432_511_234L,
                new long[] {150_000_000L, 0, 12_000_000L, 0, 1_000_000_000L}, new long[] {25_000_000L, 0, 0, 0, 0},
                new long[] {-5_000_000L, 0, 0, 0, 7L}, new long[] {0, 0, 0, 0, 0}, -12_345_678L, 1_000_000L,
                -200_000L, 400_000L, 600_000L, 7, 412, 120, 230, 61, 2.75, Double.NaN);
    }

    /** A complete 1m candle of three trades. */
    static Candle candle() {
        return new Candle("binance", "BTC-USDT", Event.NO_SEQ, T0, T0 + 1, T0 + 2, "1m", 1_700_000_040_000_000_000L,
                1_700_000_100_000_000_000L, true, 2, 8, 6_543_210L, 6_543_990L, 6_543_000L, 6_543_500L, 6_543_401L,
                250_000_000L, 150_000_000L, 100_000_000L, 1_635_850_250_000_000L, 10, 3, T0 - 5_000, T0);
    }
}
