package io.xgate.event;

import java.util.Objects;

/**
 * A cross-venue arbitrage opportunity: buy on {@link #buyVenue()}'s asks, sell on {@link #sellVenue()}'s bids.
 * Published on {@code xgate.arb.opportunity} when it opens, when it changes materially and when it closes.
 * {@link #symbol()} is the canonical symbol. The header's {@link #venue()}, {@link #venueSeq()},
 * {@link #venueTsNanos()} and {@link #receiveTsNanos()} are those of the {@link BookTop} whose change produced
 * the event ({@code ""}, {@link Event#NO_SEQ} and {@link Event#NO_TIME} when a periodic freshness check closed it),
 * so a consumer can trace an opportunity back to the frame that caused it.
 *
 * @param id              identifies one opportunity from open to close
 * @param phase           open, update or close
 * @param quantity        size mantissa at {@code sizeScale}
 * @param buyPrice        volume-weighted buy price, mantissa at {@code priceScale}
 * @param sellPrice       volume-weighted sell price, mantissa at {@code priceScale}
 * @param grossEdgeBps    (sell - buy) / buy in basis points, before fees
 * @param netEdgeBps      edge after both venues' taker fees, in basis points
 * @param expectedProfit  expected profit in quote currency after fees and estimated slippage
 * @param slippageBps     estimated slippage (depth walk plus market impact), in basis points
 * @param openedTsNanos   when the opportunity opened, epoch nanoseconds
 * @param lifetimeNanos   how long it has been open (its full lifetime on close)
 */
public record Opportunity(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                          long publishTsNanos, long id, Phase phase, String buyVenue, String sellVenue,
                          int priceScale, int sizeScale, long quantity, long buyPrice, long sellPrice,
                          double grossEdgeBps, double netEdgeBps, double expectedProfit, double slippageBps,
                          long openedTsNanos, long lifetimeNanos) implements Event {

    /** Lifecycle of an opportunity. Wire codes are part of the public contract. */
    public enum Phase {
        OPEN(1),
        UPDATE(2),
        CLOSE(3);

        private final int code;

        Phase(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The phase for a wire code, or {@code null}. */
        public static Phase ofCode(int code) {
            return code == 1 ? OPEN : code == 2 ? UPDATE : code == 3 ? CLOSE : null;
        }
    }

    /** Validates non-null fields and scales. */
    public Opportunity {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(buyVenue, "buyVenue");
        Objects.requireNonNull(sellVenue, "sellVenue");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.OPPORTUNITY;
    }
}
