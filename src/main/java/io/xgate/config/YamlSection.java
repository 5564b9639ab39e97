package io.xgate.config;

import io.xgate.num.DecimalParseException;
import io.xgate.num.Decimals;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping being read into typed configuration, with the file, line and dotted key path at hand for
 * every error. Each getter marks its key as known; {@link #done()} then refuses any key nobody asked for, so
 * a typo is an error and not a silently ignored setting.
 *
 * <p>Built on SnakeYAML's node API (not its object binding) because the nodes keep their line numbers.
 */
final class YamlSection {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h|d)");
    /** A whole number as YAML writes one: ASCII digits, optionally signed, with {@code _} separators. */
    private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9][0-9_]*");
    /**
     * A number as YAML writes one: decimal digits with an optional fraction and exponent; not Java's own forms that
     * {@link Double#parseDouble} also takes ({@code 10d}, {@code 5f}, hexadecimal {@code 0x1p3}, {@code NaN},
     * {@code Infinity}), so that a unit or a typo is not silently dropped.
     */
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[-+]?([0-9][0-9_]*)?(\\.[0-9]*)?([eE][-+]?[0-9]+)?");

    private final Path file;
    private final String path;
    /** Line of the mapping (or, for an absent section, of its parent). */
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    private YamlSection(Path file, String path, MappingNode node, int line) {
        this.file = file;
        this.path = path;
        this.line = line;
        if (node == null) {
            return;
        }
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(file, line(t.getKeyNode()), path, "keys must be plain names");
            }
            if (entries.put(k.getValue(), t) != null) {
                throw new ConfigException(file, line(k), key(k.getValue()), "is given twice");
            }
        }
    }

    /** Reads a whole file, which must hold one mapping. */
    static YamlSection load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "", "file not found (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read: " + e);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(4 * 1024 * 1024);
        Node root;
        try (Reader r = new java.io.StringReader(text)) {
            root = new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file, problemLine(e), "", "not valid YAML: " + e.getProblem()
                    + (e.getContext() == null || e.getContextMark() == null ? ""
                    : " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")"));
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            throw new ConfigException(file, lineAt(text, e.getPosition()), "", "not valid YAML: character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in a YAML file; remove it");
        } catch (YAMLException | IOException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(file, 0, "", "the file is empty; expected a mapping of settings");
        }
        if (!(root instanceof MappingNode m)) {
            throw new ConfigException(file, line(root), "", "expected a mapping of settings at the top level");
        }
        return new YamlSection(file, "", m, line(m));
    }

    Path file() {
        return file;
    }

    int line() {
        return line;
    }

    String path() {
        return path;
    }

    /** The keys present, in file order. */
    Set<String> keys() {
        return entries.keySet();
    }

    /**
     * Whether the key is given a value: present and not empty ({@code ~}, {@code null} and {@code ""} mean "not
     * given", as they do for every getter, so a required key given empty is refused as missing). Asking marks the key
     * known, like a getter: a key a reader reads only when present ({@code ha.nodeId}, {@code admin.token},
     * {@code credentials.passphrase}) is listed in the unknown-key error too.
     */
    boolean has(String key) {
        known.add(key);
        NodeTuple t = entries.get(key);
        return t != null && !(t.getValueNode() instanceof ScalarNode s && isEmpty(s.getValue()));
    }

    /**
     * A failure at this section's key {@code key}: at its value's line, or for a mapping or a list written below its
     * key, at the key's line.
     */
    ConfigException error(String key, String problem) {
        NodeTuple t = entries.get(key);
        return new ConfigException(file, t == null ? line : t.getValueNode() instanceof ScalarNode
                ? line(t.getValueNode()) : line(t.getKeyNode()), key(key), problem);
    }

    /** A failure about this section as a whole. */
    ConfigException error(String problem) {
        return new ConfigException(file, line, path, problem);
    }

    // ----------------------------------------------------------------------------------------------- scalars

    String string(String key) {
        return scalar(key, true, "a text value");
    }

    String string(String key, String dflt) {
        String v = scalar(key, false, "a text value");
        return v == null ? dflt : v;
    }

    /** A file or folder path, as written; {@code dflt} when absent. */
    Path filePath(String key, String dflt) {
        String v = scalar(key, dflt == null, "a file path");
        String text = v == null ? dflt : v;
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw error(key, "'" + text + "' is not a file path: " + e.getReason());
        }
    }

    int integer(String key, int dflt, int min, int max) {
        return (int) longValue(key, dflt, min, max);
    }

    long longValue(String key, long dflt, long min, long max) {
        String v = scalar(key, false, "a whole number from " + min + " to " + max);
        if (v == null) {
            return dflt;
        }
        try {
            if (!WHOLE.matcher(v).matches()) {
                throw new NumberFormatException(v);
            }
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                throw error(key, "is " + v + "; expected a whole number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error(key, "'" + v + "' is not a whole number; expected one from " + min + " to " + max);
        }
    }

    double number(String key, double dflt, double min, double max) {
        String v = scalar(key, false, "a number from " + min + " to " + max);
        if (v == null) {
            return dflt;
        }
        double d;
        try {
            if (!DECIMAL_NUMBER.matcher(v).matches() || !v.matches(".*[0-9].*")) {
                throw new NumberFormatException(v);
            }
            d = Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "'" + v + "' is not a number; expected one from " + min + " to " + max);
        }
        if (!(d >= min && d <= max)) {
            throw error(key, "is " + v + "; expected a number from " + min + " to " + max);
        }
        return d;
    }

    boolean bool(String key, boolean dflt) {
        String v = scalar(key, false, "true or false");
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw error(key, "'" + v + "' is not a boolean; expected true or false");
        }
    }

    /** A duration such as {@code 250ms}, {@code 5s}, {@code 1m}, {@code 23h}, {@code 1d}. */
    Duration duration(String key, Duration dflt) {
        String v = scalar(key, false, "a duration such as 250ms, 5s, 1m, 23h");
        if (v == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            throw error(key, "'" + v + "' is not a duration; expected a whole number and a unit: ms, s, m, h or d "
                    + "(e.g. 250ms, 5s, 23h)");
        }
        // every duration is used in nanoseconds somewhere (timers, clocks): anything longer is refused here, not
        // found later as a "long overflow" at start-up
        String tooLong = "'" + v + "' is too long; at most " + MAX_DURATION.toDays() + "d (292 years)";
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw error(key, tooLong);
        }
        Duration d;
        try {
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException e) {
            throw error(key, tooLong);
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw error(key, tooLong);
        }
        return d;
    }

    /**
     * The line to blame: where the parser noticed, except for an unclosed quote, bracket or brace, which it notices
     * only lines later (at the next key, or the end of the file): then the line that opened it.
     */
    static int problemLine(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext();
        if (e.getContextMark() != null && (context.contains("flow") || context.contains("quoted"))) {
            return e.getContextMark().getLine() + 1;
        }
        return e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
    }

    /** The 1-based line of the code point at {@code position} of {@code text}. */
    private static int lineAt(String text, int position) {
        int line = 1;
        for (int i = 0, cp = 0; i < text.length() && cp < position; i += Character.charCount(text.codePointAt(i)), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The longest duration a key takes: what a {@code long} of nanoseconds holds, in whole days. */
    static final Duration MAX_DURATION = Duration.ofDays(Duration.ofNanos(Long.MAX_VALUE).toDays());

    /** A duration of {@code s}'s {@code key} that must be longer than zero; {@code dflt} when absent. */
    static Duration positive(YamlSection s, String key, Duration dflt) {
        Duration d = s.duration(key, dflt);
        if (d != null && (d.isZero() || d.isNegative())) {
            throw s.error(key, "must be longer than zero");
        }
        return d;
    }

    /**
     * A positive decimal given as text (quote it in YAML: {@code "0.01"}), with the scale being its number of
     * decimals.
     */
    ScaledDecimal positiveDecimal(String key) {
        String v = string(key);
        String trimmed = v.trim();
        int dot = trimmed.indexOf('.');
        int scale = dot < 0 ? 0 : trimmed.length() - dot - 1;
        // a tick of 0.010 means 0.01: drop trailing zeros so the scale is the meaningful one
        while (scale > 0 && trimmed.endsWith("0")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
            scale--;
        }
        if (scale > Decimals.MAX_SCALE) {
            throw error(key, "'" + v + "' has more than " + Decimals.MAX_SCALE + " decimals");
        }
        long mantissa;
        try {
            mantissa = Decimals.parse(trimmed, scale);
        } catch (DecimalParseException e) {
            throw error(key, "'" + v + "' is not a decimal number; expected e.g. \"0.01\"");
        }
        if (mantissa <= 0) {
            throw error(key, "is " + v + "; expected a positive decimal such as \"0.01\"");
        }
        return new ScaledDecimal(mantissa, scale);
    }

    private String scalar(String key, boolean required, String expected) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                throw new ConfigException(file, line, key(key), "is required; expected " + expected);
            }
            return null;
        }
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s)) {
            throw new ConfigException(file, line(v), key(key), "expected " + expected + ", not a "
                    + (v instanceof MappingNode ? "mapping" : "list"));
        }
        String text = s.getValue();
        if (isEmpty(text)) {
            if (required) {
                throw new ConfigException(file, line(v), key(key), "is empty; expected " + expected);
            }
            return null;
        }
        if (text.length() > MAX_SCALAR) {
            throw new ConfigException(file, line(v), key(key), "is " + text.length() + " characters long ('"
                    + text.substring(0, 20) + "...'); expected " + expected + " (at most " + MAX_SCALAR + " characters)");
        }
        return text;
    }

    /** The longest value a key takes: a value is a number, a name, a duration, a URL or a path. */
    static final int MAX_SCALAR = 1024;

    private static boolean isEmpty(String text) {
        return text.isEmpty() || "null".equals(text) || "~".equals(text);
    }

    // --------------------------------------------------------------------------------------------- structure

    /** A nested mapping; an absent key gives an empty section (so defaults apply). */
    YamlSection section(String key) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return new YamlSection(file, key(key), null, line);
        }
        Node v = t.getValueNode();
        if (!(v instanceof MappingNode m)) {
            throw new ConfigException(file, line(v), key(key), "expected a mapping of settings");
        }
        // the section's own errors (a required key missing) point at its key's line
        return new YamlSection(file, key(key), m, line(t.getKeyNode()));
    }

    /** A mapping whose keys are names chosen by the user (e.g. symbols); each value is a section. */
    Map<String, YamlSection> namedSections(String key, boolean required) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                throw new ConfigException(file, line, key(key), "is required");
            }
            return Map.of();
        }
        Node v = t.getValueNode();
        if (!(v instanceof MappingNode m)) {
            throw new ConfigException(file, line(v), key(key), "expected a mapping of names to settings");
        }
        YamlSection named = new YamlSection(file, key(key), m, line(t.getKeyNode()));
        Map<String, YamlSection> out = new LinkedHashMap<>();
        for (String name : named.entries.keySet()) {
            out.put(name, named.section(name));
        }
        return out;
    }

    /** A list of text values. */
    List<String> strings(String key, boolean required) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                throw new ConfigException(file, line, key(key), "is required; expected a list");
            }
            return List.of();
        }
        Node v = t.getValueNode();
        if (!(v instanceof SequenceNode seq)) {
            throw new ConfigException(file, line(v), key(key), "expected a list such as [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || s.getValue().isEmpty()) {
                throw new ConfigException(file, line(item), key(key), "expected a list of names");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /** A list of mappings. */
    List<YamlSection> sections(String key) {
        known.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return List.of();
        }
        Node v = t.getValueNode();
        if (!(v instanceof SequenceNode seq)) {
            throw new ConfigException(file, line(v), key(key), "expected a list of mappings");
        }
        List<YamlSection> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode m)) {
                throw new ConfigException(file, line(item), key(key) + "[" + i + "]", "expected a mapping");
            }
            out.add(new YamlSection(file, key(key) + "[" + i + "]", m, line(m)));
            i++;
        }
        return out;
    }

    /** Refuses keys that no getter asked for: they are typos or settings from another version. */
    void done() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = closest(e.getKey());
                throw new ConfigException(file, line(e.getValue().getKeyNode()), key(e.getKey()),
                        "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                                + "; expected one of: " + String.join(", ", known));
            }
        }
    }

    private String closest(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
