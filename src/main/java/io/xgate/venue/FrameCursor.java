package io.xgate.venue;

import io.xgate.num.Decimals;

/**
 * A cursor over one frame's bytes for the hand-written scanners of a dialect's hot message shapes. Every method
 * either reads exactly what it names and advances, or answers "not this" ({@code false}, {@link #NONE}) and the
 * scanner gives the frame to its Jackson decoder: a scanner may refuse a frame, never misread one. So each method
 * accepts a strict subset of what JSON allows: no whitespace, no escapes, no exponents, no signs, no leading
 * zeros in numbers, at most 18 significant digits. What it accepts, it reads exactly as
 * {@link Decimals#parse(byte[], int, int, int)} and Jackson read the same text.
 *
 * <p>Allocation-free; one per decoder (not thread-safe).
 */
public final class FrameCursor {

    /** What a number-reading method answers when the text is not what it accepts. Values read are never negative. */
    public static final long NONE = -1;

    private static final long[] POW10 = new long[19];
    private static final long[] LIMIT = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            LIMIT[i] = Long.MAX_VALUE / p;
            p *= 10;
        }
    }

    private byte[] b;
    private int pos;
    private int end;

    /** Starts on {@code frame[offset, offset + length)}. */
    public FrameCursor on(byte[] frame, int offset, int length) {
        this.b = frame;
        this.pos = offset;
        this.end = offset + length;
        return this;
    }

    /** The index of the next byte. */
    public int position() {
        return pos;
    }

    /** Whether every byte was read. */
    public boolean atEnd() {
        return pos == end;
    }

    /** The next byte, or -1 at the end (does not advance). */
    public int peek() {
        return pos < end ? b[pos] : -1;
    }

    /** Reads {@code c} if it is next. */
    public boolean take(char c) {
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Reads {@code literal} (ASCII bytes) if it is next. */
    public boolean take(byte[] literal) {
        int n = literal.length;
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != literal[i]) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** Reads {@code true} or {@code false}: 1 or 0, or -1 if neither is next. */
    public int bool() {
        if (take(TRUE)) {
            return 1;
        }
        return take(FALSE) ? 0 : -1;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * Reads a JSON integer {@code 0 | [1-9][0-9]*} of at most 18 digits, not followed by a digit, a point or an
     * exponent. Returns {@link #NONE} otherwise (a sign, a fraction, 19 digits or more: the decoder decides).
     */
    public long integer() {
        int i = pos;
        int n = run(i);
        if (n == 0) {
            return NONE;
        }
        if (b[i] == '0') {
            if (n > 1) {
                return NONE; // a leading zero: JSON forbids it
            }
            i++;
            if (i < end && notAfterNumber(b[i])) {
                return NONE;
            }
            pos = i;
            return 0;
        }
        long v = 0;
        int digits = 0;
        do {
            n = run(i);
            if (n == 0) {
                break;
            }
            if ((digits += n) > 18) {
                return NONE;
            }
            v = v * POW10[n] + value(i, n);
            i += n;
        } while (n == 8);
        if (i < end && notAfterNumber(b[i])) {
            return NONE;
        }
        pos = i;
        return v;
    }

    /**
     * Reads a JSON integer between quotes ({@code "12345"}) as {@link #integer()} does, without the quotes'
     * exceptions: {@code "0"} alone or no leading zero.
     */
    public long quotedInteger() {
        int start = pos;
        if (!take('"')) {
            return NONE;
        }
        long v = integer();
        if (v == NONE || !take('"')) {
            pos = start;
            return NONE;
        }
        return v;
    }

    /**
     * Reads a decimal string {@code "<digits>[.<digits>]"} into a mantissa at {@code scale}, skipping fraction
     * zeros beyond the scale. Returns {@link #NONE} for anything else: an empty part, a sign, an exponent, an
     * escape, a non-zero digit beyond the scale, more than 18 digits up to the scale, or a value that does not
     * fit at the scale.
     */
    public long decimalString(int scale) {
        int start = pos;
        if (!take('"')) {
            return NONE;
        }
        long v = digits(scale);
        if (v == NONE || pos >= end || b[pos] != '"') {
            pos = start;
            return NONE;
        }
        pos++;
        return v;
    }

    /**
     * Reads a JSON number without exponent or sign ({@code 0.5}, {@code 60000.1}, {@code 12}) into a mantissa at
     * {@code scale}, as {@link #decimalString} does; a leading zero must be the whole integer part, as JSON says.
     */
    public long decimalNumber(int scale) {
        int start = pos;
        if (pos < end && b[pos] == '0' && pos + 1 < end && b[pos + 1] >= '0' && b[pos + 1] <= '9') {
            return NONE; // JSON forbids a leading zero; Jackson refuses it, and so does its reference
        }
        long v = digits(scale);
        if (v == NONE || (pos < end && notAfterNumber(b[pos]))) {
            pos = start;
            return NONE;
        }
        return v;
    }

    /**
     * The shared digits: integer part, optional point and fraction; leaves {@link #pos} after the last digit.
     * Eight bytes at a time where the frame allows (SWAR: one 64-bit read classifies and converts eight
     * digits), byte by byte near the end of the array.
     */
    private long digits(int scale) {
        int i = pos;
        long m = 0;
        int kept = 0; // digits accumulated (integer part and fraction up to the scale)
        int n;
        int intDigits = 0;
        do {
            n = run(i);
            if (n == 0) {
                break;
            }
            if ((kept += n) > 18) {
                return NONE;
            }
            m = m * POW10[n] + value(i, n);
            i += n;
            intDigits += n;
        } while (n == 8);
        if (intDigits == 0) {
            return NONE;
        }
        int fraction = 0;
        if (i < end && b[i] == '.') {
            i++;
            int fractionDigits = 0;
            do {
                n = run(i);
                if (n == 0) {
                    break;
                }
                int take = Math.min(n, scale - fraction);
                if (take > 0) {
                    if ((kept += take) > 18) {
                        return NONE;
                    }
                    m = m * POW10[take] + value(i, take);
                    fraction += take;
                }
                if (take < n && !zeros(i + take, n - take)) {
                    return NONE; // a non-zero digit beyond the scale
                }
                i += n;
                fractionDigits += n;
            } while (n == 8);
            if (fractionDigits == 0) {
                return NONE; // "5."
            }
        }
        int shift = scale - fraction;
        if (shift < 0 || shift > 18 || m > LIMIT[shift]) {
            return NONE;
        }
        pos = i;
        return m * POW10[shift];
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;

    /** How many of the (at most eight) bytes from {@code i}, inside the frame, are ASCII digits in a row. */
    private int run(int i) {
        int room = end - i;
        if (room <= 0) {
            return 0;
        }
        if (i + 8 <= b.length) {
            long v = (long) LONGS.get(b, i);
            // the high bit of each byte that is not a digit: above '9' (+0x46 carries into bit 7), below '0'
            // (-0x30 borrows), or not ASCII; carries and borrows only reach later bytes, past the first non-digit
            long nonDigit = ((v + 0x4646464646464646L) | (v - ZEROS) | v) & 0x8080808080808080L;
            int n = nonDigit == 0 ? 8 : Long.numberOfTrailingZeros(nonDigit) >>> 3;
            return Math.min(n, room);
        }
        int n = 0;
        int limit = Math.min(room, 8);
        while (n < limit && b[i + n] >= '0' && b[i + n] <= '9') {
            n++;
        }
        return n;
    }

    /** The value of the {@code n} (1..8) digits from {@code i}, which {@link #run} found. */
    private long value(int i, int n) {
        if (i + 8 <= b.length) {
            long v = (long) LONGS.get(b, i);
            if (n < 8) {
                // the first n characters to the top bytes, '0's below: the same value in eight digits
                v = (v << (64 - 8 * n)) | (ZEROS >>> (8 * n));
            }
            v = (v & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8;
            v = (v & 0x00FF00FF00FF00FFL) * 6553601 >>> 16;
            return (v & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32;
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            v = v * 10 + (b[i + k] - '0');
        }
        return v;
    }

    /** Whether the {@code n} (1..8) bytes from {@code i} are all '0'. */
    private boolean zeros(int i, int n) {
        if (i + 8 <= b.length) {
            long v = (long) LONGS.get(b, i) ^ ZEROS;
            return n == 8 ? v == 0 : (v & ((1L << (8 * n)) - 1)) == 0;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean notAfterNumber(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E';
    }

    /**
     * At a string's opening quote: returns the index of its closing quote and reads past it, or -1 (and reads
     * nothing) if the string holds an escape or a control character, or does not end in the frame.
     */
    public int string() {
        if (pos >= end || b[pos] != '"') {
            return -1;
        }
        int i = pos + 1;
        // eight bytes at a time: the first byte that is a quote, a backslash or a control character decides
        while (i + 8 <= end) {
            long v = (long) LONGS.get(b, i);
            long stop = zeroByte(v ^ 0x2222222222222222L) | zeroByte(v ^ 0x5C5C5C5C5C5C5C5CL)
                    | ((v - 0x2020202020202020L) & ~v & 0x8080808080808080L);
            if (stop != 0) {
                i += Long.numberOfTrailingZeros(stop) >>> 3;
                break;
            }
            i += 8;
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                return i;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    /** The high bit of the first zero byte of {@code x} (later bytes may be flagged wrongly; they do not count). */
    private static long zeroByte(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /** The frame being read. */
    public byte[] bytes() {
        return b;
    }
}
