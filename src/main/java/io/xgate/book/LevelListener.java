package io.xgate.book;

/**
 * Told of every level {@link OrderBook#apply(io.xgate.event.BookUpdate, LevelListener)} sets, as it sets it, with
 * the size the level had before: what a consumer needs to measure the flow of an update (size added or removed per
 * level) without keeping its own copy of the book.
 *
 * <p>Called on the book's owner thread, inside the apply, once per level of the update in the update's order (bids
 * first), after the level is set. The book is then in an intermediate state (some of the update's levels applied):
 * an implementation must not read it, only record.
 */
@FunctionalInterface
public interface LevelListener {

    /**
     * One level was set.
     *
     * @param ask     {@code true} for an ask level, {@code false} for a bid
     * @param price   the level's price mantissa
     * @param oldSize its size before (0 if it was absent; in a snapshot, 0 unless the price repeats in it)
     * @param newSize its size now (0: removed, or still absent)
     */
    void onLevel(boolean ask, long price, long oldSize, long newSize);
}
