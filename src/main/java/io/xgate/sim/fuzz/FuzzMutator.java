package io.xgate.sim.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fuzz mode's mutants of a venue's own valid frames: {@link FrameMutator}'s kinds (byte flips, truncations,
 * duplicated and reordered keys, huge numbers, signs, ...) and the kinds it lacks: nesting far deeper than any
 * parser allows, invalid UTF-8 inside a text message, binary WebSocket messages (the frame, or bytes that are no
 * text at all), frames about a symbol the venue does not list, and boundary numbers (a long's limits and one
 * past them, negatives, exponents beyond a double). Deterministic for a seed.
 */
public final class FuzzMutator {

    /** What was done to a frame. */
    public enum Kind {
        /** One to three of {@link FrameMutator}'s mutations. */
        CLASSIC,
        /** Ten thousand nested arrays inside the frame, balanced: valid JSON no parser takes that deep. */
        DEEP_NESTING,
        /** Ten thousand opening brackets that never close. */
        DEEP_UNBALANCED,
        /** An invalid UTF-8 sequence inside a string, sent as a text message (an empty text frame, then the bytes). */
        INVALID_UTF8,
        /** The frame, or a classic mutant of it, as a binary message. */
        BINARY_FRAME,
        /** Random bytes as a binary message. */
        BINARY_GARBAGE,
        /** The frame with its venue symbol replaced by one the venue does not list. */
        UNKNOWN_SYMBOL,
        /** One number replaced by a boundary value (a long's limits and past them, negatives, huge exponents). */
        BOUNDARY_NUMBER
    }

    /**
     * One mutant.
     *
     * @param bytes  what to send
     * @param binary whether it goes as a binary message (else text)
     * @param kind   how it was made
     */
    public record Mutant(byte[] bytes, boolean binary, Kind kind) {
    }

    /** Levels of nesting of {@link Kind#DEEP_NESTING}: ten times Jackson's default limit of 1,000. */
    public static final int DEEP = 10_000;

    private static final String[] BOUNDARY = {"9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "-1", "-0", "-0.00000001", "0.000000000000000000000000001",
        "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "99999999999999999999.99999999999999999999",
        "123456789012345678901234567890", "-99999999999999999999999999999"};
    /** Invalid UTF-8: a lone continuation byte, a truncated two-byte sequence, an overlong '/', a surrogate, 0xFF. */
    private static final byte[][] INVALID_UTF8 = {{(byte) 0x80}, {(byte) 0xC3, '('}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}};

    private final SplittableRandom random;
    private final FrameMutator classic;
    private final List<String> symbols;
    private final long[] counts = new long[Kind.values().length];

    /**
     * @param seed    fixes the sequence of mutants
     * @param symbols the venue's own symbols as its frames write them ({@code BTCUSDT}, {@code BTC/USDT}); their
     *                lower-case forms are replaced too (Binance's stream names)
     */
    public FuzzMutator(long seed, List<String> symbols) {
        this.random = new SplittableRandom(seed);
        this.classic = new FrameMutator(seed ^ 0x9E3779B97F4A7C15L);
        this.symbols = List.copyOf(symbols);
    }

    /** How many mutants of each kind were made. */
    public long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** The classic mutator (its own per-kind counts). */
    public FrameMutator classic() {
        return classic;
    }

    /** One mutant of a valid frame; about half are classic, the rest spread over the other kinds. */
    public Mutant mutate(String frame) {
        byte[] f = frame.getBytes(StandardCharsets.UTF_8);
        int r = random.nextInt(100);
        Mutant m;
        if (r < 50) {
            m = new Mutant(classic.mutate(f), false, Kind.CLASSIC);
        } else if (r < 54) {
            m = new Mutant(deep(f), false, Kind.DEEP_NESTING);
        } else if (r < 56) {
            m = new Mutant(unbalanced(f), false, Kind.DEEP_UNBALANCED);
        } else if (r < 66) {
            m = new Mutant(invalidUtf8(f), false, Kind.INVALID_UTF8);
        } else if (r < 74) {
            m = new Mutant(random.nextBoolean() ? f : classic.mutate(f), true, Kind.BINARY_FRAME);
        } else if (r < 76) {
            byte[] g = new byte[random.nextInt(1, 512)];
            random.nextBytes(g);
            m = new Mutant(g, true, Kind.BINARY_GARBAGE);
        } else if (r < 88) {
            byte[] g = unknownSymbol(frame);
            m = g == null ? new Mutant(classic.mutate(f), false, Kind.CLASSIC) : new Mutant(g, false,
                    Kind.UNKNOWN_SYMBOL);
        } else {
            m = new Mutant(boundary(f), false, Kind.BOUNDARY_NUMBER);
        }
        counts[m.kind().ordinal()]++;
        return m;
    }

    /** After the first '[' (or around the whole frame), {@link #DEEP} nested arrays: still valid JSON. */
    private static byte[] deep(byte[] f) {
        int at = indexOf(f, (byte) '[');
        StringBuilder nest = new StringBuilder(2 * DEEP + 1);
        nest.append("[".repeat(DEEP)).append("]".repeat(DEEP));
        if (at < 0) {
            return concat(nest.substring(0, DEEP).getBytes(StandardCharsets.US_ASCII), f,
                    nest.substring(DEEP).getBytes(StandardCharsets.US_ASCII));
        }
        if (at + 1 < f.length && f[at + 1] != ']') {
            nest.append(',');
        }
        return splice(f, at + 1, 0, nest.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link #DEEP} opening brackets where the first '[' was, and the rest of the frame after them. */
    private static byte[] unbalanced(byte[] f) {
        int at = Math.max(0, indexOf(f, (byte) '['));
        return splice(f, at, 0, "[".repeat(DEEP).getBytes(StandardCharsets.US_ASCII));
    }

    /** An invalid UTF-8 sequence inside a string value (or anywhere, if the frame has no string). */
    private byte[] invalidUtf8(byte[] f) {
        byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        int quotes = 0;
        for (byte b : f) {
            quotes += b == '"' ? 1 : 0;
        }
        if (quotes < 2) {
            return splice(f, random.nextInt(f.length + 1), 0, bad);
        }
        // just after an opening quote: the string's first character
        int pick = random.nextInt(quotes / 2);
        int seen = 0;
        for (int i = 0; i < f.length; i++) {
            if (f[i] == '"') {
                if (seen == 2 * pick) {
                    return splice(f, i + 1, 0, bad);
                }
                seen++;
            }
        }
        return splice(f, f.length, 0, bad);
    }

    /** The venue's symbols (and their lower-case forms) renamed to ones it does not list; null if none occurs. */
    private byte[] unknownSymbol(String frame) {
        String out = frame;
        for (String s : symbols) {
            out = out.replace(s, "ZZ" + s).replace(s.toLowerCase(Locale.ROOT), "zz" + s.toLowerCase(Locale.ROOT));
        }
        return out.equals(frame) ? null : out.getBytes(StandardCharsets.UTF_8);
    }

    /** One run of digits (a number or the digits of a decimal string) replaced by a boundary value. */
    private byte[] boundary(byte[] f) {
        int runs = 0;
        for (int i = 0; i < f.length; i++) {
            if (isDigit(f[i]) && (i == 0 || !isDigit(f[i - 1]) && f[i - 1] != '.')) {
                runs++;
            }
        }
        byte[] value = BOUNDARY[random.nextInt(BOUNDARY.length)].getBytes(StandardCharsets.US_ASCII);
        if (runs == 0) {
            return f;
        }
        int pick = random.nextInt(runs);
        for (int i = 0, n = 0; i < f.length; i++) {
            if (isDigit(f[i]) && (i == 0 || !isDigit(f[i - 1]) && f[i - 1] != '.')) {
                if (n++ == pick) {
                    int j = i;
                    while (j < f.length && (isDigit(f[j]) || f[j] == '.')) {
                        j++;
                    }
                    int from = i > 0 && f[i - 1] == '-' ? i - 1 : i;
                    return splice(f, from, j - from, value);
                }
            }
        }
        return f;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int indexOf(byte[] f, byte c) {
        for (int i = 0; i < f.length; i++) {
            if (f[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code f} with {@code remove} bytes at {@code at} replaced by {@code insert}. */
    private static byte[] splice(byte[] f, int at, int remove, byte[] insert) {
        byte[] g = new byte[f.length - remove + insert.length];
        System.arraycopy(f, 0, g, 0, at);
        System.arraycopy(insert, 0, g, at, insert.length);
        System.arraycopy(f, at + remove, g, at + insert.length, f.length - at - remove);
        return g;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] g = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, g, 0, a.length);
        System.arraycopy(b, 0, g, a.length, b.length);
        System.arraycopy(c, 0, g, a.length + b.length, c.length);
        return g;
    }
}
