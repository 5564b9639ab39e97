package io.xgate.num;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** {@link Decimals} against {@link BigDecimal}, the oracle, over generated texts and values. */
class DecimalsPropertiesTest {

    /** Accept/refuse and the value agree with BigDecimal for arbitrary decimal-looking text. */
    @Property(tries = 20_000)
    void parseAgreesWithBigDecimal(@ForAll("decimalTexts") String text, @ForAll @IntRange(min = 0, max = 18) int scale) {
        Long expected = oracle(text, scale);
        Long actual;
        try {
            actual = Decimals.parse(text, scale);
        } catch (DecimalParseException e) {
            actual = null;
        }
        assertEquals(expected, actual, () -> "'" + text + "' at scale " + scale);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        Long fromBytes;
        try {
            fromBytes = Decimals.parse(b, 0, b.length, scale);
        } catch (DecimalParseException e) {
            fromBytes = null;
        }
        assertEquals(expected, fromBytes, () -> "bytes '" + text + "' at scale " + scale);
    }

    /** Format then parse is the identity, and both forms equal BigDecimal's rendering of the value. */
    @Property(tries = 20_000)
    void formatRoundTrips(@ForAll long mantissa, @ForAll @IntRange(min = 0, max = 18) int scale) {
        BigDecimal v = BigDecimal.valueOf(mantissa, scale);
        String fixed = Decimals.toString(mantissa, scale);
        String stripped = Decimals.toStrippedString(mantissa, scale);
        assertEquals(v.toPlainString(), fixed);
        assertEquals(v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString(), stripped);
        assertEquals(mantissa, Decimals.parse(fixed, scale));
        assertEquals(mantissa, Decimals.parse(stripped, scale));
    }

    /** Null when BigDecimal says the text is not a number, the value has too many decimals, or overflows. */
    static Long oracle(String text, int scale) {
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if (v.signum() == 0) {
            return 0L;
        }
        // Never movePointRight/setScale a value like 1e99999999: that builds a 100-million-digit integer.
        BigDecimal stripped = v.stripTrailingZeros();
        long remainingScale = (long) stripped.scale() - scale;
        if (remainingScale > 0) {
            return null; // a non-zero digit beyond the scale
        }
        if (remainingScale < -19) {
            return null; // at least 10^20
        }
        BigInteger i = stripped.unscaledValue().multiply(BigInteger.TEN.pow((int) -remainingScale));
        if (i.bitLength() > 63) {
            return null;
        }
        return i.longValue();
    }

    @Provide
    Arbitrary<String> decimalTexts() {
        Arbitrary<String> sign = Arbitraries.of("", "", "-", "+");
        Arbitrary<String> intPart = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(22);
        Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(22).map(s -> "." + s));
        Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.integers().between(0, 40).map(String::valueOf)).as((e, s, n) -> e + s + n));
        Arbitrary<String> wellFormed = Combinators.combine(sign, intPart, frac, exp).as((s, i, f, e) -> s + i + f + e);
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789.eE+- x").ofMaxLength(12);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, wellFormed),
                net.jqwik.api.Tuple.of(2, noise));
    }
}
