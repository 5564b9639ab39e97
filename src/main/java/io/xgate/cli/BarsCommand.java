package io.xgate.cli;

import io.xgate.App;
import io.xgate.journal.Replayer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgate bars}: the book-feature bars of a recording, computed by the code that computes them live (a
 * {@link Replayer} whose books run {@code BookFeatures}), written as CSV (the columns of {@code xgate export --type
 * bookbars}), with the throughput in book updates and in venue messages per second.
 */
@Command(name = "bars", mixinStandardHelpOptions = true,
        description = "Compute the book-feature bars of a journal (xgate record) with the live code, write them as "
                + "CSV and print the throughput (book updates/s, messages/s).")
public final class BarsCommand implements Callable<Integer> {

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "The journal's directory.")
    Path journal;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "5s",
            description = "The bar length, 1ms to 1d (default 5s).")
    String interval;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The CSV file to write (replaced).")
    Path out;

    @Option(names = "--venue", paramLabel = "V", description = "Only this venue (repeatable; default: all).")
    List<String> venues;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Lifecycle.quietReplayLogs();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long barNanos;
        try {
            barNanos = ExportCommand.barNanos(interval);
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
        Replayer.Options options = new Replayer.Options(venues == null ? null : new LinkedHashSet<>(venues),
                Long.MIN_VALUE, Long.MAX_VALUE, barNanos);
        try (CsvWriter csv = new CsvWriter(file)) {
            Exports.Run run = Exports.replay(journal, options, new Exports.BarRows(csv), err, "bars");
            csv.flush();
            long updates = 0;
            long messages = 0;
            for (Replayer.VenueResult v : run.replayer().results()) {
                messages += v.messages();
                for (Replayer.BookResult b : v.books()) {
                    updates += b.updates();
                }
            }
            double secs = Math.max(run.elapsedNanos() / 1e9, 1e-9);
            stdout.printf("bars: %,d bars to %s; %,d book updates, %,d messages in %.2f s: %,.0f book updates/s, "
                    + "%,.0f messages/s%n", csv.rows(), out, updates, messages, secs, updates / secs, messages / secs);
            if (run.replayer().gaps() > 0) {
                err.printf("xgate: the journal lost %,d record(s) in %d gap(s): bars after a gap may differ from "
                        + "live%n", run.replayer().droppedRecords(), run.replayer().gaps());
            }
        } catch (UncheckedIOException e) {
            err.println("xgate: writing " + out + " failed: " + e.getCause().getMessage());
            return App.EXIT_FAILURE;
        }
        return 0;
    }
}
