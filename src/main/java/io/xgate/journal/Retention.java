package io.xgate.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a stream's oldest complete segments beyond its retention limits; never the one being written. A
 * segment's end time is the creation time of the segment after it (from its name), so age needs no file times.
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private Retention() {}

    /** Applies the limits of {@code settings}; a failure is logged, not thrown (recording goes on). */
    static void apply(JournalSettings settings, String stream, Path current, long nowNanos) {
        if (settings.retentionBytes() == 0 && !settings.ageLimited()) {
            return;
        }
        try {
            List<Segments.SegmentFile> all = Segments.list(settings.dir(), stream);
            long[] sizes = new long[all.size()];
            long total = 0;
            for (int i = 0; i < all.size(); i++) {
                sizes[i] = Files.size(all.get(i).path());
                total += sizes[i];
            }
            long maxAge = settings.ageLimited() ? settings.retentionAge().toNanos() : Long.MAX_VALUE;
            for (int i = 0; i + 1 < all.size(); i++) {
                Segments.SegmentFile s = all.get(i);
                if (s.path().equals(current)) {
                    break;
                }
                long endedNanos = all.get(i + 1).nameNanos();
                boolean tooBig = settings.retentionBytes() > 0 && total > settings.retentionBytes();
                boolean tooOld = nowNanos - endedNanos > maxAge;
                if (!tooBig && !tooOld) {
                    break;
                }
                Files.delete(s.path());
                total -= sizes[i];
                log.info("journal {}: retention deleted {} ({} bytes; {})", stream, s.path().getFileName(), sizes[i],
                        tooBig ? "stream over " + settings.retentionBytes() + " bytes" : "older than "
                                + settings.retentionAge());
            }
        } catch (IOException e) {
            log.warn("journal {}: retention failed in {}: {}", stream, settings.dir(), e.toString());
        }
    }
}
