package io.xgate.book;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.VenueTouch;
import org.junit.jupiter.api.Test;

/**
 * The venue's own touch against the book: exactly at the same update id (Binance bookTicker), or with a
 * tolerance where the channels share no sequence (Kraken's ticker): a brief disagreement passes, one that outlasts
 * the tolerance breaks the book, and agreement in between restarts the clock.
 */
class TouchCheckTest {

    private static final long MS = 1_000_000L;

    private static OrderBook book(long bid, long bidQty, long ask, long askQty) {
        OrderBook b = new OrderBook("v", "BTC-USD", 1, 8);
        b.apply(new BookUpdate("v", "BTC-USD", 7, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 7, BookUpdate.NO_CHECKSUM, 1, 8,
                new long[] {bid}, new long[] {bidQty}, new long[] {ask}, new long[] {askQty}));
        return b;
    }

    private static VenueTouch touch(long seq, long bid, long bidQty, long ask, long askQty) {
        return new VenueTouch("v", "BTC-USD", seq, Event.NO_TIME, 0, 0, bid, bidQty, ask, askQty, 1, 8);
    }

    @Test
    void aLastingDisagreementBreaksTheBookAndABriefOneDoesNot() {
        TouchCheck c = new TouchCheck(BookRules.TouchRule.within(2_000 * MS, "the ticker (bbo)"), 1, 8);
        long now = 1_000 * MS;
        OrderBook agreeing = book(452835, 10_000_000, 452852, 20_000_000);
        assertNull(c.onTouch(touch(-1, 452835, 10_000_000, 452852, 20_000_000), agreeing, -1, now), "they agree");

        OrderBook moved = book(452836, 10_000_000, 452852, 20_000_000); // the book moved first
        assertNull(c.afterUpdate(moved, -1, now));
        now += 1_000 * MS;
        assertNull(c.onTouch(touch(-1, 452836, 10_000_000, 452852, 20_000_000), moved, -1, now), "caught up");
        now += 5_000 * MS;
        assertNull(c.afterUpdate(moved, -1, now), "a disagreement that ended restarts the clock");

        OrderBook again = book(452837, 10_000_000, 452852, 20_000_000);
        assertNull(c.afterUpdate(again, -1, now));
        now += 1_999 * MS;
        assertNull(c.afterUpdate(again, -1, now), "within the tolerance");
        now += 1 * MS;
        String broken = c.afterUpdate(again, -1, now);
        assertNotNull(broken, "the tolerance is over");
        assertTrue(broken.contains("differs from the ticker (bbo) for 2000 ms (tolerance 2000 ms): book 0.1@45283.7"),
                broken);
    }

    @Test
    void atTheSameUpdateIdTheyMustAgreeExactly() {
        TouchCheck c = new TouchCheck(BookRules.TouchRule.atSameSequence("bookTicker"), 1, 8);
        OrderBook b = book(452835, 10_000_000, 452852, 20_000_000);
        assertNull(c.onTouch(touch(6, 452835, 10_000_001, 452852, 20_000_000), b, 7, 0),
                "another update id: not comparable");
        assertNull(c.onTouch(touch(7, 452835, 10_000_000, 452852, 20_000_000), b, 7, 0), "same id, same touch");
        String broken = c.onTouch(touch(7, 452835, 10_000_001, 452852, 20_000_000), b, 7, 0);
        assertNotNull(broken, "one unit of size differs at the same id");
        assertTrue(broken.contains("differs from bookTicker at update id 7"), broken);
        assertNull(c.afterUpdate(b, 8, 0), "reset after a break: nothing to compare until the next touch");
        assertNull(c.onTouch(touch(9, 1, 1, 2, 2), b, 8, 0), "a touch ahead of the book waits...");
        assertNotNull(c.afterUpdate(b, 9, 0), "...until the book reaches its id");
    }

    @Test
    void noRuleNoCheck() {
        TouchCheck c = new TouchCheck(BookRules.TouchRule.NONE, 1, 8);
        assertNull(c.onTouch(touch(7, 1, 1, 2, 2), book(452835, 1, 452852, 1), 7, 0));
    }
}
