package io.xgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.App;
import io.xgate.book.OrderBook;
import io.xgate.journal.Replayer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgate export} on a real recording ({@link ExportRecording}): the CSV is read back and checked against the
 * replay it came from.
 */
class ExportCommandTest {

    private static final List<String> VENUES = List.of("binance", "kraken");
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");

    @TempDir
    Path dir;

    /** One rebuilt book: price to amount per side, the text as written. */
    private static final class Rebuilt {
        final TreeMap<BigDecimal, String> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, String> asks = new TreeMap<>();
        boolean inSnapshot;
        long snapshotLocal;
        long snapshots;
        long restarts;
        int maxBids;
        int maxAsks;
        String update = "";

        /** The book between updates (their rows share the times): the most levels it held. */
        void between() {
            maxBids = Math.max(maxBids, bids.size());
            maxAsks = Math.max(maxAsks, asks.size());
        }
    }

    @Test
    void bookRowsRebuildEveryReplayedBookLevelForLevel() throws Exception {
        Path journal = ExportRecording.journal();
        Path file = dir.resolve("book.csv");
        Exports.Run run;
        try (CsvWriter csv = new CsvWriter(new BufferedOutputStream(Files.newOutputStream(file)))) {
            run = Exports.replay(journal, Replayer.Options.all(), new Exports.BookRows(csv),
                    new PrintWriter(new StringWriter()), "test");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", Exports.BOOK_HEADER), lines.get(0));
        Map<String, Rebuilt> books = new HashMap<>();
        for (int k = 1; k < lines.size(); k++) {
            String[] f = lines.get(k).split(",", -1);
            assertEquals(8, f.length, lines.get(k));
            Rebuilt b = books.computeIfAbsent(f[0] + "/" + f[1], x -> new Rebuilt());
            long ts = Long.parseLong(f[2]);
            long local = Long.parseLong(f[3]);
            assertTrue(ts > 1_000_000_000_000_000L && local > 1_000_000_000_000_000L, "microseconds: " + lines.get(k));
            boolean snapshot = Boolean.parseBoolean(f[4]);
            if (!b.update.equals(f[2] + "/" + f[3])) {
                b.between();
                b.update = f[2] + "/" + f[3];
            }
            assertTrue(f[4].equals("true") || f[4].equals("false"), lines.get(k));
            if (snapshot && (!b.inSnapshot || local != b.snapshotLocal)) {
                // a snapshot block starts: the book restarts from it
                if (b.snapshots++ > 0) {
                    b.restarts++;
                }
                b.bids.clear();
                b.asks.clear();
                b.snapshotLocal = local;
            }
            b.inSnapshot = snapshot;
            TreeMap<BigDecimal, String> side = switch (f[5]) {
                case "bid" -> b.bids;
                case "ask" -> b.asks;
                default -> throw new AssertionError("side " + f[5]);
            };
            BigDecimal price = new BigDecimal(f[6]);
            BigDecimal amount = new BigDecimal(f[7]);
            assertTrue(amount.signum() >= 0, lines.get(k));
            if (amount.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, f[7]);
            }
        }
        books.values().forEach(Rebuilt::between);
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                OrderBook replayed = run.replayer().book(v, s);
                assertNotNull(replayed, v + " " + s);
                Rebuilt b = books.get(v + "/" + s);
                assertNotNull(b, v + " " + s + " has rows");
                assertEquals(levels(replayed, false), text(b.bids), v + " " + s + " bids");
                assertEquals(levels(replayed, true), text(b.asks), v + " " + s + " asks");
                assertTrue(replayed.bidCount() > 0 && replayed.askCount() > 0, v + " " + s + " non-empty");
            }
        }
        for (String s : SYMBOLS) {
            Rebuilt k = books.get("kraken/" + s);
            assertTrue(k.maxBids <= ExportRecording.KRAKEN_DEPTH && k.maxAsks <= ExportRecording.KRAKEN_DEPTH,
                    "kraken " + s + ": the truncation to the subscribed depth is in the rows (" + k.maxBids + "/"
                            + k.maxAsks + " levels at most)");
        }
        long restarts = books.get("kraken/BTC-USDT").restarts + books.get("kraken/ETH-USDT").restarts;
        assertTrue(restarts >= 1, "kraken's checksum resyncs restarted a book from a mid-stream snapshot");
    }

    private static List<String> levels(OrderBook b, boolean ask) {
        int n = ask ? b.askCount() : b.bidCount();
        long[] p = new long[n];
        long[] s = new long[n];
        if (ask) {
            b.topAsks(p, s, n);
        } else {
            b.topBids(p, s, n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(BigDecimal.valueOf(p[i], b.priceScale()).toPlainString() + " x "
                    + BigDecimal.valueOf(s[i], b.sizeScale()).toPlainString());
        }
        return out;
    }

    private static List<String> text(TreeMap<BigDecimal, String> side) {
        List<String> out = new ArrayList<>();
        side.forEach((p, a) -> out.add(p.toPlainString() + " x " + a));
        return out;
    }

    @Test
    void tradesAreEveryReplayedTradeWithParsableColumns() throws Exception {
        Path journal = ExportRecording.journal();
        Path file = dir.resolve("trades.csv");
        Result r = run("export", "--journal", journal.toString(), "--type", "trades", "--out", file.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("rows/s"), r.out);
        Replayer replayer = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
        });
        io.xgate.journal.JournalReader.open(journal, io.xgate.journal.FeedRecords.FEED).readAll(replayer::record);
        long trades = replayer.results().stream().flatMap(v -> v.books().stream())
                .mapToLong(Replayer.BookResult::trades).sum();
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", Exports.TRADES_HEADER), lines.get(0));
        assertEquals(trades, lines.size() - 1, "one row per replayed trade");
        assertTrue(trades >= 400, "the recording has trades: " + trades);
        assertTrue(r.out.contains(String.format("%,d rows", trades)), r.out);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(8, f.length, line);
            assertTrue(VENUES.contains(f[0]) && SYMBOLS.contains(f[1]), line);
            assertTrue(Long.parseLong(f[2]) > 1_000_000_000_000_000L, line);
            assertTrue(Long.parseLong(f[3]) > 1_000_000_000_000_000L, line);
            if (!f[4].isEmpty()) {
                Long.parseLong(f[4]);
            }
            assertTrue(Set.of("buy", "sell").contains(f[5]), line);
            assertTrue(new BigDecimal(f[6]).signum() > 0 && new BigDecimal(f[7]).signum() > 0, line);
        }
    }

    @Test
    void candlesAndBookBarsParseAndAreNotEmpty() throws Exception {
        Path journal = ExportRecording.journal();
        Path candles = dir.resolve("candles.csv");
        Result r = run("export", "--journal", journal.toString(), "--type", "candles", "--spec", "1s", "--out",
                candles.toString());
        assertEquals(0, r.code, r.err);
        List<String[]> rows = rows(candles, Exports.CANDLES_HEADER);
        assertTrue(rows.size() >= 4, "candles: " + rows.size());
        for (String[] f : rows) {
            assertEquals("1s", f[2]);
            assertEquals(1_000_000L, Long.parseLong(f[4]) - Long.parseLong(f[3]), "a 1 s bar");
            BigDecimal high = new BigDecimal(f[7]);
            BigDecimal low = new BigDecimal(f[8]);
            assertTrue(high.compareTo(low) >= 0, Arrays.toString(f));
            Long.parseLong(f[15]);
        }
        Path bars = dir.resolve("bars.csv");
        r = run("export", "--journal", journal.toString(), "--type", "bookbars", "--interval", "500ms", "--out",
                bars.toString());
        assertEquals(0, r.code, r.err);
        rows = rows(bars, Exports.BARS_HEADER);
        assertTrue(rows.size() >= 4, "bars: " + rows.size());
        long messages = 0;
        for (String[] f : rows) {
            assertEquals(500_000L, Long.parseLong(f[3]) - Long.parseLong(f[2]), "a 500 ms bar");
            messages += Long.parseLong(f[Arrays.asList(Exports.BARS_HEADER).indexOf("messages")]);
            for (int i = 6; i < f.length; i++) {
                if (!f[i].isEmpty() && i < f.length - 2) {
                    new BigDecimal(f[i]);
                }
            }
        }
        assertTrue(messages > 0, "the bars counted book updates");
    }

    static List<String[]> rows(Path file, String[] header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", header), lines.get(0));
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(header.length, f.length, line);
            out.add(f);
        }
        return out;
    }

    @Test
    void badUsageSaysWhatWasWrongWithExitCode2() throws Exception {
        Path journal = ExportRecording.journal();
        String out = dir.resolve("x.csv").toString();
        Result r = run("export", "--journal", journal.toString(), "--type", "orders", "--out", out);
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("--type 'orders'") && r.err.contains("book, trades, candles, bookbars"), r.err);
        r = run("export", "--journal", journal.toString(), "--type", "book", "--format", "parquet", "--out", out);
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("--format 'parquet'"), r.err);
        r = run("export", "--journal", dir.resolve("none").toString(), "--type", "book", "--out", out);
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("is not a directory"), r.err);
        r = run("export", "--journal", journal.toString(), "--type", "book", "--out",
                dir.resolve("no/such/dir/x.csv").toString());
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("cannot write --out"), r.err);
        r = run("export", "--journal", journal.toString(), "--type", "candles", "--spec", "7q", "--out", out);
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("--spec"), r.err);
        r = run("export", "--journal", journal.toString(), "--type", "bookbars", "--interval", "t100", "--out", out);
        assertEquals(App.EXIT_USAGE, r.code);
        assertTrue(r.err.contains("--interval 't100'"), r.err);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = App.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
