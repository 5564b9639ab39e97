package io.xgate.book;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a venue's dialect requires of its books beyond the common rules (never crossed or locked).
 *
 * @param truncateDepth keep only this many levels per side after each update (Kraken: the subscribed depth), or
 *                      0 to keep everything
 * @param checksum      makes, for each book, the function that computes the venue's checksum of it (compared with
 *                      the one each update carries); {@code null} if the venue sends none (Binance). Each book gets
 *                      its own, used only on the book's context, so the functions need not be thread-safe.
 */
public record BookRules(int truncateDepth, Supplier<ToLongFunction<OrderBook>> checksum) {

    /** No truncation, no checksum. */
    public static final BookRules NONE = new BookRules(0, null);
}
