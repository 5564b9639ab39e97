package io.xgate.journal;

import java.nio.file.Path;

/**
 * A snapshot of a {@link JournalWriter}.
 *
 * @param recording      false once an error stopped it or it was closed
 * @param error          why it stopped, or null
 * @param recordsWritten records (GAPs included) written to segments as complete blocks
 * @param bytesWritten   bytes written to segments (headers included)
 * @param dropped        records refused: queue full, too large, or after it stopped
 * @param segments       segments this writer created
 * @param segment        the segment being written, or null
 */
public record JournalStatus(boolean recording, String error, long recordsWritten, long bytesWritten, long dropped,
                            int segments, Path segment) {}
