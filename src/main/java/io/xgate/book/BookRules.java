package io.xgate.book;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a venue's dialect requires of its books beyond the common rule (never crossed or locked). The book
 * verticle enforces all of them; the dialect only says which apply.
 *
 * @param truncateDepth keep only this many levels per side after each update (Kraken: the subscribed depth), or
 *                      0 to keep everything
 * @param checksum      makes, for each book, the function that computes the venue's checksum of it (compared with
 *                      the one each update carries); {@code null} if the venue sends none (Binance). Each book gets
 *                      its own, used only on the book's context, so the functions need not be thread-safe.
 * @param touch         how the venue's own best bid/offer ({@code VenueTouch}) is held against the book's touch
 */
public record BookRules(int truncateDepth, Supplier<ToLongFunction<OrderBook>> checksum, TouchRule touch) {

    /** No truncation, no checksum, no touch cross-check. */
    public static final BookRules NONE = new BookRules(0, null, TouchRule.NONE);

    /** Without a touch cross-check. */
    public BookRules(int truncateDepth, Supplier<ToLongFunction<OrderBook>> checksum) {
        this(truncateDepth, checksum, TouchRule.NONE);
    }

    /**
     * How a venue's touch must agree with the book's best levels (prices and sizes).
     *
     * @param sameSequence    compare only when the touch names the book's last applied update id, and then exactly
     *                        (Binance {@code bookTicker}'s {@code u})
     * @param toleranceNanos  without a shared sequence: a disagreement that lasts longer than this breaks the book
     *                        (Kraken's ticker); 0 with {@code sameSequence}
     * @param enabled         whether touches are checked at all
     * @param channel         the venue's name for the touch's channel, for the resync reason ({@code bookTicker})
     */
    public record TouchRule(boolean enabled, boolean sameSequence, long toleranceNanos, String channel) {

        /** No touch cross-check. */
        public static final TouchRule NONE = new TouchRule(false, false, 0, "");

        /** Exact agreement whenever the touch and the book describe the same update id. */
        public static TouchRule atSameSequence(String channel) {
            return new TouchRule(true, true, 0, channel);
        }

        /** Agreement within {@code toleranceNanos} of a disagreement starting, for channels with no shared sequence. */
        public static TouchRule within(long toleranceNanos, String channel) {
            return new TouchRule(true, false, toleranceNanos, channel);
        }
    }
}
