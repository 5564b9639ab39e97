package io.xgate.venue;

/**
 * Where a venue decoder puts the levels of the book updates it publishes: chunks of (price, size) pairs, each
 * update's levels a slice of one chunk ({@code BookUpdate#levelStore()} from {@code levelStart()}), one update after
 * the other. An update is then one allocation, the event, instead of the event and its own array; a new chunk comes
 * every {@link #CHUNK_PAIRS} pairs or so (about 745 frames of 5.5 levels). A slice is never written again once
 * handed out: a chunk is only ever appended to, and a full one is left to the events that still point into it (the
 * collector frees it with the last of them), so an event stays immutable however long a consumer keeps it.
 *
 * <p>The chunk is small on purpose: an event a consumer keeps holds its whole chunk, 64 KB, so the memory one
 * connection can pin that way is a chunk or two. An update larger than a chunk gets an array of its own.
 *
 * <p>Not thread-safe: owned by one venue connection's context.
 */
public final class LevelSlab {

    /** Pairs in a chunk: 4,096 pairs, 64 KB. */
    public static final int CHUNK_PAIRS = 4096;

    private final int chunkPairs;
    private long[] store;
    private int used; // pairs

    /** Chunks of {@link #CHUNK_PAIRS} pairs. */
    public LevelSlab() {
        this(CHUNK_PAIRS);
    }

    /** Chunks of {@code chunkPairs} pairs (tests use small ones to cross chunk boundaries often). */
    public LevelSlab(int chunkPairs) {
        if (chunkPairs < 1) {
            throw new IllegalArgumentException("chunkPairs " + chunkPairs);
        }
        this.chunkPairs = chunkPairs;
    }

    /**
     * Reserves {@code pairs} pairs for one update and returns the pair where they begin in {@link #store()} (which
     * may be a new chunk: read it after this call). The caller writes them before handing the slice out.
     */
    public int reserve(int pairs) {
        if (pairs > chunkPairs) { // an update larger than a chunk: an exact array of its own
            store = new long[2 * pairs];
            used = pairs;
            return 0;
        }
        if (store == null || used + pairs > store.length >>> 1) {
            store = new long[2 * chunkPairs];
            used = 0;
        }
        int at = used;
        used += pairs;
        return at;
    }

    /** Both sides into the next slice, bids first; returns the pair where they begin in {@link #store()}. */
    public int put(LevelBuffer bids, LevelBuffer asks) {
        int start = reserve(bids.count() + asks.count());
        asks.copyTo(store, bids.copyTo(store, 2 * start));
        return start;
    }

    /** The chunk of the last {@link #reserve}. */
    public long[] store() {
        return store;
    }
}
