package io.xgate.book;

import io.xgate.event.VenueTouch;
import io.xgate.num.Decimals;

/**
 * Holds one book against the venue's own best bid/offer ({@link VenueTouch}), as its {@link BookRules.TouchRule}
 * says: exactly at the same update id (Binance {@code bookTicker}), or within a tolerance where the two channels
 * share no sequence (Kraken's ticker). Pure logic, owned by the book's verticle; the verticle calls
 * {@link #onTouch} when a touch arrives and {@link #afterUpdate} after each applied update, and resyncs the book
 * when either returns a reason.
 */
public final class TouchCheck {

    private final BookRules.TouchRule rule;
    private final int priceScale;
    private final int sizeScale;
    private boolean have;
    private long seq;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;
    /** {@code nanoTime} since which book and touch disagree, or 0. */
    private long disagreeSince;

    /** A check for one book at the instrument's scales. */
    public TouchCheck(BookRules.TouchRule rule, int priceScale, int sizeScale) {
        this.rule = rule;
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    /** Forgets the touch (the book was rebuilt). */
    public void reset() {
        have = false;
        disagreeSince = 0;
    }

    /**
     * A touch arrived.
     *
     * @param bookSeq the book's last applied update id
     * @param now     {@code System.nanoTime()}
     * @return why the book is broken, or {@code null}
     */
    public String onTouch(VenueTouch t, OrderBook book, long bookSeq, long now) {
        if (!rule.enabled()) {
            return null;
        }
        have = true;
        seq = t.venueSeq();
        bidPrice = t.bidPrice();
        bidSize = t.bidSize();
        askPrice = t.askPrice();
        askSize = t.askSize();
        return check(book, bookSeq, now);
    }

    /** An update was applied to the intact book: compare again. */
    public String afterUpdate(OrderBook book, long bookSeq, long now) {
        return rule.enabled() && have ? check(book, bookSeq, now) : null;
    }

    private String check(OrderBook book, long bookSeq, long now) {
        if (book.bidCount() == 0 || book.askCount() == 0) {
            return null;
        }
        if (rule.sameSequence() && seq != bookSeq) {
            return null; // the touch describes another moment of the book
        }
        boolean agree = book.bestBid() == bidPrice && book.bidSize(0) == bidSize && book.bestAsk() == askPrice
                && book.askSize(0) == askSize;
        if (agree) {
            disagreeSince = 0;
            return null;
        }
        if (!rule.sameSequence()) {
            if (disagreeSince == 0) {
                disagreeSince = now;
                return null;
            }
            if (now - disagreeSince < rule.toleranceNanos()) {
                return null;
            }
        }
        String what = rule.sameSequence() ? "at update id " + seq
                : "for " + (now - disagreeSince) / 1_000_000 + " ms (tolerance " + rule.toleranceNanos() / 1_000_000
                + " ms)";
        String reason = "the book's touch differs from " + rule.channel() + " " + what + ": book "
                + q(book.bidSize(0)) + "@" + p(book.bestBid()) + " / " + q(book.askSize(0)) + "@"
                + p(book.bestAsk()) + ", venue " + q(bidSize) + "@" + p(bidPrice) + " / " + q(askSize) + "@"
                + p(askPrice);
        reset();
        return reason;
    }

    private String p(long price) {
        return Decimals.toStrippedString(price, priceScale);
    }

    private String q(long size) {
        return Decimals.toStrippedString(size, sizeScale);
    }
}
