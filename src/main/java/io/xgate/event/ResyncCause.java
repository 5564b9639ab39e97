package io.xgate.event;

import java.util.Locale;

/**
 * Why a symbol's book was found broken and is being rebuilt. The lower-case name is the {@code cause} label of
 * {@code xgate_resyncs_total} and the {@code cause} header of a resync request on {@code xgate.ctl.resync.<venue>}.
 */
public enum ResyncCause {
    /** A break in the venue's sequence (Binance {@code U != last u + 1}). */
    GAP,
    /** The venue's checksum disagrees with the book (Kraken CRC32). */
    CHECKSUM,
    /** The book's best bid is at or above its best ask. */
    CROSSED,
    /** The venue's own best bid/offer disagrees with the book's touch (Binance bookTicker, Kraken ticker). */
    CROSS_CHECK,
    /** A frame that could touch the book could not be read. */
    BAD_FRAME,
    /** The venue's snapshot could not be used. */
    SNAPSHOT,
    /** Anything else (a consumer's request without a cause). */
    OTHER;

    /** The label value: the lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause for a label or header value; {@link #OTHER} for {@code null} or an unknown one. */
    public static ResyncCause ofLabel(String label) {
        if (label != null) {
            for (ResyncCause c : values()) {
                if (c.label().equals(label)) {
                    return c;
                }
            }
        }
        return OTHER;
    }
}
