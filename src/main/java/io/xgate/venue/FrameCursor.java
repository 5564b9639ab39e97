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
        if (i >= end) {
            return NONE;
        }
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
            return NONE;
        }
        long v = d;
        i++;
        if (d != 0) {
            int limit = Math.min(end, pos + 18);
            while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                i++;
            }
        }
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

    /** The shared digits: integer part, optional point and fraction; leaves {@link #pos} after the last digit. */
    private long digits(int scale) {
        final byte[] b = this.b;
        final int end = this.end;
        int i = pos;
        long m = 0;
        int intStart = i;
        int d;
        // counted after the loops: a longer run only wraps m around, and is then refused
        while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            i++;
        }
        int kept = i - intStart; // digits accumulated (integer part and fraction up to the scale)
        if (kept == 0 || kept > 18) {
            return NONE;
        }
        int fraction = 0;
        if (i < end && b[i] == '.') {
            i++;
            int fracStart = i;
            int fracEnd = Math.min(end, i + scale);
            while (i < fracEnd && (d = b[i] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                i++;
            }
            fraction = i - fracStart;
            if (kept + fraction > 18) {
                return NONE;
            }
            // beyond the scale only zeros are allowed; they are skipped
            while (i < end && b[i] == '0') {
                i++;
            }
            if (i == fracStart || (i < end && (d = b[i] - '0') >= 0 && d <= 9)) {
                return NONE; // "5." or a non-zero digit beyond the scale
            }
        }
        int shift = scale - fraction;
        if (shift < 0 || shift > 18 || m > LIMIT[shift]) {
            return NONE;
        }
        pos = i;
        return m * POW10[shift];
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
        for (int i = pos + 1; i < end; i++) {
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

    /** The frame being read. */
    public byte[] bytes() {
        return b;
    }
}
