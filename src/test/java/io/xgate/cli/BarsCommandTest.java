package io.xgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.App;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xgate bars} on a real recording: the bars of {@code export --type bookbars}, and its throughput. */
class BarsCommandTest {

    @TempDir
    Path dir;

    @Test
    void barsAreTheBookBarExportAndTheThroughputIsPrinted() throws Exception {
        Path journal = ExportRecording.journal();
        Path bars = dir.resolve("bars.csv");
        ExportCommandTest.Result r = ExportCommandTest.run("bars", "--journal", journal.toString(), "--interval", "1s",
                "--out", bars.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)bars: [0-9,]+ bars to .*; [0-9,]+ book updates, [0-9,]+ messages in .* s: "
                + "[0-9,]+ book updates/s, [0-9,]+ messages/s\\s*"), r.out());
        // 1 s bars over the recording's span (the last, still open when it ends, is not written; nor may the first be
        // complete): at least span - 2 of them, however short the recording was on this machine
        var summary = io.xgate.journal.JournalReader.open(journal, io.xgate.journal.FeedRecords.FEED).summary();
        long spanSeconds = (summary.lastTs() - summary.firstTs()) / 1_000_000_000L;
        int written = ExportCommandTest.rows(bars, Exports.BARS_HEADER).size();
        assertTrue(written >= 1 && written >= spanSeconds - 2, written + " bars over " + spanSeconds + " s");
        Path export = dir.resolve("export.csv");
        r = ExportCommandTest.run("export", "--journal", journal.toString(), "--type", "bookbars", "--interval", "1s",
                "--out", export.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(export), Files.readString(bars), "the same bars, the same columns");
        r = ExportCommandTest.run("bars", "--journal", journal.toString(), "--interval", "0s", "--out",
                bars.toString());
        assertEquals(App.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--interval '0s'"), r.err());
    }
}
