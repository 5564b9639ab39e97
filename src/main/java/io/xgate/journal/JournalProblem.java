package io.xgate.journal;

import java.nio.file.Path;

/**
 * Something a {@link JournalReader} could not read: the rest of that segment was skipped, never misread.
 *
 * @param segment the file
 * @param offset  where (the block's offset), or -1 for the whole file
 * @param message what
 */
public record JournalProblem(Path segment, long offset, String message) {

    @Override
    public String toString() {
        return segment.getFileName() + (offset >= 0 ? " @" + offset : "") + ": " + message;
    }
}
