package io.xgate.venue.bybit;

/**
 * Bybit's order-book rules (protocol reference 4.2) for one symbol's {@code orderbook.{depth}} stream, as pure
 * logic. Bybit documents no gap rule for deltas and no checksum, so the rules are few:
 * <ul>
 *   <li>any {@code snapshot} resets the book, whenever it comes: Bybit re-sends one after a problem on its side,
 *       and the first one can arrive <em>before</em> the subscribe ack, so it is never dropped for that;</li>
 *   <li>{@code u == 1} means the venue restarted: the message overwrites the book, as a snapshot would;</li>
 *   <li>a delta whose {@code u} is at or below the last one is stale and dropped;</li>
 *   <li>any other delta is applied.</li>
 * </ul>
 * The only integrity check Bybit allows, the touch of {@code orderbook.1} against this book at the same
 * {@code seq}, is the caller's (see {@link BybitMessage.Kind#TOUCH}).
 *
 * <p>Not thread-safe: owned by the venue verticle's context.
 */
public final class BybitBookSync {

    /** The order-book depths Bybit serves (4.1): anything else cannot be subscribed. */
    private static final int[] DEPTHS = {1, 50, 200, 1000};

    /** What the last message does to the book. */
    public enum Result {
        /** A snapshot: replace the book with it. */
        SNAPSHOT,
        /** {@code u == 1}, the venue restarted: replace the book with the message's levels. */
        RESTART,
        /** A delta in order: apply it. */
        APPLIED,
        /** {@code u} at or below the last one: drop it. */
        STALE,
        /** A delta before any snapshot: nothing to apply it to; drop it (the snapshot comes first normally). */
        NO_SNAPSHOT
    }

    private boolean hasBook;
    private long lastUpdateId = -1;
    private Result result;

    /**
     * Checks a configured depth.
     *
     * @return the depth
     * @throws IllegalArgumentException naming the allowed values if it is not one of them
     */
    public static int validateDepth(int depth) {
        for (int d : DEPTHS) {
            if (d == depth) {
                return depth;
            }
        }
        throw new IllegalArgumentException("Bybit order-book depth " + depth + " is not one of 1, 50, 200, 1000");
    }

    /** Forgets the book, as after a reconnect or an unsubscribe. */
    public void reset() {
        hasBook = false;
        lastUpdateId = -1;
    }

    /** Whether a snapshot has been taken (deltas can be applied). */
    public boolean hasBook() {
        return hasBook;
    }

    /** The {@code u} of the last message applied, or -1. */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    public Result result() {
        return result;
    }

    /** A {@code type: snapshot} message: always {@link Result#SNAPSHOT} (or {@link Result#RESTART} for u 1). */
    public Result onSnapshot(long updateId) {
        hasBook = true;
        lastUpdateId = updateId;
        return result = updateId == 1 ? Result.RESTART : Result.SNAPSHOT;
    }

    /** A {@code type: delta} message. */
    public Result onDelta(long updateId) {
        if (updateId == 1) {
            hasBook = true;
            lastUpdateId = 1;
            return result = Result.RESTART;
        }
        if (!hasBook) {
            return result = Result.NO_SNAPSHOT;
        }
        if (updateId <= lastUpdateId) {
            return result = Result.STALE;
        }
        lastUpdateId = updateId;
        return result = Result.APPLIED;
    }

    /** {@link #onSnapshot} or {@link #onDelta} for a decoded book message. */
    public Result on(BybitMessage m) {
        switch (m.kind()) {
            case BOOK_SNAPSHOT:
                return onSnapshot(m.updateId());
            case BOOK_DELTA:
                return onDelta(m.updateId());
            default:
                throw new IllegalArgumentException("not an order-book snapshot or delta: " + m.kind());
        }
    }
}
