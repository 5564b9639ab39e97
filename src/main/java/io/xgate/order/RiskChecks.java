package io.xgate.order;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.num.Decimals;
import java.util.Map;

/**
 * Pre-trade risk checks of one venue, from its {@code risk} configuration. An order the checks refuse never
 * leaves the gateway, and the refusal names the rule and the numbers. New orders only: a cancel is never refused.
 *
 * <p>The rules, in order: the venue's kill switch; the symbol has limits at all; maximum quantity; a reference
 * price exists (the book's mid; a market order has no other price); the limit price within
 * {@code priceBandBps} of the mid; maximum notional (limit price, or the mid for a market order, times
 * quantity); maximum open orders on the symbol.
 */
public final class RiskChecks {

    /** The rules, as named in refusals. */
    public enum Rule {
        KILL_SWITCH, NO_LIMITS, MAX_QUANTITY, NO_REFERENCE_PRICE, PRICE_BAND, MAX_NOTIONAL, MAX_OPEN_ORDERS
    }

    /** Why an order was refused. */
    public record Refusal(Rule rule, String message) {
    }

    /** A new order as the checks see it: prices and quantities as mantissas at the instrument's scales. */
    public record NewOrder(String symbol, boolean buy, boolean market, long price, long quantity) {
    }

    private final String venue;
    private final VenueConfig.Risk risk;
    private final Map<String, Instrument> instruments;

    public RiskChecks(VenueConfig venue) {
        this.venue = venue.id();
        this.risk = venue.risk();
        this.instruments = venue.instruments();
    }

    /**
     * @param mid        the book's mid price (mantissa at the price scale), or -1 if there is no LIVE book
     * @param openOrders the symbol's orders open now on this venue
     * @return {@code null} if the order may go out, else the first rule it breaks
     */
    public Refusal check(NewOrder o, long mid, int openOrders) {
        if (risk.killSwitch()) {
            return new Refusal(Rule.KILL_SWITCH, venue + ": the kill switch is on (risk.killSwitch); no new orders");
        }
        VenueConfig.SymbolRisk limits = risk.symbols().get(o.symbol());
        Instrument i = instruments.get(o.symbol());
        if (limits == null || i == null) {
            return new Refusal(Rule.NO_LIMITS, venue + " " + o.symbol() + ": no risk limits are configured for this "
                    + "symbol (risk.symbols." + o.symbol() + "), so it cannot be traded");
        }
        if (o.quantity() > limits.maxQuantity()) {
            return new Refusal(Rule.MAX_QUANTITY, venue + " " + o.symbol() + ": quantity " + qty(o.quantity(), i)
                    + " exceeds maxQuantity " + qty(limits.maxQuantity(), i));
        }
        if (mid <= 0) {
            return new Refusal(Rule.NO_REFERENCE_PRICE, venue + " " + o.symbol() + ": no LIVE book, so no mid to "
                    + "check the order's price and notional against");
        }
        double midValue = mid * Math.pow(10, -i.priceScale());
        double price = o.market() ? midValue : o.price() * Math.pow(10, -i.priceScale());
        if (!o.market()) {
            double awayBps = Math.abs(price / midValue - 1) * 10_000;
            if (awayBps > limits.priceBandBps()) {
                return new Refusal(Rule.PRICE_BAND, String.format(java.util.Locale.ROOT,
                        "%s %s: limit price %s is %.1f bps from the mid %s, beyond priceBandBps %.1f", venue,
                        o.symbol(), Decimals.toStrippedString(o.price(), i.priceScale()), awayBps,
                        Decimals.toStrippedString(mid, i.priceScale()), limits.priceBandBps()));
            }
        }
        double notional = price * o.quantity() * Math.pow(10, -i.sizeScale());
        if (notional > limits.maxNotional()) {
            return new Refusal(Rule.MAX_NOTIONAL, String.format(java.util.Locale.ROOT,
                    "%s %s: notional %.2f exceeds maxNotional %.2f", venue, o.symbol(), notional,
                    limits.maxNotional()));
        }
        if (openOrders >= limits.maxOpenOrders()) {
            return new Refusal(Rule.MAX_OPEN_ORDERS, venue + " " + o.symbol() + ": " + openOrders
                    + " orders open, maxOpenOrders is " + limits.maxOpenOrders());
        }
        return null;
    }

    private static String qty(long q, Instrument i) {
        return Decimals.toStrippedString(q, i.sizeScale());
    }
}
