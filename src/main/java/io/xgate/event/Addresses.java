package io.xgate.event;

/**
 * Event-bus addresses: part of the public contract (see the README).
 *
 * <p>Per-symbol addresses are built once per (venue, symbol) at setup and cached by the caller; never build
 * them per message.
 */
public final class Addresses {

    /**
     * The journal's word when a stream stops recording (a full disk, an I/O error), local to the node: a JSON text
     * {@code {"stream":…,"recording":false,"error":…}}. Market data goes on.
     */
    public static final String JOURNAL_STATUS = "xgate.journal.status";
    /** Prefix of book updates: {@code xgate.md.book.<venue>.<SYMBOL>}, {@link BookUpdate}. */
    public static final String BOOK_PREFIX = "xgate.md.book.";
    /** Prefix of trades: {@code xgate.md.trade.<venue>.<SYMBOL>}, {@link Trade}. */
    public static final String TRADE_PREFIX = "xgate.md.trade.";
    /** Prefix of top-of-book views: {@code xgate.md.top.<venue>.<SYMBOL>}, {@link BookTop}. */
    public static final String TOP_PREFIX = "xgate.md.top.";
    /** Prefix of venue status: {@code xgate.venue.status.<venue>}, {@link VenueStatus}. */
    public static final String STATUS_PREFIX = "xgate.venue.status.";
    /** Prefix of resync requests to a venue verticle: {@code xgate.ctl.resync.<venue>}. */
    public static final String RESYNC_PREFIX = "xgate.ctl.resync.";
    /**
     * Prefix of full-book queries to a book verticle: {@code xgate.ctl.book.<venue>.<SYMBOL>}; replies the whole book
     * as a SNAPSHOT {@link BookUpdate}, with the book's {@link SyncState} name in the reply header {@code syncState}.
     */
    public static final String BOOK_QUERY_PREFIX = "xgate.ctl.book.";
    /**
     * Prefix of a venue's clock, local to the node: {@code xgate.ctl.clock.<venue>}, body a {@code Long}, the
     * venue's clock minus ours in milliseconds, published by the venue verticle after each sample (the order desk
     * signs with the venue's time).
     */
    public static final String CLOCK_PREFIX = "xgate.ctl.clock.";
    /** Arbitrage opportunities, {@link Opportunity}. */
    public static final String OPPORTUNITY = "xgate.arb.opportunity";
    /** Prefix of order requests: {@code xgate.order.<venue>}. */
    public static final String ORDER_PREFIX = "xgate.order.";
    /** Prefix of order events: {@code xgate.order.events.<venue>}. */
    public static final String ORDER_EVENTS_PREFIX = "xgate.order.events.";

    /** Prefix of book-feature bars: {@code xgate.an.bookbar.<venue>.<SYMBOL>}, {@link BookBar}. */
    public static final String BOOKBAR_PREFIX = "xgate.an.bookbar.";

    /** {@code xgate.an.bookbar.<venue>.<symbol>}: the book's feature bars, computed beside the book. */
    public static String bookBar(String venue, String symbol) {
        return BOOKBAR_PREFIX + venue + '.' + symbol;
    }

    /** Prefix of candles: {@code xgate.an.candle.<venue>.<SYMBOL>.<spec>}, {@link Candle}. */
    public static final String CANDLE_PREFIX = "xgate.an.candle.";
    /** Prefix of indicators: {@code xgate.an.indicator.<venue>.<SYMBOL>.<spec>}, {@link Indicator}. */
    public static final String INDICATOR_PREFIX = "xgate.an.indicator.";

    private Addresses() {
    }

    /** {@code xgate.md.book.<venue>.<symbol>} */
    public static String book(String venue, String symbol) {
        return BOOK_PREFIX + venue + '.' + symbol;
    }

    /** {@code xgate.md.trade.<venue>.<symbol>} */
    public static String trade(String venue, String symbol) {
        return TRADE_PREFIX + venue + '.' + symbol;
    }

    /** {@code xgate.md.top.<venue>.<symbol>} */
    public static String top(String venue, String symbol) {
        return TOP_PREFIX + venue + '.' + symbol;
    }

    /** {@code xgate.venue.status.<venue>} */
    public static String status(String venue) {
        return STATUS_PREFIX + venue;
    }

    /** Prefix of {@code xgate.ha.standby.<venue>}: each hot standby's own {@code VenueStatus} (role STANDBY). */
    public static final String STANDBY_PREFIX = "xgate.ha.standby.";

    /** {@code xgate.ha.standby.<venue>}, cluster-wide: the venue's standbys' statuses (high availability) */
    public static String standby(String venue) {
        return STANDBY_PREFIX + venue;
    }

    /** {@code xgate.ctl.status.<venue>}, local only: the venue verticle's status for the books beside it */
    public static String localStatus(String venue) {
        return "xgate.ctl.status." + venue;
    }

    /** {@code xgate.ctl.ha.<venue>}, local only: this node's role for the venue changed (high availability) */
    public static String haRole(String venue) {
        return "xgate.ctl.ha." + venue;
    }

    /** {@code xgate.ctl.resync.<venue>} */
    public static String resync(String venue) {
        return RESYNC_PREFIX + venue;
    }

    /** {@code xgate.ctl.book.<venue>.<symbol>} */
    public static String bookQuery(String venue, String symbol) {
        return BOOK_QUERY_PREFIX + venue + '.' + symbol;
    }

    /** {@code xgate.ctl.clock.<venue>} */
    public static String clock(String venue) {
        return CLOCK_PREFIX + venue;
    }

    /** {@code xgate.order.<venue>} */
    public static String orders(String venue) {
        return ORDER_PREFIX + venue;
    }

    /** {@code xgate.order.events.<venue>} */
    public static String orderEvents(String venue) {
        return ORDER_EVENTS_PREFIX + venue;
    }

    /** {@code xgate.an.candle.<venue>.<symbol>.<spec>}, {@code spec} as configured ({@code 1m}, {@code t100}) */
    public static String candle(String venue, String symbol, String spec) {
        return CANDLE_PREFIX + venue + '.' + symbol + '.' + spec;
    }

    /** {@code xgate.an.indicator.<venue>.<symbol>.<spec>}, {@code spec} the candle spec the indicators run on */
    public static String indicator(String venue, String symbol, String spec) {
        return INDICATOR_PREFIX + venue + '.' + symbol + '.' + spec;
    }
}
