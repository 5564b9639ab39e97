package io.xgate.cli;

import io.xgate.App;
import io.xgate.analytics.CandleSpec;
import io.xgate.journal.Replayer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgate export}: replays a journal through the production code and writes what the replay produced as CSV:
 * the books' level changes (incremental L2), the trades, candles of the trades, or the book-feature bars. The columns
 * are documented in EXPORT.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a journal (xgate record) as CSV, from a replay through the production dialects, sync "
                + "and books: book (incremental L2 level changes, as the replayed books went through them), trades, "
                + "candles (of the replayed trades, --spec) or bookbars (book-feature bars, --interval).")
public final class ExportCommand implements Callable<Integer> {

    /** The export types. */
    enum Type {
        BOOK, TRADES, CANDLES, BOOKBARS
    }

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "The journal's directory.")
    Path journal;

    @Option(names = "--type", paramLabel = "TYPE", required = true,
            description = "What to export: book, trades, candles or bookbars.")
    String type;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv (the only one).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write (replaced).")
    Path out;

    @Option(names = "--venue", paramLabel = "V", description = "Only this venue (repeatable; default: all).")
    List<String> venues;

    @Option(names = "--from", paramLabel = "T", description = "Export from this time on (ISO-8601 instant; what "
            + "comes before is still applied, so that the books are right when it starts).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Stop at this time (ISO-8601 instant).")
    String to;

    @Option(names = "--spec", paramLabel = "SPEC", defaultValue = "1m", description = "candles: the candle spec, as "
            + "in the config (1s, 1m, 1h, t100, v10, n250000; default 1m).")
    String candleSpec;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "5s", description = "bookbars: the bar length, "
            + "1ms to 1d (default 5s).")
    String interval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Lifecycle.quietReplayLogs();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Type t;
        Replayer.Options options;
        CandleSpec candles = null;
        try {
            t = type(type);
            if (!format.equalsIgnoreCase("csv")) {
                throw new IllegalArgumentException("--format '" + format + "' is not supported; use --format csv");
            }
            long fromNanos = from == null ? Long.MIN_VALUE : ReplayCommand.instant("--from", from);
            long toNanos = to == null ? Long.MAX_VALUE : ReplayCommand.instant("--to", to);
            long barNanos = t == Type.BOOKBARS ? barNanos(interval) : 0;
            if (t == Type.CANDLES) {
                candles = candleSpec(candleSpec);
            }
            Set<String> only = venues == null ? null : new LinkedHashSet<>(venues);
            options = new Replayer.Options(only, fromNanos, toNanos, barNanos);
            String bad = Exports.checkJournal(journal);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
        } catch (IllegalArgumentException e) {
            err.println("xgate: " + e.getMessage());
            return App.EXIT_USAGE;
        }
        OutputStream file = Exports.openOut(out, err);
        if (file == null) {
            return App.EXIT_USAGE;
        }
        String what = "export " + t.name().toLowerCase(Locale.ROOT);
        Exports.Run run;
        Exports.BookRows book = null;
        try (CsvWriter csv = new CsvWriter(file)) {
            Replayer.Listener rows = switch (t) {
                case BOOK -> book = new Exports.BookRows(csv);
                case TRADES -> new Exports.TradeRows(csv);
                case CANDLES -> new Exports.CandleRows(csv, candles);
                case BOOKBARS -> new Exports.BarRows(csv);
            };
            run = Exports.replay(journal, options, rows, err, what);
            csv.flush();
            stdout.printf("%s: %,d rows to %s in %.2f s: %,.0f rows/s (%,d records replayed)%n", what, csv.rows(),
                    out, run.elapsedNanos() / 1e9, csv.rows() / Math.max(run.elapsedNanos() / 1e9, 1e-9),
                    run.records());
        } catch (UncheckedIOException e) {
            err.println("xgate: writing " + out + " failed: " + e.getCause().getMessage());
            return App.EXIT_FAILURE;
        }
        if (book != null && book.emptySnapshots > 0) {
            err.printf("xgate: %,d snapshot(s) left a book empty: this layout has no row for that, so a book rebuilt "
                    + "from the file keeps its previous levels there%n", book.emptySnapshots);
        }
        if (run.replayer().gaps() > 0) {
            err.printf("xgate: the journal lost %,d record(s) in %d gap(s): books after a gap may differ from live%n",
                    run.replayer().droppedRecords(), run.replayer().gaps());
        }
        return 0;
    }

    static Type type(String text) {
        try {
            return Type.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--type '" + text + "' is not an export type; use one of book, "
                    + "trades, candles, bookbars");
        }
    }

    static CandleSpec candleSpec(String text) {
        try {
            return CandleSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spec: " + e.getMessage());
        }
    }

    /** A bar length as the config writes it (5s, 1m, 500ms), 1 ms to 1 day. */
    static long barNanos(String text) {
        CandleSpec s;
        try {
            s = CandleSpec.parse(text);
        } catch (IllegalArgumentException e) {
            s = null;
        }
        if (s == null || !s.timeBased() || s.durationNanos() < 1_000_000L || s.durationNanos() > 86_400_000_000_000L) {
            throw new IllegalArgumentException("--interval '" + text + "' is not a bar length; expected a duration "
                    + "from 1ms to 1d such as 500ms, 5s or 1m");
        }
        return s.durationNanos();
    }
}
