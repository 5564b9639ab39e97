package io.xgate.venue;

/**
 * Parses RFC 3339 UTC timestamps as venues send them ({@code 2023-10-06T17:35:55.440295Z}, 0 to 9 fraction
 * digits, {@code Z} or {@code +00:00}) into epoch nanoseconds without allocating.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /**
     * @return epoch nanoseconds
     * @throws IllegalArgumentException if the text is not such a timestamp
     */
    public static long parseNanos(char[] c, int off, int len) {
        if (len < 20 || c[off + 4] != '-' || c[off + 7] != '-' || (c[off + 10] != 'T' && c[off + 10] != 't')
                || c[off + 13] != ':' || c[off + 16] != ':') {
            throw bad(c, off, len);
        }
        int year = digits(c, off, 4);
        int month = digits(c, off + 5, 2);
        int day = digits(c, off + 8, 2);
        int hour = digits(c, off + 11, 2);
        int minute = digits(c, off + 14, 2);
        int second = digits(c, off + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            throw bad(c, off, len);
        }
        int i = off + 19;
        int end = off + len;
        long nanos = 0;
        if (i < end && c[i] == '.') {
            i++;
            int n = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (n < 9) {
                    nanos = nanos * 10 + (c[i] - '0');
                }
                n++;
                i++;
            }
            if (n == 0) {
                throw bad(c, off, len);
            }
            for (; n < 9; n++) {
                nanos *= 10;
            }
        }
        boolean utc = (i == end - 1 && (c[i] == 'Z' || c[i] == 'z'))
                || (i == end - 6 && (c[i] == '+' || c[i] == '-') && c[i + 1] == '0' && c[i + 2] == '0'
                && c[i + 3] == ':' && c[i + 4] == '0' && c[i + 5] == '0');
        if (!utc) {
            throw bad(c, off, len);
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000_000_000L) + nanos;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int digits(char[] c, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = c[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1_000_000;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static IllegalArgumentException bad(char[] c, int off, int len) {
        return new IllegalArgumentException("'" + new String(c, off, Math.min(len, 40)) + "' is not an RFC 3339 UTC "
                + "timestamp");
    }
}
