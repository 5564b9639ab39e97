package io.xgate.cli;

import java.io.PrintWriter;

/** A progress line on standard error, at most every 2 s, for long work. */
final class Progress {
    private final PrintWriter err;
    private final String what;
    private final long total;
    private final long t0 = System.nanoTime();
    private long n;
    private long last = System.nanoTime();
    private boolean shown;

    Progress(PrintWriter err, String what, long total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    void step() {
        if ((++n & 0xfff) == 0) {
            long now = System.nanoTime();
            if (now - last > 2_000_000_000L) {
                last = now;
                shown = true;
                double secs = (now - t0) / 1e9;
                err.printf("\r%s: %,d of %,d records (%d %%), %,.0f records/s   ", what, n, total,
                        total == 0 ? 0 : n * 100 / total, n / secs);
                err.flush();
            }
        }
    }

    void done() {
        if (shown) {
            err.println();
        }
    }
}
