package io.xgate.sim.fuzz;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic mutations of valid frames, for the differential tests that hold each dialect's byte scanner to
 * its Jackson decoder: reordered keys, whitespace, escapes inside strings, exponent and huge numbers, signs and
 * leading zeros, truncations, random byte flips, digits changed, fields dropped or duplicated, strings turned
 * into numbers and back. Most mutants are still valid JSON, some are still valid frames, many are neither: the
 * scanner must read the first kind exactly as the decoder does and defer on everything it does not recognise.
 *
 * <p>The simulator's fuzz mode ({@link FuzzMutator}) uses it too, for the classic kinds.
 */
public final class FrameMutator {

    /** The kinds of mutation, for counting what a run covered. */
    public enum Kind {
        REORDER_KEYS, WHITESPACE, ESCAPE, EXPONENT, HUGE_NUMBER, SIGN, LEADING_ZERO, TRAILING_ZEROS, TRUNCATE,
        BYTE_FLIP, DIGIT, DROP_FIELD, DUPLICATE_FIELD, STRING_TO_NUMBER, NUMBER_TO_STRING, INSERT_BYTE, DELETE_BYTE
    }

    private static final Kind[] KINDS = Kind.values();
    private static final byte[] WHITESPACE = {' ', '\n', '\t', '\r'};
    private static final byte[] INTERESTING = {'"', ',', ':', '[', ']', '{', '}', '.', '-', '+', 'e', 'E', '0',
            '9', '\\', ' ', 'n', 't', 'f', 0, (byte) 0xC3, (byte) 0xFF};

    private final SplittableRandom random;
    private final int[] counts = new int[KINDS.length];

    /** A mutator whose sequence of mutants is fixed by {@code seed}. */
    public FrameMutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** How many mutants of each kind were made. */
    public int count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** One to three mutations of {@code frame}. */
    public byte[] mutate(byte[] frame) {
        byte[] out = frame;
        int n = 1 + (random.nextInt(4) == 0 ? random.nextInt(1, 3) : 0);
        for (int i = 0; i < n; i++) {
            Kind k = KINDS[random.nextInt(KINDS.length)];
            counts[k.ordinal()]++;
            out = apply(k, out);
        }
        return out;
    }

    private byte[] apply(Kind k, byte[] f) {
        switch (k) {
            case REORDER_KEYS:
                return tree(f, this::reorder);
            case DROP_FIELD:
                return tree(f, this::dropField);
            case DUPLICATE_FIELD:
                return duplicateField(f);
            case WHITESPACE:
                return insert(f, outsideString(f), WHITESPACE[random.nextInt(WHITESPACE.length)]);
            case ESCAPE:
                return escape(f);
            case EXPONENT:
                return replaceNumber(f, this::exponent);
            case HUGE_NUMBER:
                return replaceNumber(f, s -> "9".repeat(random.nextInt(17, 40)) + (random.nextBoolean() ? ""
                        : "." + "1".repeat(random.nextInt(1, 30))));
            case SIGN:
                return replaceNumber(f, s -> (random.nextBoolean() ? "-" : "+") + s);
            case LEADING_ZERO:
                return replaceNumber(f, s -> "0".repeat(random.nextInt(1, 3)) + s);
            case TRAILING_ZEROS:
                return replaceNumber(f, s -> (s.contains(".") ? s : s + ".") + "0".repeat(random.nextInt(1, 25)));
            case TRUNCATE:
                return f.length == 0 ? f : java.util.Arrays.copyOf(f, random.nextInt(f.length));
            case BYTE_FLIP: {
                if (f.length == 0) {
                    return f;
                }
                byte[] g = f.clone();
                int at = random.nextInt(g.length);
                g[at] = random.nextBoolean() ? (byte) (g[at] ^ (1 << random.nextInt(8)))
                        : INTERESTING[random.nextInt(INTERESTING.length)];
                return g;
            }
            case DIGIT:
                return digit(f);
            case STRING_TO_NUMBER:
                return unquoteNumber(f);
            case NUMBER_TO_STRING:
                return replaceNumber(f, s -> "\"" + s + "\"");
            case INSERT_BYTE:
                return insert(f, f.length == 0 ? 0 : random.nextInt(f.length + 1),
                        INTERESTING[random.nextInt(INTERESTING.length)]);
            case DELETE_BYTE: {
                if (f.length == 0) {
                    return f;
                }
                int at = random.nextInt(f.length);
                byte[] g = new byte[f.length - 1];
                System.arraycopy(f, 0, g, 0, at);
                System.arraycopy(f, at + 1, g, at, f.length - at - 1);
                return g;
            }
            default:
                throw new AssertionError(k);
        }
    }

    // ------------------------------------------------------------------------------------------------ tree edits

    private interface TreeEdit {
        void edit(Object container);
    }

    /** Parses (Vert.x's JSON, insertion-ordered), edits one object or array, and writes it back compact. */
    private byte[] tree(byte[] f, TreeEdit edit) {
        Object root;
        try {
            root = Json.decodeValue(new String(f, StandardCharsets.UTF_8));
        } catch (DecodeException | IllegalStateException e) {
            return f; // not JSON any more: nothing structural to change
        }
        List<Object> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return f;
        }
        edit.edit(containers.get(random.nextInt(containers.size())));
        return Json.encode(root).getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(Object n, List<Object> out) {
        if (n instanceof JsonObject o) {
            out.add(o);
            o.forEach(e -> collect(e.getValue(), out));
        } else if (n instanceof JsonArray a && !a.isEmpty()) {
            out.add(a);
            a.forEach(c -> collect(c, out));
        }
    }

    private void reorder(Object node) {
        if (node instanceof JsonObject o) {
            List<Map.Entry<String, Object>> fields = new ArrayList<>();
            o.forEach(fields::add);
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
            List<Map.Entry<String, Object>> copy = new ArrayList<>(fields);
            o.clear();
            copy.forEach(e -> o.put(e.getKey(), e.getValue()));
        } else if (node instanceof JsonArray a) {
            List<Object> items = new ArrayList<>(a.getList());
            Collections.shuffle(items, new java.util.Random(random.nextLong()));
            a.clear();
            items.forEach(a::add);
        }
    }

    private void dropField(Object node) {
        if (node instanceof JsonObject o && !o.isEmpty()) {
            List<String> names = new ArrayList<>(o.fieldNames());
            o.remove(names.get(random.nextInt(names.size())));
        } else if (node instanceof JsonArray a && !a.isEmpty()) {
            a.remove(random.nextInt(a.size()));
        }
    }

    /** A key repeated with another value: Jackson keeps the last, a careless scanner the first. */
    private byte[] duplicateField(byte[] f) {
        String s = new String(f, StandardCharsets.ISO_8859_1);
        int close = s.lastIndexOf('}');
        int key = s.indexOf("\"", Math.max(0, random.nextInt(Math.max(1, s.length()))));
        if (close <= 0 || key < 0 || key >= close) {
            return f;
        }
        int keyEnd = s.indexOf('"', key + 1);
        int colon = keyEnd < 0 ? -1 : s.indexOf(':', keyEnd);
        if (colon != keyEnd + 1) {
            return f;
        }
        int valueEnd = colon + 1;
        while (valueEnd < s.length() && ",}]".indexOf(s.charAt(valueEnd)) < 0) {
            valueEnd++;
        }
        String field = s.substring(key, valueEnd);
        String value = s.substring(colon + 1, valueEnd);
        String changed = value.matches("\"?[0-9.]+\"?") ? value.replaceFirst("[0-9]", String.valueOf(
                random.nextInt(10))) : value;
        String dup = s.substring(key, colon + 1) + changed;
        // insert the duplicate just before the object's closing brace, or right after the field
        String out = random.nextBoolean() ? s.substring(0, valueEnd) + "," + dup + s.substring(valueEnd)
                : s.substring(0, close) + "," + dup + s.substring(close);
        return field.isEmpty() ? f : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------------------------------------ byte edits

    private byte[] escape(byte[] f) {
        List<Integer> inside = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i < f.length; i++) {
            if (f[i] == '"') {
                in = !in;
            } else if (in && f[i] >= 0x20 && f[i] < 0x7F && f[i] != '\\') {
                inside.add(i);
            }
        }
        if (inside.isEmpty()) {
            return f;
        }
        int at = inside.get(random.nextInt(inside.size()));
        String esc = random.nextInt(4) == 0 ? "\\/" : String.format("\\u%04x", f[at] & 0xFF);
        byte[] e = esc.getBytes(StandardCharsets.US_ASCII);
        if (esc.equals("\\/") && f[at] != '/') {
            esc = String.format("\\u%04X", f[at] & 0xFF);
            e = esc.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] g = new byte[f.length - 1 + e.length];
        System.arraycopy(f, 0, g, 0, at);
        System.arraycopy(e, 0, g, at, e.length);
        System.arraycopy(f, at + 1, g, at + e.length, f.length - at - 1);
        return g;
    }

    private String exponent(String s) {
        String digits = s.replace(".", "");
        int point = s.indexOf('.');
        int fraction = point < 0 ? 0 : s.length() - point - 1;
        int shift = random.nextInt(0, 4);
        // digits * 10^-fraction == (digits followed by shift zeros) e-(fraction + shift)
        String e = random.nextBoolean() ? "e" : "E";
        return digits + "0".repeat(shift) + e + "-" + (fraction + shift);
    }

    /** Rewrites one number (a JSON number or the digits of a decimal string). */
    private byte[] replaceNumber(byte[] f, java.util.function.UnaryOperator<String> change) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if ((f[i] >= '0' && f[i] <= '9') && (i == 0 || !isNumberByte(f[i - 1]))) {
                int j = i;
                while (j < f.length && ((f[j] >= '0' && f[j] <= '9') || f[j] == '.')) {
                    j++;
                }
                spans.add(new int[] {i, j});
                i = j;
            }
        }
        if (spans.isEmpty()) {
            return f;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String old = new String(f, span[0], span[1] - span[0], StandardCharsets.US_ASCII);
        byte[] repl = change.apply(old).getBytes(StandardCharsets.US_ASCII);
        byte[] g = new byte[f.length - (span[1] - span[0]) + repl.length];
        System.arraycopy(f, 0, g, 0, span[0]);
        System.arraycopy(repl, 0, g, span[0], repl.length);
        System.arraycopy(f, span[1], g, span[0] + repl.length, f.length - span[1]);
        return g;
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                || c == '-' || c == '/';
    }

    private byte[] digit(byte[] f) {
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if (f[i] >= '0' && f[i] <= '9') {
                digits.add(i);
            }
        }
        if (digits.isEmpty()) {
            return f;
        }
        byte[] g = f.clone();
        g[digits.get(random.nextInt(digits.size()))] = (byte) ('0' + random.nextInt(10));
        return g;
    }

    /** {@code "60000.01"} becomes {@code 60000.01}. */
    private byte[] unquoteNumber(byte[] f) {
        String s = new String(f, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([0-9]+(\\.[0-9]+)?)\"").matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return f;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String out = s.substring(0, span[0]) + s.substring(span[0] + 1, span[1] - 1) + s.substring(span[1]);
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private int outsideString(byte[] f) {
        List<Integer> at = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i <= f.length; i++) {
            if (!in) {
                at.add(i);
            }
            if (i < f.length && f[i] == '"' && (i == 0 || f[i - 1] != '\\')) {
                in = !in;
            }
        }
        return at.get(random.nextInt(at.size()));
    }

    private static byte[] insert(byte[] f, int at, byte c) {
        byte[] g = new byte[f.length + 1];
        System.arraycopy(f, 0, g, 0, at);
        g[at] = c;
        System.arraycopy(f, at, g, at + 1, f.length - at);
        return g;
    }
}
