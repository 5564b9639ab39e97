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

    /** The index of the first {@code c} within the next {@code max} bytes of the frame, or -1; reads nothing. */
    public int find(char c, int max) {
        int limit = Math.min(end, pos + max);
        for (int i = pos; i < limit; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Moves on to {@code index}, which a {@link #find} returned (never backwards, never past the end). */
    public void skipTo(int index) {
        if (index < pos || index > end) {
            throw new IllegalArgumentException("cannot skip from " + pos + " to " + index + " (end " + end + ")");
        }
        pos = index;
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

    /**
     * An ASCII literal prepared for {@link #take(Literal)}: its bytes as little-endian 64-bit words, so that it is
     * compared eight bytes at a time.
     */
    public static final class Literal {
        final byte[] bytes;
        final long[] words;
        final long tail;
        final long tailMask;

        /** The literal {@code text} (ASCII). */
        public Literal(String text) {
            bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            words = new long[bytes.length / 8];
            for (int w = 0; w < words.length; w++) {
                words[w] = (long) LONGS.get(bytes, 8 * w);
            }
            int rest = bytes.length & 7;
            long t = 0;
            for (int k = rest - 1; k >= 0; k--) {
                t = (t << 8) | (bytes[8 * words.length + k] & 0xFF);
            }
            tail = t;
            tailMask = rest == 0 ? 0 : (1L << (8 * rest)) - 1;
        }
    }

    /** Reads {@code literal} if it is next: eight bytes per comparison where the array allows. */
    public boolean take(Literal literal) {
        final byte[] b = this.b;
        final int n = literal.bytes.length;
        final int at = pos;
        if (end - at < n) {
            return false;
        }
        final long[] words = literal.words;
        int i = at;
        for (int w = 0; w < words.length; w++, i += 8) {
            if ((long) LONGS.get(b, i) != words[w]) {
                return false;
            }
        }
        if (literal.tailMask != 0) {
            if (i + 8 <= b.length) {
                if ((((long) LONGS.get(b, i)) & literal.tailMask) != literal.tail) {
                    return false;
                }
            } else {
                for (int k = 8 * words.length; k < n; k++) {
                    if (b[at + k] != literal.bytes[k]) {
                        return false;
                    }
                }
            }
        }
        pos = at + n;
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
        final byte[] b = this.b;
        final int end = this.end;
        int i = pos;
        if (i >= end || b[i] < '0' || b[i] > '9') {
            return NONE;
        }
        if (b[i] == '0') {
            if (i + 1 < end && notAfterNumber(b[i + 1])) {
                return NONE; // a leading zero (JSON forbids it), or a fraction or exponent
            }
            pos = i + 1;
            return 0;
        }
        if (i + 16 <= b.length) {
            // up to fifteen digits in two reads, no loop: ids and millisecond times
            long w = (long) LONGS.get(b, i);
            int n = Math.min(digitRun(w), end - i);
            long v;
            if (n < 8) {
                v = n <= 2 ? few(w, n) : eightDigits((w << (64 - 8 * n)) | (ZEROS >>> (8 * n)));
            } else {
                long x = (long) LONGS.get(b, i + 8);
                int k = Math.min(digitRun(x), end - i - 8);
                if (k == 8) {
                    k = -1; // sixteen digits or more: the loop below
                }
                v = k < 0 ? 0 : eightDigits(w) * POW10[k] + (k == 0 ? 0 : k <= 2 ? few(x, k)
                        : eightDigits((x << (64 - 8 * k)) | (ZEROS >>> (8 * k))));
                n = k < 0 ? -1 : 8 + k;
            }
            if (n >= 0) {
                i += n;
                if (i < end && notAfterNumber(b[i])) {
                    return NONE;
                }
                pos = i;
                return v;
            }
        }
        long v = 0;
        int digits = 0;
        int n;
        do {
            if (i + 8 <= b.length) {
                long w = (long) LONGS.get(b, i);
                n = Math.min(digitRun(w), end - i);
                if (n == 0) {
                    break;
                }
                v = v * POW10[n] + (n <= 2 ? few(w, n) : eightDigits(n == 8 ? w
                        : (w << (64 - 8 * n)) | (ZEROS >>> (8 * n))));
            } else {
                n = 0;
                int d;
                while (n < 8 && i + n < end && (d = b[i + n] - '0') >= 0 && d <= 9) {
                    v = v * 10 + d;
                    n++;
                }
                if (n == 0) {
                    break;
                }
            }
            if ((digits += n) > 18) {
                return NONE;
            }
            i += n;
        } while (n == 8 && i < end && b[i] >= '0' && b[i] <= '9'); // a ninth digit: read on
        if (i < end && notAfterNumber(b[i])) {
            return NONE;
        }
        pos = i;
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
     * Reads one level of a venue that sends {@code ["price","size"]}, both decimal strings read as by
     * {@link #decimalString}, into {@code out[at]} and {@code out[at + 1]}: the hot loop of a book message, with
     * its punctuation checked inline. Returns false (and reads nothing) for anything else.
     */
    public boolean quotedPair(int priceScale, int sizeScale, long[] out, int at) {
        final byte[] b = this.b;
        final int start = pos;
        if (end - start < 9 || b[start] != '[' || b[start + 1] != '"') {
            return false;
        }
        pos = start + 2;
        // the loop-free reader first, straight from here: one call less per decimal on the hot loop
        long price = start + 26 <= b.length ? shortDecimal(b, start + 2, end, priceScale) : NONE;
        if (price == NONE) {
            price = digits(priceScale);
        }
        int p = pos;
        if (price == NONE || end - p < 4 || b[p] != '"' || b[p + 1] != ',' || b[p + 2] != '"') {
            pos = start;
            return false;
        }
        pos = p + 3;
        long size = p + 27 <= b.length ? shortDecimal(b, p + 3, end, sizeScale) : NONE;
        if (size == NONE) {
            size = digits(sizeScale);
        }
        p = pos;
        if (size == NONE || end - p < 2 || b[p] != '"' || b[p + 1] != ']') {
            pos = start;
            return false;
        }
        pos = p + 2;
        out[at] = price;
        out[at + 1] = size;
        return true;
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
     * Eight bytes at a time where the array allows (SWAR: one 64-bit read classifies and converts eight digits),
     * byte by byte within eight bytes of the array's end. One method with tiny static helpers, so that the JIT
     * compiles it as one piece.
     */
    private long digits(int scale) {
        final byte[] b = this.b;
        final int end = this.end;
        int i = pos;
        if (i + 24 <= b.length) {
            long quick = shortDecimal(b, i, end, scale);
            if (quick != NONE) {
                return quick;
            }
        }
        long m = 0;
        int kept = 0; // digits accumulated (integer part and fraction up to the scale)
        int n;
        int intStart = i;
        do {
            if (i + 8 <= b.length) {
                long w = (long) LONGS.get(b, i);
                n = Math.min(digitRun(w), end - i);
                if (n == 0) {
                    break;
                }
                m = m * POW10[n] + (n <= 2 ? few(w, n) : eightDigits(n == 8 ? w
                        : (w << (64 - 8 * n)) | (ZEROS >>> (8 * n))));
            } else {
                n = 0;
                int d;
                while (n < 8 && i + n < end && (d = b[i + n] - '0') >= 0 && d <= 9) {
                    m = m * 10 + d;
                    n++;
                }
                if (n == 0) {
                    break;
                }
            }
            if ((kept += n) > 18) {
                return NONE;
            }
            i += n;
        } while (n == 8 && i < end && b[i] >= '0' && b[i] <= '9'); // a ninth digit: read on
        if (i == intStart) {
            return NONE;
        }
        int fraction = 0;
        if (i < end && b[i] == '.') {
            i++;
            int fracStart = i;
            do {
                int room = scale - fraction; // fraction digits still kept
                if (i + 8 <= b.length) {
                    long w = (long) LONGS.get(b, i);
                    n = Math.min(digitRun(w), end - i);
                    if (n == 0) {
                        break;
                    }
                    int take = Math.min(n, room);
                    if (take > 0) {
                        if ((kept += take) > 18) {
                            return NONE;
                        }
                        m = m * POW10[take] + (take <= 2 ? few(w, take) : eightDigits(take == 8 ? w
                                : (w << (64 - 8 * take)) | (ZEROS >>> (8 * take))));
                        fraction += take;
                    }
                    if (take < n) {
                        // beyond the scale only zeros: bytes take..n-1 of the word must be '0'
                        long extra = (w ^ ZEROS) >>> (8 * take);
                        if (n - take < 8) {
                            extra &= (1L << (8 * (n - take))) - 1;
                        }
                        if (extra != 0) {
                            return NONE;
                        }
                    }
                } else {
                    n = 0;
                    int d;
                    while (n < 8 && i + n < end && (d = b[i + n] - '0') >= 0 && d <= 9) {
                        if (n < room) {
                            if (++kept > 18) {
                                return NONE;
                            }
                            m = m * 10 + d;
                            fraction++;
                        } else if (d != 0) {
                            return NONE; // a non-zero digit beyond the scale
                        }
                        n++;
                    }
                    if (n == 0) {
                        break;
                    }
                }
                i += n;
            } while (n == 8 && i < end && b[i] >= '0' && b[i] <= '9'); // a ninth digit: read on
            if (i == fracStart) {
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

    /**
     * The shape venues send most, in two reads and no loop: at most seven integer digits, a point, and at most
     * eight fraction digits, all inside the frame, with room in the array for two eight-byte reads. Returns
     * {@link #NONE} when the text is not of that shape (the general loop then decides, with the same answers),
     * or when a digit beyond the scale is not zero.
     */
    private long shortDecimal(byte[] b, int i, int end, int scale) {
        long w = (long) LONGS.get(b, i);
        int n = digitRun(w);
        if (n == 0 || n == 8 || i + n >= end || b[i + n] != '.') {
            return NONE;
        }
        int f = i + n + 1;
        long x = (long) LONGS.get(b, f);
        int fn = digitRun(x);
        if (fn == 0 || f + fn > end || (fn == 8 && f + 8 < end && b[f + 8] >= '0' && b[f + 8] <= '9')) {
            return NONE; // "5.", past the frame, or more than eight fraction digits
        }
        int take = Math.min(fn, scale);
        if (take < fn) {
            long extra = (x ^ ZEROS) >>> (8 * take);
            if (fn - take < 8) {
                extra &= (1L << (8 * (fn - take))) - 1;
            }
            if (extra != 0) {
                return NONE;
            }
        }
        long whole = n <= 2 ? few(w, n) : eightDigits((w << (64 - 8 * n)) | (ZEROS >>> (8 * n)));
        long part = take == 0 ? 0 : take <= 2 ? few(x, take)
                : eightDigits(take == 8 ? x : (x << (64 - 8 * take)) | (ZEROS >>> (8 * take)));
        // at most 7 + 8 digits: no overflow before the scale's shift, which LIMIT guards
        long m = whole * POW10[take] + part;
        int shift = scale - take;
        if (shift > 18 || m > LIMIT[shift]) {
            return NONE;
        }
        pos = f + fn;
        return m * POW10[shift];
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;

    /**
     * How many of the eight bytes of {@code w} (the first in its low byte) are ASCII digits in a row. The high bit
     * of each byte that is not a digit: above '9' (+0x46 carries into bit 7), below '0' (-0x30 borrows), or not
     * ASCII; carries and borrows only reach later bytes, past the first non-digit, which is all that counts.
     */
    private static int digitRun(long w) {
        long nonDigit = ((w + 0x4646464646464646L) | (w - ZEROS) | w) & 0x8080808080808080L;
        return nonDigit == 0 ? 8 : Long.numberOfTrailingZeros(nonDigit) >>> 3;
    }

    /** The value of the first one or two ASCII digits of {@code w}: cheaper than the eight-digit conversion. */
    private static long few(long w, int n) {
        long d0 = (w & 0x0F);
        return n == 1 ? d0 : d0 * 10 + ((w >>> 8) & 0x0F);
    }

    /** The value of eight ASCII digits, the first in the low byte. */
    private static long eightDigits(long w) {
        w = (w & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8;
        w = (w & 0x00FF00FF00FF00FFL) * 6553601 >>> 16;
        return (w & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32;
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
