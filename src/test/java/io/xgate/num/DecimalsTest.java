package io.xgate.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.xgate.num.DecimalParseException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edge cases of {@link Decimals}, each through every input form (bytes, chars, CharSequence, JSON). */
class DecimalsTest {

    @ParameterizedTest(name = "{0} at scale {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "0|0|0", "-0|2|0", "+7|0|7", "1|2|100", "1.5|2|150", "0.5666|4|5666", "0.566|4|5660",
        "45281.0|1|452810", "0.10000000|8|10000000", "18097.1547|8|1809715470000", ".5|1|5", "5.|0|5",
        "1e-08|8|1", "1E-8|8|1", "4.5E+3|2|450000", "4.5e3|0|4500", "1.500000000000000000000000|1|15",
        "0000000000000000000000012.30|2|1230", "0e99999999|2|0", "0e-2147483647|0|0", "-9223372036854775808|0|-9223372036854775808",
        "9223372036854775807|0|9223372036854775807", "-9223372036854775807|0|-9223372036854775807",
        "92233720368547758.07|2|9223372036854775807", "0.000000000000000001|18|1", "-65432.1|8|-6543210000000",
        "100e-2|0|1", "1230e-1|0|123"
    })
    void parsesEveryForm(String text, int scale, long expected) throws Exception {
        assertEquals(expected, Decimals.parse(text, scale));
        byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, Decimals.parse(bytes, 2, text.length(), scale));
        char[] chars = ("[" + text + "]").toCharArray();
        assertEquals(expected, Decimals.parse(chars, 1, text.length(), scale));
        assertEquals(expected, json("\"" + text + "\"", scale), "as a JSON string");
        if (isJsonNumber(text)) {
            assertEquals(expected, json(text, scale), "as a JSON number");
        }
    }

    @ParameterizedTest(name = "{0} at scale {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "''|2|MALFORMED", "-|2|MALFORMED", "+|2|MALFORMED", ".|2|MALFORMED", "e5|2|MALFORMED", "1e|2|MALFORMED",
        "1e+|2|MALFORMED", "1.2.3|2|MALFORMED", "1,5|2|MALFORMED", "' 1'|2|MALFORMED", "'1 '|2|MALFORMED", "1e2147483648|0|MALFORMED", "0e-99999999999|0|MALFORMED",
        "0x10|2|MALFORMED", "--1|2|MALFORMED", "1e5e5|2|MALFORMED", "NaN|2|MALFORMED", "Infinity|2|MALFORMED",
        "1.005|2|TOO_MANY_DECIMALS", "0.000000001|8|TOO_MANY_DECIMALS", "1e-3|2|TOO_MANY_DECIMALS",
        "123.4|0|TOO_MANY_DECIMALS",
        "9223372036854775808|0|OVERFLOW", "-9223372036854775809|0|OVERFLOW", "0e-2147483648|0|MALFORMED", "92233720368547758.08|2|OVERFLOW",
        "1e19|0|OVERFLOW", "1e99999|0|OVERFLOW", "100000000000000000000000|0|OVERFLOW",
        "1|19|BAD_SCALE", "1|-1|BAD_SCALE"
    })
    void refusesWithTheReason(String text, int scale, Reason reason) {
        DecimalParseException e = assertThrows(DecimalParseException.class, () -> Decimals.parse(text, scale));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(reason, assertThrows(DecimalParseException.class,
                () -> Decimals.parse(bytes, 0, bytes.length, scale)).reason());
    }

    @Test
    void jsonTokenThatIsNotANumberIsRefused() throws Exception {
        try (JsonParser p = new JsonFactory().createParser("true")) {
            p.nextToken();
            assertEquals(Reason.MALFORMED,
                    assertThrows(DecimalParseException.class, () -> Decimals.parse(p, 2)).reason());
        }
    }

    @ParameterizedTest(name = "{0}e-{1} -> {2} / {3}")
    @CsvSource(delimiter = '|', value = {
        "0|0|0|0", "0|4|0.0000|0", "5|0|5|5", "-5|0|-5|-5", "452810|1|45281.0|45281", "10000000|8|0.10000000|0.1",
        "5660|4|0.5660|0.566", "-1|3|-0.001|-0.001", "123450|2|1234.50|1234.5", "100|2|1.00|1",
        "9223372036854775807|18|9.223372036854775807|9.223372036854775807",
        "-9223372036854775808|0|-9223372036854775808|-9223372036854775808",
        "-9223372036854775808|18|-9.223372036854775808|-9.223372036854775808",
        "1|18|0.000000000000000001|0.000000000000000001", "-120|1|-12.0|-12"
    })
    void formatsFixedAndStripped(long mantissa, int scale, String fixed, String stripped) {
        assertEquals(fixed, Decimals.toString(mantissa, scale));
        assertEquals(stripped, Decimals.toStrippedString(mantissa, scale));
        byte[] dst = new byte[40];
        dst[3] = 'x';
        int end = Decimals.formatFixed(mantissa, scale, dst, 4);
        assertEquals(fixed, new String(dst, 4, end - 4, StandardCharsets.US_ASCII));
        assertEquals('x', dst[3], "wrote before its offset");
        assertTrue(end - 4 <= Decimals.MAX_FORMATTED_LENGTH);
    }

    @Test
    void rescaleIsExact() {
        assertEquals(150_000, Decimals.rescale(150, 2, 5));
        assertEquals(15, Decimals.rescale(150, 2, 1));
        assertThrows(ArithmeticException.class, () -> Decimals.rescale(155, 2, 1));
        assertThrows(ArithmeticException.class, () -> Decimals.rescale(Long.MAX_VALUE / 10, 0, 2));
    }

    @Test
    void parsingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] b = "{\"p\":\"65432.10\",\"q\":\"0.00123000\",\"e\":1.5e-3}".getBytes(StandardCharsets.US_ASCII);
        char[] c = new String(b, StandardCharsets.US_ASCII).toCharArray();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up so the JIT has compiled the loop
            sink += Decimals.parse(b, 6, 8, 2) + Decimals.parse(c, 21, 10, 8) + Decimals.parse(b, 37, 6, 4);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            sink += Decimals.parse(b, 6, 8, 2) + Decimals.parse(c, 21, 10, 8) + Decimals.parse(b, 37, 6, 4);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "300k parses allocated " + allocated + " bytes (sink " + sink + ")");
    }

    private static long json(String doc, int scale) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(doc.getBytes(StandardCharsets.US_ASCII))) {
            p.nextToken();
            return Decimals.parse(p, scale);
        }
    }

    private static boolean isJsonNumber(String text) {
        return text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }
}
