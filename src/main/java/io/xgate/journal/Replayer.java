package io.xgate.journal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.book.BookKeeper;
import io.xgate.config.ConfigLoader;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookBar;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;
import io.xgate.venue.Dialect;
import io.xgate.venue.Dialects;
import io.xgate.venue.FeedRecorder;
import io.xgate.venue.FeedReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a journal's {@code feed} stream back through the production code, in-process: each venue's dialect, its
 * connections' code and {@link io.xgate.venue.SymbolSync} ({@link FeedReplay}), and every book's checks and state
 * ({@link BookKeeper}, the code the book verticles run). Records go in one by one, in the journal's order, through
 * {@link #record}; the venues are rebuilt from the recording's SESSION record (each venue file's text as the
 * recording gateway read it), so that a replay needs nothing but the journal.
 *
 * <p>A book's {@link BookTop} is produced after each record that changed it (live coalesces per event-loop turn:
 * see {@link TopCheck} for how the two are compared). A book that fails a check here is counted and waits for its
 * snapshot, as live; the resync itself is the recording's (its RESYNC record), so that it happens where it did.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class Replayer {

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    /** What a replay produces, synchronously and in order (every method optional). */
    public interface Listener {
        default void top(BookTop top) {
        }

        default void update(BookUpdate update) {
        }

        default void trade(Trade trade) {
        }

        default void bar(BookBar bar) {
        }

        default void status(VenueStatus status) {
        }

        /**
         * Whether this listener wants {@link #top}: a replay for bars or an export builds no {@code BookTop}s, which
         * saves their levels' copies on every record. Asked once, when the replay starts.
         */
        default boolean tops() {
            return true;
        }

        /**
         * Whether this listener wants {@link #applied}: the replay then follows every level change of its books (not
         * with book-feature bars, {@link Options#bookBarNanos()} 0 only). Asked once, when the replay starts.
         */
        default boolean levels() {
            return false;
        }

        /**
         * A replayed book applied {@code u} (an update skipped while the book waits for a snapshot does not come
         * here), after the book's checks: {@code changes} holds the levels it changed, in order (the update's levels
         * whose size changed, then those a depth truncation removed). A snapshot cleared the book first. Only when
         * {@link #levels()} said so; {@code book} and {@code changes} are valid during the call only.
         */
        default void applied(BookUpdate u, io.xgate.book.OrderBook book, LevelChanges changes) {
        }
    }

    /** The level changes of one applied update (see {@link Listener#applied}); reused from update to update. */
    public static final class LevelChanges implements io.xgate.book.LevelListener {
        private boolean[] asks = new boolean[64];
        private long[] prices = new long[64];
        private long[] sizes = new long[64];
        private int count;

        void clear() {
            count = 0;
        }

        @Override
        public void onLevel(boolean ask, long price, long oldSize, long newSize) {
            if (oldSize == newSize) {
                return;
            }
            if (count == prices.length) {
                asks = java.util.Arrays.copyOf(asks, 2 * count);
                prices = java.util.Arrays.copyOf(prices, 2 * count);
                sizes = java.util.Arrays.copyOf(sizes, 2 * count);
            }
            asks[count] = ask;
            prices[count] = price;
            sizes[count] = newSize;
            count++;
        }

        /** How many levels changed. */
        public int count() {
            return count;
        }

        /** Whether change {@code i} is an ask level. */
        public boolean ask(int i) {
            return asks[i];
        }

        /** The price mantissa of change {@code i}. */
        public long price(int i) {
            return prices[i];
        }

        /** The level's new size mantissa (0: removed). */
        public long size(int i) {
            return sizes[i];
        }
    }

    /** How to replay: which venues ({@code null}: all), the time window, and the book-feature bars. */
    public record Options(Set<String> venues, long fromNanos, long toNanos, long bookBarNanos) {
        /** Everything, no bars. */
        public static Options all() {
            return new Options(null, Long.MIN_VALUE, Long.MAX_VALUE, 0);
        }
    }

    /** One book's end of replay. */
    public record BookResult(String venue, String symbol, String state, long updates, long tops, long trades,
                             long bookFailures, long bestBid, long bestAsk, int bidLevels, int askLevels, long hash,
                             int priceScale, int sizeScale) {
    }

    /** One venue's end of replay. */
    public record VenueResult(String venue, long messages, long badFrames, Map<String, Long> resyncs,
                              List<String> divergences, List<BookResult> books, long beforeJoining) {
    }

    private final Options options;
    private final Listener listener;
    private final Map<String, Venue> venues = new LinkedHashMap<>();
    private final FeedRecords.Reader reader = new FeedRecords.Reader();
    private final Metrics metrics = Metrics.inMemory();
    private byte[] frame = new byte[64 * 1024];
    private long records;
    private long gaps;
    private long droppedRecords;
    private long skippedVenueRecords;
    private int topDepth = 10;
    /** The run the venues were built for (a SESSION's start and gateway). */
    private String run;
    private final List<Book> touched = new ArrayList<>();
    /** The level changes of the update being applied, when the listener wants them ({@code null} otherwise). */
    private final LevelChanges changes;

    public Replayer(Options options, Listener listener) {
        this.options = options;
        this.listener = listener;
        this.wantTops = listener.tops();
        if (listener.levels() && options.bookBarNanos() > 0) {
            throw new IllegalArgumentException("level changes cannot be followed with book-feature bars on");
        }
        this.changes = listener.levels() ? new LevelChanges() : null;
    }

    /** One replayed venue: its feed and its books. */
    private final class Venue implements FeedReplay.Output {
        final FeedReplay feed;
        final Map<String, Book> books = new LinkedHashMap<>();
        final byte[] name;

        Venue(VenueConfig config, Dialect dialect) {
            this.feed = new FeedReplay(config, dialect, this);
            this.name = config.id().getBytes(StandardCharsets.US_ASCII);
            var rules = dialect.bookRules(config);
            for (Instrument i : config.instruments().values()) {
                BookKeeper keeper = new BookKeeper(config.id(), i, rules, topDepth, metrics.venue(config.id()),
                        options.bookBarNanos(), bar -> {
                            if (!quiet) {
                                listener.bar(bar);
                            }
                        });
                if (changes != null) {
                    keeper.levelListener(changes);
                }
                books.put(i.symbol(), new Book(keeper));
            }
        }

        @Override
        public void book(BookUpdate u) {
            Book b = books.get(u.symbol());
            if (!quiet) {
                listener.update(u);
            }
            if (b.keeper.skips(u)) {
                return;
            }
            if (changes != null) {
                changes.clear();
            }
            BookKeeper.Failure f = b.keeper.onUpdate(u, now, now);
            if (f != null) {
                b.failures++;
            }
            if (changes != null && !quiet) {
                listener.applied(u, b.keeper.book(), changes);
            }
            b.updates++;
            mark(b);
        }

        @Override
        public void trade(Trade t) {
            Book b = books.get(t.symbol());
            b.trades++;
            b.keeper.onTrade(t);
            if (!quiet) {
                listener.trade(t);
            }
        }

        @Override
        public void touch(VenueTouch t) {
            Book b = books.get(t.symbol());
            if (b.keeper.onTouch(t, now, now) != null) {
                b.failures++;
                mark(b);
            }
        }

        @Override
        public void status(VenueStatus s) {
            if (!quiet) {
                listener.status(s);
            }
            for (VenueStatus.SymbolStatus ss : s.symbols()) {
                Book b = books.get(ss.symbol());
                if (b != null && b.keeper.onVenueState(ss.state(), now)) {
                    mark(b);
                }
            }
        }
    }

    /** One book and its counts. */
    private static final class Book {
        final BookKeeper keeper;
        long updates;
        long tops;
        long trades;
        long failures;
        boolean touched;

        Book(BookKeeper keeper) {
            this.keeper = keeper;
        }
    }

    private long now;
    private boolean quiet;

    private void mark(Book b) {
        if (!b.touched) {
            b.touched = true;
            touched.add(b);
        }
    }

    /**
     * One record of the feed stream, in order ({@code buf[off, off + len)} is its payload, valid during the call).
     */
    public void record(int type, long tsNanos, byte[] buf, int off, int len) {
        records++;
        if (type == 0) {
            gaps++;
            droppedRecords += len >= 8 ? reader.of(buf, off, len).i64() : 0;
            LOG.warn("the journal lost records here ({} so far): a book that depended on them will not match",
                    droppedRecords);
            return;
        }
        if (type == FeedRecords.SESSION) {
            session(new String(buf, off, len, StandardCharsets.UTF_8));
            return;
        }
        // before the window, records are applied (the books must be right when it starts) but nothing is output
        quiet = tsNanos < options.fromNanos();
        if (tsNanos > options.toNanos()) {
            return;
        }
        now = tsNanos;
        FeedRecords.Reader r = reader.of(buf, off, len);
        Venue v = venue(r);
        if (v == null) {
            skippedVenueRecords++;
            return;
        }
        FeedReplay f = v.feed;
        f.at(tsNanos);
        switch (type) {
            case FeedRecords.MESSAGE -> {
                int conn = r.u32();
                int n = r.remaining();
                if (n > frame.length) {
                    frame = new byte[Math.max(n, frame.length * 2)];
                }
                System.arraycopy(r.array(), r.position(), frame, 0, n);
                f.message(conn, frame, n);
            }
            case FeedRecords.CONNECTION -> {
                int conn = r.u32();
                FeedRecorder.ConnectionEvent e = FeedRecorder.ConnectionEvent.of(r.u8());
                String group = r.str();
                f.connection(conn, e, group, r.str());
            }
            case FeedRecords.RESPONSE -> {
                int conn = r.u32();
                int n = r.u32();
                int status = r.u16();
                long retry = r.i64();
                if (status == 200) {
                    f.response(conn, n, r.restBytes(), 0, 0, null);
                } else {
                    f.response(conn, n, null, status, retry, r.restText());
                }
            }
            case FeedRecords.REQUEST -> {
                int conn = r.u32();
                int n = r.u32();
                f.request(conn, n, r.str());
            }
            case FeedRecords.TIMER -> {
                int conn = r.u32();
                f.timer(conn, r.u32());
            }
            case FeedRecords.RESYNC -> {
                String symbol = r.str();
                String cause = r.str();
                f.resync(symbol, cause, r.str());
            }
            case FeedRecords.STALE -> f.stale(r.str());
            case FeedRecords.SKIPPED -> {
                int conn = r.u32();
                f.skipped(conn, r.i64());
            }
            default -> {
                // SENT says what live sent; the replay's protocol sends the same by itself
            }
        }
        flushTops();
    }

    private final boolean wantTops;

    private void flushTops() {
        for (int i = 0; i < touched.size(); i++) {
            Book b = touched.get(i);
            b.touched = false;
            b.tops++;
            if (!wantTops) {
                b.keeper.skipTop();
                continue;
            }
            BookTop top = b.keeper.top(now);
            if (!quiet) {
                listener.top(top);
            }
        }
        touched.clear();
    }

    private Venue venue(FeedRecords.Reader r) {
        // venue names are few: compare the bytes in place rather than make a String per record
        int mark = r.position();
        int length = r.remaining();
        for (Venue v : venues.values()) {
            r.of(r.array(), mark, length);
            if (r.strIs(v.name)) {
                return v;
            }
        }
        r.of(r.array(), mark, length);
        String name = r.str();
        if (!venues.containsKey(name) && (options.venues() == null || options.venues().contains(name))) {
            throw new IllegalStateException("the journal has records of venue '" + name + "' before a SESSION "
                    + "record describing it: is the journal's first segment missing (deleted by retention)?");
        }
        return null;
    }

    /** A SESSION record: (re)builds the venues it describes (a later session, a restart, starts them afresh). */
    private void session(String json) {
        JsonObject s = new JsonObject(json);
        String run = s.getString("startedAt", "") + "/" + s.getString("gateway", "");
        if (run.equals(this.run)) {
            return; // the same run's SESSION again, at the head of a later segment
        }
        this.run = run;
        topDepth = s.getInteger("topDepth", 10);
        JsonArray vs = s.getJsonArray("venues", new JsonArray());
        for (int k = 0; k < vs.size(); k++) {
            JsonObject v = vs.getJsonObject(k);
            String id = v.getString("id");
            if (options.venues() != null && !options.venues().contains(id)) {
                continue;
            }
            VenueConfig config = venueConfig(id, v.getString("file"), v.getString("text"));
            venues.put(id, new Venue(config, Dialects.of(config)));
        }
    }

    static VenueConfig venueConfig(String id, String file, String text) {
        try {
            Path dir = Files.createTempDirectory("xgate-replay");
            try {
                Path f = dir.resolve(id + ".yaml");
                Files.writeString(f, text);
                // secrets are references ({env: …}); market data needs none, so a missing one is no error here
                return new ConfigLoader(name -> "replay").loadVenue(f, id);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild venue " + id + " (recorded from " + file + ")", e);
        }
    }

    /** Records seen, GAP records met, and the records those said were lost. */
    public long records() {
        return records;
    }

    public long gaps() {
        return gaps;
    }

    public long droppedRecords() {
        return droppedRecords;
    }

    /** Every venue's and book's end of replay. */
    public List<VenueResult> results() {
        List<VenueResult> out = new ArrayList<>();
        for (Venue v : venues.values()) {
            List<BookResult> books = new ArrayList<>();
            for (Book b : v.books.values()) {
                var book = b.keeper.book();
                books.add(new BookResult(v.feed.venue(), book.symbol(), b.keeper.state().name(), b.updates, b.tops,
                        b.trades, b.failures, book.bidCount() == 0 ? 0 : book.bestBid(),
                        book.askCount() == 0 ? 0 : book.bestAsk(), book.bidCount(), book.askCount(),
                        book.stateHash(), book.priceScale(), book.sizeScale()));
            }
            out.add(new VenueResult(v.feed.venue(), v.feed.messages(), v.feed.badFrames(), v.feed.resyncs(),
                    v.feed.divergences(), books, v.feed.beforeJoining()));
        }
        return out;
    }

    /** A replayed book, by venue and symbol, or {@code null} (tests compare it level by level). */
    public io.xgate.book.OrderBook book(String venue, String symbol) {
        Venue v = venues.get(venue);
        Book b = v == null ? null : v.books.get(symbol);
        return b == null ? null : b.keeper.book();
    }
}
