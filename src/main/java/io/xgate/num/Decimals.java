package io.xgate.num;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Fixed-point decimals: a value is a {@code long} mantissa and a scale, {@code value = mantissa / 10^scale}.
 *
 * <p>Parsing reads decimal text straight into a mantissa without allocating: from a byte range of a frame,
 * a {@code char[]} range (what Jackson exposes for a token), a {@link CharSequence}, or the current token
 * of a {@link JsonParser} (JSON number or string). The grammar is the one {@link BigDecimal#BigDecimal(String)}
 * accepts: optional sign, digits with an optional point ({@code "5."} and {@code ".5"} included), optional
 * exponent ({@code 1e-08}, {@code 4.5E+3}). Trailing zeros beyond the scale are accepted; a non-zero digit
 * beyond it is refused ({@link DecimalParseException.Reason#TOO_MANY_DECIMALS}), never rounded.
 *
 * <p>Formatting writes a mantissa back as text, either with exactly {@code scale} decimals
 * ({@code 45281.0}, {@code 0.10000000}) or with trailing fractional zeros stripped ({@code 45281},
 * {@code 0.1}); venue checksums need both forms.
 *
 * <p>All methods are static, stateless and thread-safe.
 */
public final class Decimals {

    /** Largest supported scale: 10^18 is the largest power of ten in a {@code long}. */
    public static final int MAX_SCALE = 18;

    /** Bytes that always suffice for one formatted value (sign, 19 digits, point, leading "0."). */
    public static final int MAX_FORMATTED_LENGTH = 22;

    private static final long[] POW10 = new long[MAX_SCALE + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }


    private static final int SRC_BYTES = 0;
    private static final int SRC_CHARS = 1;
    private static final int SRC_SEQ = 2;

    private Decimals() {
    }

    /** {@code 10^n} for {@code 0 <= n <= 18}. */
    public static long pow10(int n) {
        return POW10[n];
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** Parses ASCII decimal text in {@code bytes[offset, offset + length)} into a mantissa at {@code scale}. */
    public static long parse(byte[] bytes, int offset, int length, int scale) {
        return parse(bytes, SRC_BYTES, offset, length, scale);
    }

    /** Parses decimal text in {@code chars[offset, offset + length)} into a mantissa at {@code scale}. */
    public static long parse(char[] chars, int offset, int length, int scale) {
        return parse(chars, SRC_CHARS, offset, length, scale);
    }

    /** Parses the whole of {@code text} into a mantissa at {@code scale}. */
    public static long parse(CharSequence text, int scale) {
        return parse(text, SRC_SEQ, 0, text.length(), scale);
    }

    /**
     * Parses the parser's current token, a JSON number or a JSON string holding a decimal, into a mantissa at
     * {@code scale}, reading the token's characters in place.
     *
     * @throws DecimalParseException if the token is not a number or string, or its text is refused
     */
    public static long parse(JsonParser parser, int scale) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_STRING) {
            throw new DecimalParseException(DecimalParseException.Reason.MALFORMED,
                    "expected a decimal number or string, got " + t);
        }
        return parse(parser.getTextCharacters(), SRC_CHARS, parser.getTextOffset(), parser.getTextLength(), scale);
    }

    private static int charAt(Object src, int kind, int i) {
        switch (kind) {
            case SRC_BYTES:
                return ((byte[]) src)[i];
            case SRC_CHARS:
                return ((char[]) src)[i];
            default:
                return ((CharSequence) src).charAt(i);
        }
    }

    /*
     * Digits accumulate negatively (so that Long.MIN_VALUE parses) into 'm' with trailing zeros held back in 'zeros' until a non-zero digit follows, so
     * 'm' never ends in 0 and long runs of trailing zeros cannot overflow. The value is then
     * m * 10^(zeros - fractionDigits + exponent); at the scale, the shift is that plus 'scale'. Because m's last
     * digit is non-zero, any negative shift would drop a non-zero digit: that is TOO_MANY_DECIMALS.
     */
    /** {@code LIMIT[k]}: the largest mantissa that can be multiplied by 10^k without overflow. */
    private static final long[] LIMIT = new long[MAX_SCALE + 1];

    static {
        for (int k = 0; k <= MAX_SCALE; k++) {
            LIMIT[k] = Long.MAX_VALUE / POW10[k];
        }
    }

    /*
     * Fast path for what venues send: optional '-', at most 18 digits, an optional point, no exponent. Digits
     * are accumulated only up to the scale; any further fraction digit must be 0 (so no division is needed).
     * Anything else (exponent, '+', 19+ digits, a problem) returns SLOW and the exact general path decides.
     */
    private static final long SLOW = Long.MIN_VALUE;

    private static long parseCommon(Object src, int kind, int offset, int length, int scale) {
        final int end = offset + length;
        int i = offset;
        boolean negative = false;
        if (length > 0 && charAt(src, kind, i) == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int digits = 0;
        int fraction = -1; // fraction digits kept, or -1 before the point
        for (; i < end; i++) {
            int c = charAt(src, kind, i);
            int d = c - '0';
            if (d >= 0 && d <= 9) {
                if (fraction < 0) {
                    m = m * 10 + d;
                    digits++;
                } else if (fraction < scale) {
                    m = m * 10 + d;
                    digits++;
                    fraction++;
                } else if (d != 0) {
                    return SLOW; // a non-zero digit beyond the scale: let the general path name it
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return SLOW;
            }
        }
        if (digits == 0 || digits > 18) {
            return SLOW;
        }
        int shift = scale - Math.max(fraction, 0);
        if (m > LIMIT[shift]) {
            return SLOW;
        }
        m *= POW10[shift];
        return negative ? -m : m;
    }

    private static long parse(Object src, int kind, int offset, int length, int scale) {
        if (scale >= 0 && scale <= MAX_SCALE) {
            long fast = parseCommon(src, kind, offset, length, scale);
            if (fast != SLOW) {
                return fast;
            }
        }
        return parseGeneral(src, kind, offset, length, scale);
    }

    private static long parseGeneral(Object src, int kind, int offset, int length, int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw error(DecimalParseException.Reason.BAD_SCALE, src, kind, offset, length, scale);
        }
        final int end = offset + length;
        int i = offset;
        if (length <= 0) {
            throw error(DecimalParseException.Reason.MALFORMED, src, kind, offset, length, scale);
        }
        boolean negative = false;
        int c = charAt(src, kind, i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long m = 0;
        int zeros = 0;
        int fractionDigits = 0;
        boolean digits = false;
        boolean point = false;
        int exponent = 0;
        try {
            for (; i < end; i++) {
                c = charAt(src, kind, i);
                int d = c - '0';
                if (d >= 0 && d <= 9) {
                    digits = true;
                    if (point) {
                        fractionDigits++;
                    }
                    if (d == 0) {
                        zeros++;
                    } else {
                        if (m != 0) {
                            m = Math.multiplyExact(m, pow10Checked(zeros + 1));
                        }
                        m = Math.subtractExact(m, d);
                        zeros = 0;
                    }
                } else if (c == '.' && !point) {
                    point = true;
                } else if ((c == 'e' || c == 'E') && digits) {
                    exponent = parseExponent(src, kind, i + 1, end);
                    if (exponent == Integer.MIN_VALUE) {
                        throw error(DecimalParseException.Reason.MALFORMED, src, kind, offset, length, scale);
                    }
                    break;
                } else {
                    throw error(DecimalParseException.Reason.MALFORMED, src, kind, offset, length, scale);
                }
            }
            if (!digits) {
                throw error(DecimalParseException.Reason.MALFORMED, src, kind, offset, length, scale);
            }
            if (m == 0) {
                return 0;
            }
            long shift = (long) zeros - fractionDigits + exponent + scale;
            if (shift < 0) {
                throw error(DecimalParseException.Reason.TOO_MANY_DECIMALS, src, kind, offset, length, scale);
            }
            if (shift > 0) {
                m = Math.multiplyExact(m, pow10Checked((int) Math.min(shift, 19)));
            }
            return negative ? m : Math.negateExact(m);
        } catch (ArithmeticException overflow) {
            throw error(DecimalParseException.Reason.OVERFLOW, src, kind, offset, length, scale);
        }
    }

    private static long pow10Checked(int n) {
        if (n > MAX_SCALE) {
            throw new ArithmeticException("10^" + n);
        }
        return POW10[n];
    }

    /**
     * Returns the exponent, or Integer.MIN_VALUE if malformed. As for {@link BigDecimal}, an exponent outside the
     * {@code int} range is malformed.
     */
    private static int parseExponent(Object src, int kind, int i, int end) {
        if (i >= end) {
            return Integer.MIN_VALUE;
        }
        boolean negative = false;
        int c = charAt(src, kind, i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        if (i >= end) {
            return Integer.MIN_VALUE;
        }
        long e = 0;
        for (; i < end; i++) {
            int d = charAt(src, kind, i) - '0';
            if (d < 0 || d > 9) {
                return Integer.MIN_VALUE;
            }
            e = e * 10 + d;
            if (e > Integer.MAX_VALUE + 1L) {
                return Integer.MIN_VALUE;
            }
        }
        e = negative ? -e : e;
        return e < -Integer.MAX_VALUE || e > Integer.MAX_VALUE ? Integer.MIN_VALUE : (int) e;
    }

    private static DecimalParseException error(DecimalParseException.Reason reason, Object src, int kind,
                                               int offset, int length, int scale) {
        StringBuilder text = new StringBuilder(Math.min(Math.max(length, 0), 64));
        for (int i = offset; i < offset + length && text.length() < 64; i++) {
            text.append((char) charAt(src, kind, i));
        }
        String why;
        switch (reason) {
            case TOO_MANY_DECIMALS:
                why = "has more than " + scale + " decimal(s)";
                break;
            case OVERFLOW:
                why = "does not fit in a long at scale " + scale;
                break;
            case BAD_SCALE:
                why = "cannot be parsed at scale " + scale + " (0.." + MAX_SCALE + ")";
                break;
            default:
                why = "is not a decimal number";
        }
        return new DecimalParseException(reason, "'" + text + "' " + why);
    }

    // ----------------------------------------------------------------------------------------------- formatting

    /**
     * Writes {@code mantissa / 10^scale} with exactly {@code scale} decimals ({@code 45281.0},
     * {@code 0.10000000}, {@code -3}) as ASCII into {@code dst} at {@code offset}.
     *
     * @return the offset after the last byte written; at most {@link #MAX_FORMATTED_LENGTH} bytes are written
     */
    public static int formatFixed(long mantissa, int scale, byte[] dst, int offset) {
        return format(mantissa, scale, dst, offset, false);
    }

    /**
     * Writes {@code mantissa / 10^scale} with trailing fractional zeros and a bare point removed
     * ({@code 45281}, {@code 0.1}, {@code 0}).
     *
     * @return the offset after the last byte written
     */
    public static int formatStripped(long mantissa, int scale, byte[] dst, int offset) {
        return format(mantissa, scale, dst, offset, true);
    }

    /** Text with exactly {@code scale} decimals; allocates, for use at the edges (REST, admin JSON, logs). */
    public static String toString(long mantissa, int scale) {
        byte[] b = new byte[MAX_FORMATTED_LENGTH];
        int n = formatFixed(mantissa, scale, b, 0);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Text with trailing zeros stripped; allocates, for use at the edges. */
    public static String toStrippedString(long mantissa, int scale) {
        byte[] b = new byte[MAX_FORMATTED_LENGTH];
        int n = formatStripped(mantissa, scale, b, 0);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The exact value as a {@link BigDecimal}; allocates, for tests and the edges. */
    public static BigDecimal toBigDecimal(long mantissa, int scale) {
        return BigDecimal.valueOf(mantissa, scale);
    }

    /**
     * Converts a mantissa between scales exactly.
     *
     * @throws ArithmeticException if going to a smaller scale would drop a non-zero digit, or on overflow
     */
    public static long rescale(long mantissa, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return mantissa;
        }
        if (toScale > fromScale) {
            return Math.multiplyExact(mantissa, POW10[toScale - fromScale]);
        }
        long p = POW10[fromScale - toScale];
        if (mantissa % p != 0) {
            throw new ArithmeticException(mantissa + "e-" + fromScale + " is not representable at scale " + toScale);
        }
        return mantissa / p;
    }

    private static int format(long mantissa, int scale, byte[] dst, int offset, boolean strip) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " outside 0.." + MAX_SCALE);
        }
        // Work on the negative value so that Long.MIN_VALUE needs no special case.
        long v = mantissa < 0 ? mantissa : -mantissa;
        int pos = offset;
        if (mantissa < 0) {
            dst[pos++] = '-';
        }
        int digits = digitCount(v);
        int intDigits = Math.max(digits - scale, 1);
        int fracDigits = scale;
        int total = intDigits + (scale > 0 ? 1 + fracDigits : 0);
        int last = pos + total - 1;
        // Fill from the right: fraction digits, point, integer digits (at least one).
        int p = last;
        for (int k = 0; k < fracDigits; k++) {
            dst[p--] = (byte) ('0' - (int) (v % 10));
            v /= 10;
        }
        if (scale > 0) {
            dst[p--] = '.';
        }
        for (int k = 0; k < intDigits; k++) {
            dst[p--] = (byte) ('0' - (int) (v % 10));
            v /= 10;
        }
        int stop = last + 1;
        if (strip && scale > 0) {
            while (dst[stop - 1] == '0') {
                stop--;
            }
            if (dst[stop - 1] == '.') {
                stop--;
            }
        }
        return stop;
    }

    /** Number of decimal digits of a non-positive value (1 for 0). */
    private static int digitCount(long negative) {
        int n = 1;
        long v = negative;
        while (v <= -10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
