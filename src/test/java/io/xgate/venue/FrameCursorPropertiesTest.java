package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.num.DecimalParseException;
import io.xgate.num.Decimals;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The cursor's number reads against {@link Decimals#parse}, the reference, wherever the text sits in its array:
 * at the start, in the middle (the eight-byte reads), and flush with the end (the byte-by-byte tail). Whatever
 * the cursor accepts it reads exactly as the reference does, and it stops exactly after the number.
 */
class FrameCursorPropertiesTest {

    @Property(tries = 30_000)
    void aDecimalStringIsReadAsTheReferenceReadsItOrRefused(@ForAll("numbers") String number,
            @ForAll @IntRange(min = 0, max = 18) int scale, @ForAll @IntRange(min = 0, max = 9) int before,
            @ForAll("after") String after, @ForAll boolean padded) {
        if (number.contains("\"") || number.contains("\\")) {
            return; // a quote ends the string early, an escape is refused: the string is not the number
        }
        String text = " ".repeat(before) + '"' + number + '"' + after;
        // digits past the frame's end in the same array: the eight-byte reads must not take them
        byte[] b = (text + (padded ? "0123456789012345678901234567890" : "")).getBytes(StandardCharsets.US_ASCII);
        FrameCursor c = new FrameCursor().on(b, before, text.length() - before);
        long v = c.decimalString(scale);
        if (v != FrameCursor.NONE) {
            assertEquals(reference(number, scale), v, () -> "'" + number + "' at scale " + scale);
            assertEquals(before + number.length() + 2, c.position(), "stops after the closing quote");
        } else {
            assertEquals(before, c.position(), "a refusal reads nothing");
        }
        if (isPlain(number) && number.length() <= 18 && reference(number, scale) != null) {
            // the shapes venues send: the cursor must not defer them
            assertTrue(v != FrameCursor.NONE, () -> "'" + number + "' at scale " + scale + " deferred");
        }
    }

    @Property(tries = 30_000)
    void aNumberIsReadAsTheReferenceReadsItOrRefused(@ForAll("numbers") String number,
            @ForAll @IntRange(min = 0, max = 18) int scale, @ForAll("after") String after, @ForAll boolean padded) {
        int length = (number + after).length();
        byte[] b = (number + after + (padded ? "9876543210987654321098765432109" : ""))
                .getBytes(StandardCharsets.US_ASCII);
        FrameCursor c = new FrameCursor().on(b, 0, length);
        long v = c.decimalNumber(scale);
        if (v != FrameCursor.NONE) {
            // what it read is a number the reference reads the same; it may stop inside noise ("0+": at the '+')
            String read = number.substring(0, Math.min(number.length(), c.position()));
            assertEquals(reference(read, scale), v, () -> "'" + number + "' at scale " + scale);
            assertTrue(!isPlain(number) || c.position() == number.length(), "a plain number is read whole");
            assertTrue(!read.matches("0[0-9].*"), "JSON forbids leading zeros: " + number);
        }
        c.on(b, 0, length);
        long i = c.integer();
        if (i != FrameCursor.NONE) {
            assertEquals(Long.parseLong(number.substring(0, c.position())), i, number);
            assertTrue(!number.matches("[0-9]+") || c.position() == number.length(), "read whole: " + number);
        }
    }

    @Property(tries = 20_000)
    void aStringEndsAtItsFirstQuoteAndIsRefusedForAnEscapeOrAControlCharacter(@ForAll("texts") String body,
            @ForAll @IntRange(min = 0, max = 9) int before) {
        byte[] b = (" ".repeat(before) + '"' + body).getBytes(StandardCharsets.ISO_8859_1);
        int expected = -1;
        for (int i = before + 1; i < b.length; i++) {
            if (b[i] == '"') {
                expected = i;
                break;
            }
            if (b[i] == '\\' || (b[i] >= 0 && b[i] < 0x20)) {
                break;
            }
        }
        FrameCursor c = new FrameCursor().on(b, before, b.length - before);
        assertEquals(expected, c.string(), body);
        assertEquals(expected < 0 ? before : expected + 1, c.position());
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcXYZ09@/-_\"\\\u0001\u001f\u0080\u00ff ").ofMaxLength(40);
    }

    private static boolean isPlain(String s) {
        return s.matches("[0-9]+(\\.[0-9]+)?");
    }

    private static Long reference(String text, int scale) {
        try {
            long v = Decimals.parse(text, scale);
            return v < 0 ? null : v;
        } catch (DecimalParseException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(21);
        Arbitrary<String> zeros = Arbitraries.integers().between(0, 12).map("0"::repeat);
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(digits, zeros).as((d, z) -> "." + d + z));
        Arbitrary<String> plain = Combinators.combine(digits, fraction).as((i, f) -> i + f);
        Arbitrary<String> odd = Arbitraries.strings().withChars("0123456789.eE+-\\\" x").ofMaxLength(14);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, plain), net.jqwik.api.Tuple.of(2, odd));
    }

    @Provide
    Arbitrary<String> after() {
        // never a digit: a digit would make it the same number, longer ("." and "e5" must make it refused)
        return Arbitraries.of("", ",", "]", "}", ",\"x\":1}", ".", "e5", "E", "abcdefghij", "\"");
    }
}
