package io.xgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV writer's numbers are exactly {@code BigDecimal.toPlainString}'s, and text is quoted when needed. */
class ExportCsvWriterTest {

    @Test
    void decimalsAreWhatBigDecimalPrints() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        long[] edge = {0, 1, -1, 9, 10, 99, 100, 12345, -12345, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE};
        StringBuilder want = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(bytes)) {
            for (int k = 0; k < 20_000; k++) {
                long m = k < edge.length * 19 ? edge[k / 19] : r.nextLong() >> r.nextInt(64);
                int scale = k < edge.length * 19 ? k % 19 : r.nextInt(19);
                csv.dec(m, scale).end();
                want.append(BigDecimal.valueOf(m, scale).toPlainString()).append('\n');
            }
            csv.str("a,b").str("say \"hi\"").str("plain").empty().dbl(Double.NaN).dbl(1.5).end();
            want.append("\"a,b\",\"say \"\"hi\"\"\",plain,,,1.5\n");
        }
        assertEquals(want.toString(), bytes.toString(StandardCharsets.UTF_8));
    }
}
