package io.xgate.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A CSV file written field by field into a byte buffer (RFC 4180: comma-separated, {@code \n}-terminated rows, a
 * field quoted only when it holds a comma, quote or line break). Numbers are written without going through
 * {@code String}: a fixed-point mantissa comes out exactly as {@code BigDecimal.valueOf(mantissa,
 * scale).toPlainString()} would print it. Rows are counted. Not thread-safe.
 */
final class CsvWriter implements Closeable {

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 20];
    private final byte[] digits = new byte[20];
    private int len;
    private boolean first = true;
    private long rows;

    CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the header row (not counted). */
    CsvWriter header(String... names) throws IOException {
        for (String n : names) {
            str(n);
        }
        first = true;
        put((byte) '\n');
        return this;
    }

    /** Ends the row. */
    void end() throws IOException {
        put((byte) '\n');
        first = true;
        rows++;
    }

    /** Rows ended so far (the header is not one). */
    long rows() {
        return rows;
    }

    private void sep() throws IOException {
        if (first) {
            first = false;
        } else {
            put((byte) ',');
        }
    }

    /** A text field (quoted when needed). */
    CsvWriter str(String s) throws IOException {
        sep();
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }
        byte[] b = ('"' + s.replace("\"", "\"\"") + '"').getBytes(StandardCharsets.UTF_8);
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** An empty field. */
    CsvWriter empty() throws IOException {
        sep();
        return this;
    }

    CsvWriter bool(boolean b) throws IOException {
        return ascii(b ? "true" : "false");
    }

    /** A field of ASCII text that needs no quoting (a constant). */
    CsvWriter ascii(String s) throws IOException {
        sep();
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A whole number. */
    CsvWriter num(long v) throws IOException {
        return dec(v, 0);
    }

    /** A double as {@link Double#toString}; NaN and infinities as an empty field. */
    CsvWriter dbl(double d) throws IOException {
        return Double.isFinite(d) ? ascii(Double.toString(d)) : empty();
    }

    /**
     * A fixed-point number, {@code mantissa * 10^-scale}, as a plain decimal with exactly {@code scale} decimals
     * (what {@code BigDecimal.valueOf(mantissa, scale).toPlainString()} prints; {@code scale >= 0}).
     */
    CsvWriter dec(long mantissa, int scale) throws IOException {
        sep();
        room(22 + scale);
        if (mantissa == Long.MIN_VALUE) {
            byte[] b = java.math.BigDecimal.valueOf(mantissa, scale).toPlainString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }
        long v = mantissa;
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        if (scale == 0) {
            while (n > 0) {
                buf[len++] = digits[--n];
            }
            return this;
        }
        if (n <= scale) {
            buf[len++] = '0';
            buf[len++] = '.';
            for (int i = n; i < scale; i++) {
                buf[len++] = '0';
            }
            while (n > 0) {
                buf[len++] = digits[--n];
            }
            return this;
        }
        while (n > scale) {
            buf[len++] = digits[--n];
        }
        buf[len++] = '.';
        while (n > 0) {
            buf[len++] = digits[--n];
        }
        return this;
    }

    private void put(byte b) throws IOException {
        room(1);
        buf[len++] = b;
    }

    private void room(int n) throws IOException {
        if (len + n > buf.length) {
            flush();
            if (n > buf.length) {
                throw new IOException("CSV field of " + n + " bytes is larger than the buffer");
            }
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
