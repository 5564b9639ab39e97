package io.xgate.journal;

/** A journal file that does not follow {@link JournalFormat}: the message says what and, where known, where. */
public final class JournalCorruptException extends RuntimeException {

    /** @param message what is wrong, with segment and offset where known */
    public JournalCorruptException(String message) {
        super(message);
    }
}
