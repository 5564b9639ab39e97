package io.xgate.journal;

import java.nio.file.Path;

/**
 * What {@link Recovery} found in a stream's last segment.
 *
 * @param segment      the segment checked, or null if the stream has none
 * @param truncated    whether a torn or corrupt tail was cut
 * @param offset       where the good part ends (the new file length)
 * @param bytesCut     bytes removed
 * @param blocksKept   complete, verified blocks kept
 * @param recordsKept  records in them
 * @param reason       what was wrong with the tail, or null
 */
public record RecoveryReport(Path segment, boolean truncated, long offset, long bytesCut, long blocksKept,
                             long recordsKept, String reason) {

    /** A stream without segments. */
    static RecoveryReport none() {
        return new RecoveryReport(null, false, 0, 0, 0, 0, null);
    }
}
