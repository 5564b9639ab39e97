package io.xgate.cli;

import io.xgate.analytics.CandleBuilder;
import io.xgate.analytics.CandleSpec;
import io.xgate.book.OrderBook;
import io.xgate.event.BookBar;
import io.xgate.event.BookUpdate;
import io.xgate.event.Candle;
import io.xgate.event.Event;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.Replayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code xgate export} and {@code xgate bars} share: the replay loop and the CSV rows of each export type (the
 * columns are documented in EXPORT.md). Each row writer is a {@link Replayer.Listener}; an I/O failure while writing
 * is thrown as {@link UncheckedIOException} out of the replay.
 */
final class Exports {

    /** A replay listener that writes rows: it wants no {@code BookTop}, so the replay builds none. */
    interface RowListener extends Replayer.Listener {
        @Override
        default boolean tops() {
            return false;
        }
    }

    /** The CSV file to write (replaced), buffered; or {@code null} after saying on {@code err} why it cannot be. */
    static java.io.OutputStream openOut(java.nio.file.Path out, java.io.PrintWriter err) {
        try {
            return new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out), 1 << 16);
        } catch (java.io.IOException e) {
            err.println("xgate: cannot write --out " + out + " (" + e + "); give a path in a writable directory");
            return null;
        }
    }


    private Exports() {
    }

    /** Epoch nanoseconds to epoch microseconds (floor). */
    static long micros(long nanos) {
        return Math.floorDiv(nanos, 1000L);
    }

    /** A listener that also wants the replay's clock (each record's timestamp) and the end of the replay. */
    interface Clocked {
        void clock(long tsNanos) throws IOException;

        void finish(long lastTsNanos) throws IOException;
    }

    /** How a replay went: the replayer (its results), records read and the time the replay itself took. */
    record Run(Replayer replayer, long records, long elapsedNanos) {
    }

    /** Checks that {@code journal} holds a feed stream; returns the reason it does not, or {@code null}. */
    static String checkJournal(Path journal) throws IOException {
        if (!Files.isDirectory(journal)) {
            return "--journal " + journal + " is not a directory; record one with: xgate record --journal " + journal;
        }
        if (JournalReader.open(journal, FeedRecords.FEED).segments().isEmpty()) {
            return "--journal " + journal + " holds no feed segment (feed-*.xjl): is it a journal directory?";
        }
        return null;
    }

    /** Replays {@code journal}'s feed up to {@code options.toNanos()} into {@code listener}, with a progress line. */
    static Run replay(Path journal, Replayer.Options options, Replayer.Listener listener, PrintWriter err,
                      String what) throws IOException {
        JournalReader feed = JournalReader.open(journal, FeedRecords.FEED);
        long total = feed.summary().records();
        feed.problems().forEach(p -> err.println("xgate: journal: " + p));
        Replayer replayer = new Replayer(options, listener);
        Progress progress = new Progress(err, what, total);
        Clocked clocked = listener instanceof Clocked c ? c : null;
        long[] last = {Long.MIN_VALUE};
        long t0 = System.nanoTime();
        long n = feed.read(Long.MIN_VALUE, options.toNanos(), (type, ts, buf, off, len) -> {
            replayer.record(type, ts, buf, off, len);
            if (clocked != null && ts >= options.fromNanos()) {
                try {
                    clocked.clock(ts);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            last[0] = Math.max(last[0], ts);
            progress.step();
        });
        if (clocked != null) {
            clocked.finish(last[0]);
        }
        long elapsed = System.nanoTime() - t0;
        progress.done();
        return new Run(replayer, n, elapsed);
    }

    // ------------------------------------------------------------------------------------------------ book

    static final String[] BOOK_HEADER = {"exchange", "symbol", "timestamp", "local_timestamp", "is_snapshot", "side",
        "price", "amount"};

    /**
     * The incremental L2 rows: every level change the replayed books went through. A book's first exported update
     * (and every snapshot it applied) comes as its whole book after the update, {@code is_snapshot} true; a delta as
     * its changed levels. Updates a book skipped while waiting for a snapshot changed nothing: no rows.
     */
    static final class BookRows implements RowListener {
        private final CsvWriter csv;
        private final Set<OrderBook> started = new HashSet<>();
        private long[] prices = new long[1024];
        private long[] sizes = new long[1024];
        /** Snapshots that left a book empty: no row can say so in this layout. */
        long emptySnapshots;
        long updates;

        BookRows(CsvWriter csv) throws IOException {
            this.csv = csv;
            csv.header(BOOK_HEADER);
        }

        @Override
        public boolean levels() {
            return true;
        }

        @Override
        public void applied(BookUpdate u, OrderBook book, Replayer.LevelChanges changes) {
            updates++;
            try {
                long local = micros(u.receiveTsNanos());
                long ts = u.venueTsNanos() == Event.NO_TIME ? local : micros(u.venueTsNanos());
                if (u.kind() == BookUpdate.Kind.SNAPSHOT || started.add(book)) {
                    started.add(book);
                    snapshot(u, book, ts, local);
                    return;
                }
                int ps = book.priceScale();
                int ss = book.sizeScale();
                for (int i = 0, n = changes.count(); i < n; i++) {
                    row(u, ts, local, false, changes.ask(i), changes.price(i), changes.size(i), ps, ss);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void snapshot(BookUpdate u, OrderBook book, long ts, long local) throws IOException {
            int n = Math.max(book.bidCount(), book.askCount());
            if (n == 0) {
                emptySnapshots++;
                return;
            }
            if (prices.length < n) {
                prices = new long[Math.max(n, 2 * prices.length)];
                sizes = new long[prices.length];
            }
            int ps = book.priceScale();
            int ss = book.sizeScale();
            int nb = book.topBids(prices, sizes, n);
            for (int i = 0; i < nb; i++) {
                row(u, ts, local, true, false, prices[i], sizes[i], ps, ss);
            }
            int na = book.topAsks(prices, sizes, n);
            for (int i = 0; i < na; i++) {
                row(u, ts, local, true, true, prices[i], sizes[i], ps, ss);
            }
        }

        private void row(BookUpdate u, long ts, long local, boolean snapshot, boolean ask, long price, long size,
                         int ps, int ss) throws IOException {
            csv.str(u.venue()).str(u.symbol()).num(ts).num(local).bool(snapshot).ascii(ask ? "ask" : "bid")
                    .dec(price, ps).dec(size, ss).end();
        }
    }

    // ------------------------------------------------------------------------------------------------ trades

    static final String[] TRADES_HEADER = {"exchange", "symbol", "timestamp", "local_timestamp", "id", "side",
        "price", "amount"};

    /** One row per replayed trade. */
    static final class TradeRows implements RowListener {
        private final CsvWriter csv;

        TradeRows(CsvWriter csv) throws IOException {
            this.csv = csv;
            csv.header(TRADES_HEADER);
        }

        @Override
        public void trade(Trade t) {
            try {
                long local = micros(t.receiveTsNanos());
                csv.str(t.venue()).str(t.symbol()).num(t.venueTsNanos() == Event.NO_TIME ? local
                        : micros(t.venueTsNanos())).num(local);
                if (t.venueSeq() == Event.NO_SEQ) {
                    csv.empty();
                } else {
                    csv.num(t.venueSeq());
                }
                csv.ascii(t.side() == Side.BUY ? "buy" : t.side() == Side.SELL ? "sell" : "unknown")
                        .dec(t.price(), t.priceScale()).dec(t.size(), t.sizeScale()).end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ candles

    static final String[] CANDLES_HEADER = {"exchange", "symbol", "spec", "start", "end", "complete", "open", "high",
        "low", "close", "vwap", "volume", "buy_volume", "sell_volume", "notional", "trades", "first_trade_timestamp",
        "last_trade_timestamp", "local_timestamp"};

    /**
     * The candles of the replayed trades, per (venue, symbol), built by the production {@link CandleBuilder} with
     * its default options (250 ms grace, flat bars for quiet intervals), its clock the journal's record times. The
     * bar in progress at the end is written too, {@code complete} false.
     */
    static final class CandleRows implements RowListener, Clocked {
        private final CsvWriter csv;
        private final CandleSpec spec;
        private final Map<String, CandleBuilder> builders = new HashMap<>();
        private final List<CandleBuilder> all = new ArrayList<>();
        private long now;
        private long lastClock = Long.MIN_VALUE;

        CandleRows(CsvWriter csv, CandleSpec spec) throws IOException {
            this.csv = csv;
            this.spec = spec;
            csv.header(CANDLES_HEADER);
        }

        @Override
        public void trade(Trade t) {
            CandleBuilder b = builders.get(t.venue() + '\0' + t.symbol());
            if (b == null) {
                b = new CandleBuilder(t.venue(), t.symbol(), spec, t.priceScale(), t.sizeScale(),
                        CandleBuilder.Options.DEFAULT, () -> now, (c, trades) -> write(c));
                builders.put(t.venue() + '\0' + t.symbol(), b);
                all.add(b);
            }
            if (t.priceScale() == b.priceScale() && t.sizeScale() == b.sizeScale()) {
                b.onTrade(t.venueTsNanos() == Event.NO_TIME ? t.receiveTsNanos() : t.venueTsNanos(), t.price(),
                        t.size(), t.side() == Side.BUY);
            }
        }

        @Override
        public void clock(long tsNanos) {
            now = Math.max(now, tsNanos);
            if (now - lastClock >= 10_000_000L) { // as live: a tick of at most 100 ms, here 10 ms of journal time
                lastClock = now;
                for (int i = 0; i < all.size(); i++) {
                    all.get(i).onClock(now);
                }
            }
        }

        @Override
        public void finish(long lastTsNanos) {
            for (CandleBuilder b : all) {
                b.onClock(now);
                b.partial(now).ifPresent(this::write);
            }
        }

        private void write(Candle c) {
            try {
                int ps = c.priceScale();
                int ss = c.sizeScale();
                csv.str(c.venue()).str(c.symbol()).str(c.spec()).num(micros(c.startNanos())).num(micros(c.endNanos()))
                        .bool(c.complete()).dec(c.open(), ps).dec(c.high(), ps).dec(c.low(), ps).dec(c.close(), ps)
                        .dec(c.vwap(), ps).dec(c.volume(), ss).dec(c.buyVolume(), ss).dec(c.sellVolume(), ss)
                        .dec(c.notional(), c.notionalScale()).num(c.tradeCount());
                time(c.firstTradeTsNanos());
                time(c.lastTradeTsNanos());
                csv.num(micros(c.receiveTsNanos())).end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void time(long nanos) throws IOException {
            if (nanos == Event.NO_TIME) {
                csv.empty();
            } else {
                csv.num(micros(nanos));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ bookbars

    static final String[] BARS_HEADER;

    static {
        List<String> h = new ArrayList<>(List.of("exchange", "symbol", "start", "end", "local_timestamp", "live",
                "resyncs", "live_seconds", "mid_open", "mid_high", "mid_low", "mid_close", "spread_mean", "spread_max",
                "spread_end", "microprice"));
        for (String what : List.of("bid_depth", "ask_depth", "bid_flow", "ask_flow")) {
            for (String band : BookBar.BANDS) {
                h.add(what + "_" + band);
            }
        }
        h.addAll(List.of("ofi", "trade_volume", "signed_volume", "buy_volume", "sell_volume", "trades", "messages",
                "adds", "cancels", "modifications", "bid_wall_z", "ask_wall_z"));
        BARS_HEADER = h.toArray(new String[0]);
    }

    /** One row per book-feature bar of the replay (its {@code Options.bookBarNanos} decides their length). */
    static final class BarRows implements RowListener {
        private final CsvWriter csv;

        BarRows(CsvWriter csv) throws IOException {
            this.csv = csv;
            csv.header(BARS_HEADER);
        }

        @Override
        public void bar(BookBar b) {
            try {
                int ms = b.midScale();
                int ss = b.sizeScale();
                csv.str(b.venue()).str(b.symbol()).num(micros(b.startNanos())).num(micros(b.endNanos()))
                        .num(micros(b.receiveTsNanos())).bool(b.live()).num(b.resyncs()).dec(b.liveNanos(), 9);
                for (long m : new long[] {b.midOpen(), b.midHigh(), b.midLow(), b.midClose(), b.spreadMean(),
                    b.spreadMax(), b.spreadEnd(), b.microprice()}) {
                    if (m == 0) {
                        csv.empty(); // no LIVE two-sided book (over the bar, or at its end)
                    } else {
                        csv.dec(m, ms);
                    }
                }
                for (long[] a : new long[][] {b.bidDepth(), b.askDepth(), b.bidFlow(), b.askFlow()}) {
                    for (long v : a) {
                        csv.dec(v, ss);
                    }
                }
                csv.dec(b.ofi(), ss).dec(b.tradeVolume(), ss).dec(b.signedVolume(), ss).dec(b.buyVolume(), ss)
                        .dec(b.sellVolume(), ss).num(b.tradeCount()).num(b.messages()).num(b.adds())
                        .num(b.cancels()).num(b.modifications()).dbl(b.bidWallZ()).dbl(b.askWallZ()).end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
