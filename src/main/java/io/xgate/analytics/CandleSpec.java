package io.xgate.analytics;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What closes a candle, parsed from its configured text, which is kept as the label ({@code spec} in the
 * {@code Candle} event and its address):
 * <ul>
 *   <li>a duration, {@code <N><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 *       ({@code 250ms}, {@code 1s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}): a time bar, aligned to the Unix
 *       epoch (UTC);</li>
 *   <li>{@code t<N>} ({@code t100}): a tick bar of {@code N} trades;</li>
 *   <li>{@code v<Q>} ({@code v10}, {@code v0.5}): a volume bar, complete when its volume reaches {@code Q} base
 *       units;</li>
 *   <li>{@code n<Q>} ({@code n250000}): a value bar, complete when its notional reaches {@code Q} in quote
 *       currency.</li>
 * </ul>
 *
 * @param label          the text as configured
 * @param kind           the kind of bar
 * @param durationNanos  a time bar's length in nanoseconds, else 0
 * @param trades         a tick bar's trade count, else 0
 * @param amount         a volume bar's base volume or a value bar's quote notional, else {@code null}
 */
public record CandleSpec(String label, Kind kind, long durationNanos, long trades, BigDecimal amount) {

    /** The kinds of bar. */
    public enum Kind {
        /** Closed on the clock at a boundary aligned to the epoch. */
        TIME,
        /** Closed by its N-th trade. */
        TICK,
        /** Closed by the trade that brings its volume to the threshold. */
        VOLUME,
        /** Closed by the trade that brings its notional to the threshold. */
        VALUE
    }

    private static final String ACCEPTED = "accepted: a duration <N><ms|s|m|h|d> (250ms, 1s, 1m, 5m, 1h, 1d), "
            + "t<trades> (t100), v<base volume> (v10, v0.5), n<quote notional> (n250000); numbers positive, "
            + "without sign or exponent";

    /** Validates the shape. */
    public CandleSpec {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        boolean ok = switch (kind) {
            case TIME -> durationNanos > 0 && trades == 0 && amount == null;
            case TICK -> trades > 0 && durationNanos == 0 && amount == null;
            case VOLUME, VALUE -> amount != null && amount.signum() > 0 && durationNanos == 0 && trades == 0;
        };
        if (!ok) {
            throw new IllegalArgumentException("inconsistent candle spec " + label + " (" + kind + ")");
        }
    }

    /**
     * Parses a candle spec.
     *
     * @throws IllegalArgumentException saying what was wrong and what is accepted
     */
    public static CandleSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("candle spec is empty; " + ACCEPTED);
        }
        String t = text.trim();
        char first = t.charAt(0);
        if (first == 't') {
            return new CandleSpec(t, Kind.TICK, 0, wholeNumber(text, t.substring(1), "trade count"), null);
        }
        if (first == 'v' || first == 'n') {
            BigDecimal q = decimal(text, t.substring(1), first == 'v' ? "base volume" : "quote notional");
            return new CandleSpec(t, first == 'v' ? Kind.VOLUME : Kind.VALUE, 0, 0, q);
        }
        int i = 0;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("candle spec '" + text + "' starts with neither a number nor one of "
                    + "t, v, n; " + ACCEPTED);
        }
        long n = wholeNumber(text, t.substring(0, i), "duration");
        String unit = t.substring(i);
        long unitNanos = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException("candle spec '" + text + "': unknown duration unit '"
                    + unit + "'; " + ACCEPTED);
        };
        long nanos;
        try {
            nanos = Math.multiplyExact(n, unitNanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("candle spec '" + text + "': duration too long; " + ACCEPTED, e);
        }
        return new CandleSpec(t, Kind.TIME, nanos, 0, null);
    }

    private static long wholeNumber(String text, String digits, String what) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("candle spec '" + text + "': " + what + " '" + digits
                    + "' is not a whole number; " + ACCEPTED);
        }
        long v = Long.parseLong(digits);
        if (v <= 0) {
            throw new IllegalArgumentException("candle spec '" + text + "': " + what + " must be positive; "
                    + ACCEPTED);
        }
        return v;
    }

    private static BigDecimal decimal(String text, String s, String what) {
        int dots = 0;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                digit = false;
                dots = 2;
                break;
            }
        }
        if (!digit || dots > 1 || s.length() > 40) {
            throw new IllegalArgumentException("candle spec '" + text + "': " + what + " '" + s
                    + "' is not a plain decimal number; " + ACCEPTED);
        }
        BigDecimal q = new BigDecimal(s);
        if (q.signum() <= 0) {
            throw new IllegalArgumentException("candle spec '" + text + "': " + what + " must be positive; "
                    + ACCEPTED);
        }
        return q;
    }

    /** Whether bars close on the clock (a duration) rather than by their trades. */
    public boolean timeBased() {
        return kind == Kind.TIME;
    }

    @Override
    public String toString() {
        return label;
    }
}
