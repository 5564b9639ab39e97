package io.xgate.cli;

import io.vertx.core.Vertx;
import io.xgate.App;
import io.xgate.event.BookTop;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.JournalSummary;
import io.xgate.journal.RecordingServer;
import io.xgate.journal.Replayer;
import io.xgate.journal.TopCheck;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgate replay}: plays a journal's feed back through the production dialects, sync and books, in-process, and
 * prints per venue and book what it ended with.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a journal (xgate record) through the production dialects, sync state machines and "
                + "books, in-process: prints per venue and symbol the final book (best levels, level counts, hash), "
                + "the counts (messages, resyncs by cause, bad frames) and the throughput, and holds the replay to "
                + "the BookTops recorded live. With --serve: serves the recording as its venues on loopback instead, for a "
                + "gateway to connect to.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "The journal's directory.")
    Path journal;

    @Option(names = "--venue", paramLabel = "V", description = "Only this venue (repeatable; default: all).")
    List<String> venues;

    @Option(names = "--from", paramLabel = "T", description = "Output from this time on (ISO-8601 instant, e.g. "
            + "2026-12-01T14:00:00Z; what comes before is still applied, so the books are right when it starts).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Stop at this time (ISO-8601 instant).")
    String to;

    @Option(names = "--speed", paramLabel = "max|1x|10x|Nx",
            description = "max (as fast as it goes) or a multiple of the recorded pace. Default: max, and 1x with "
                    + "--serve.")
    String speed;

    @Option(names = "--serve", description = "Serve the recording as its venues on loopback instead: each venue's "
            + "WebSocket stream and REST answers from the recorded bytes, at --speed, until Ctrl-C or SIGTERM; point "
            + "a gateway's venue files at the URLs it prints (see SERVE.md).")
    boolean serve;

    @Option(names = "--port", paramLabel = "P", description = "With --serve: the first venue on port P, the next ones "
            + "on P+1, P+2, ... (default: each venue on its recorded WebSocket URL's port).")
    Integer port;

    @Option(names = "--no-check", description = "Do not hold the replay to the BookTops recorded on the events "
            + "stream.")
    boolean noCheck;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Lifecycle.quietReplayLogs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(journal)) {
            err.println("xgate: --journal " + journal + " is not a directory; record one with: xgate record "
                    + "--journal " + journal);
            return App.EXIT_USAGE;
        }
        long fromNanos;
        long toNanos;
        double pace;
        try {
            fromNanos = from == null ? Long.MIN_VALUE : instant("--from", from);
            toNanos = to == null ? Long.MAX_VALUE : instant("--to", to);
            pace = pace(speed != null ? speed : serve ? "1x" : "max");
        } catch (IllegalArgumentException e) {
            err.println("xgate: " + e.getMessage());
            return App.EXIT_USAGE;
        }
        if (serve) {
            return serve(pace, out, err);
        }
        if (port != null) {
            err.println("xgate: --port is an option of --serve");
            return App.EXIT_USAGE;
        }
        JournalReader feed = JournalReader.open(journal, FeedRecords.FEED);
        if (feed.segments().isEmpty()) {
            err.println("xgate: " + journal + " holds no feed segment (feed-*.xjl): is it a journal directory?");
            return App.EXIT_USAGE;
        }
        feed.problems().forEach(p -> err.println("xgate: journal: " + p));
        boolean trimmed = !feed.segments().isEmpty() && !feed.segments().get(0).getFileName().toString()
                .endsWith("-000001.xjl");
        if (trimmed) {
            err.println("xgate: the journal begins after its recording did (the first segments were deleted, by "
                    + "journal.retention): each venue replays from the first connection it opened in what is left, "
                    + "and the replay is not held to the recorded BookTops");
        }
        TopCheck check = noCheck || trimmed ? null : recordedTops(err);
        Set<String> only = venues == null ? null : new LinkedHashSet<>(venues);
        Replayer replayer = new Replayer(new Replayer.Options(only, fromNanos, toNanos, 0), new Replayer.Listener() {
            @Override
            public void top(BookTop top) {
                if (check != null) {
                    check.replayed(top);
                }
            }

            @Override
            public boolean tops() {
                return check != null;
            }
        });
        JournalSummary summary = feed.summary();
        out.printf("journal %s: %d feed segment(s), %,d records, %s to %s (%s); states below are the recording's last%n",
                journal, summary.segments(), summary.records(), Instant.ofEpochSecond(0, summary.firstTs()),
                Instant.ofEpochSecond(0, summary.lastTs()),
                java.time.Duration.ofNanos(summary.lastTs() - summary.firstTs()).withNanos(0));
        Progress progress = new Progress(err, "replay", summary.records());
        long[] first = {Long.MIN_VALUE};
        long t0 = System.nanoTime();
        feed.read(Long.MIN_VALUE, toNanos, (type, ts, buf, off, len) -> {
            if (pace > 0) {
                if (first[0] == Long.MIN_VALUE) {
                    first[0] = ts;
                }
                long due = t0 + (long) ((ts - first[0]) / pace);
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    LockSupport.parkNanos(wait);
                }
            }
            replayer.record(type, ts, buf, off, len);
            progress.step();
        });
        long elapsed = System.nanoTime() - t0;
        if (check != null) {
            check.finish();
        }
        progress.done();
        long messages = 0;
        for (Replayer.VenueResult v : replayer.results()) {
            messages += v.messages();
            out.printf("%s: %,d messages, %,d bad frames, resyncs %s%s%s%n", v.venue(), v.messages(), v.badFrames(),
                    v.resyncs().isEmpty() ? "none" : v.resyncs(), v.beforeJoining() == 0 ? ""
                            : ", " + v.beforeJoining() + " records of connections opened before the journal began "
                            + "skipped", v.divergences().isEmpty() ? ""
                            : ", " + v.divergences().size() + " divergence(s) from the recording, first: "
                            + v.divergences().get(0));
            for (Replayer.BookResult b : v.books()) {
                out.printf("  %-10s %-9s bid %s ask %s  levels %d/%d  hash %016x  updates %,d  trades %,d%s%n",
                        b.symbol(), b.state(), decimal(b.bestBid(), b.priceScale()),
                        decimal(b.bestAsk(), b.priceScale()), b.bidLevels(), b.askLevels(), b.hash(), b.updates(),
                        b.trades(), b.bookFailures() == 0 ? "" : "  book checks failed " + b.bookFailures());
            }
        }
        if (replayer.gaps() > 0) {
            out.printf("the journal lost %,d record(s) in %d gap(s): books after a gap may differ from live%n",
                    replayer.droppedRecords(), replayer.gaps());
        }
        double secs = elapsed / 1e9;
        out.printf("replayed %,d records (%,d messages) in %.2f s: %,.0f messages/s%n", replayer.records(), messages,
                secs, messages / Math.max(secs, 1e-9));
        if (check != null) {
            out.println("check: " + check.summary());
            check.mismatches().forEach(m -> out.println("  " + m));
        }
        boolean diverged = replayer.results().stream().anyMatch(v -> !v.divergences().isEmpty());
        return diverged || (check != null && check.mismatched() > 0) ? App.EXIT_FAILURE : 0;
    }

    /** {@code --serve}: the recording as its venues, until a signal stops it. */
    private int serve(double pace, PrintWriter out, PrintWriter err) throws Exception {
        if (from != null || to != null) {
            err.println("xgate: --from and --to are not options of --serve (it serves the whole recording)");
            return App.EXIT_USAGE;
        }
        if (port != null && (port < 1 || port > 65535)) {
            err.println("xgate: --port " + port + ": expected a port number, 1 to 65535");
            return App.EXIT_USAGE;
        }
        RecordingServer server;
        try {
            server = RecordingServer.open(journal, new RecordingServer.Options(
                    venues == null ? null : new LinkedHashSet<>(venues), pace, port == null ? 0 : port, "127.0.0.1"));
        } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("xgate: " + e.getMessage());
            return App.EXIT_USAGE;
        }
        Vertx vertx = Vertx.vertx();
        return Lifecycle.runUntilSignalled("replay server", () -> server.start(vertx),
                s -> s.close().eventually(() -> vertx.close()), s -> {
                    for (RecordingServer.ServedVenue v : s.venues()) {
                        out.printf("%s (%s): websocket %s, rest %s  (%,d messages, %,d connections recorded)%n",
                                v.venue(), v.dialect(), String.join(", ", v.webSocketUrls().values()), v.restUrl(),
                                v.messages(), v.connections());
                    }
                    out.println("serving the recording " + (pace == 0 ? "as fast as the gateways read"
                            : "at " + speedText(pace) + " the recorded pace") + "; press Ctrl-C to stop");
                    out.flush();
                    s.ended().onSuccess(x -> {
                        out.println("the recording has ended: connections stay open, idle");
                        out.flush();
                    });
                }, spec);
    }

    private static String speedText(double pace) {
        return pace == Math.rint(pace) ? (long) pace + "x" : pace + "x";
    }

    /** The BookTops recorded on the events stream, or {@code null} when it holds none. */
    private TopCheck recordedTops(PrintWriter err) throws java.io.IOException {
        JournalReader events = JournalReader.open(journal, FeedRecords.EVENTS);
        if (events.segments().isEmpty()) {
            return null;
        }
        TopCheck check = new TopCheck();
        EventCodec codec = new EventCodec();
        events.readAll((type, ts, buf, off, len) -> {
            if (type == FeedRecords.EVENT) {
                Event e = codec.decode(buf, off, len);
                if (e instanceof BookTop t && (venues == null || venues.contains(t.venue()))) {
                    check.recorded(t);
                }
            }
        });
        if (check.recordedTops() == 0) {
            err.println("xgate: the events stream holds no BookTop (journal.events without BOOK_TOP): nothing to "
                    + "hold the replay to");
            return null;
        }
        return check;
    }

    static long instant(String option, String text) {
        try {
            Instant i = Instant.parse(text);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 instant; expected e.g. "
                    + "2026-12-01T14:00:00Z");
        }
    }

    /** 0 for max, else the multiple of the recorded pace. */
    static double pace(String speed) {
        if (speed.equals("max")) {
            return 0;
        }
        if (speed.endsWith("x")) {
            try {
                double p = Double.parseDouble(speed.substring(0, speed.length() - 1));
                if (p > 0) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new IllegalArgumentException("--speed '" + speed + "': expected max, or a positive multiple of the "
                + "recorded pace such as 1x or 10x");
    }

    static String decimal(long mantissa, int scale) {
        return mantissa == 0 ? "-" : BigDecimal.valueOf(mantissa, scale).toPlainString();
    }
}
