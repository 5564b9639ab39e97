package io.xgate.analytics;

/**
 * An indicator as configured per candle spec ({@code indicators: [EMA(20), TEMA(14)]}): a moving-average kind and
 * its period.
 *
 * @param kind   {@code SMA}, {@code EMA}, {@code WMA}, {@code DEMA} or {@code TEMA}, upper case
 * @param period {@code 1..}{@value MovingAverage#MAX_PERIOD}
 */
public record IndicatorSpec(String kind, int period) {

    private static final String ACCEPTED = "KIND(PERIOD) with KIND one of " + MovingAverages.KINDS
            + " (case-insensitive) and PERIOD a whole number 1.." + MovingAverage.MAX_PERIOD + ", e.g. EMA(20)";

    /** Validates the kind and the period (by building a moving average of them once, at configuration time). */
    public IndicatorSpec {
        kind = MovingAverages.normalize(kind);
        MovingAverages.create(kind, period, MovingAverages.Seed.SMA);
    }

    /**
     * Parses {@code EMA(20)}; spaces around the parts are allowed, the kind is case-insensitive.
     *
     * @throws IllegalArgumentException naming what was wrong and what is accepted
     */
    public static IndicatorSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("indicator is empty; expected " + ACCEPTED);
        }
        String t = text.trim();
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")")) {
            throw new IllegalArgumentException("indicator '" + text + "' is not of the form " + ACCEPTED);
        }
        String kind = t.substring(0, open).trim();
        String digits = t.substring(open + 1, t.length() - 1).trim();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("indicator '" + text + "': period '" + digits
                    + "' is not a whole number; expected " + ACCEPTED);
        }
        try {
            return new IndicatorSpec(kind, Integer.parseInt(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("indicator '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The normalized name, as published: {@code EMA(20)}. */
    public String label() {
        return kind + "(" + period + ")";
    }

    /** A new moving average of this kind and period. */
    public MovingAverage create() {
        return MovingAverage.create(kind, period);
    }

    @Override
    public String toString() {
        return label();
    }
}
