package io.xgate.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A configuration file as a tree that a test can change one value of and write back out, knowing the line every key
 * lands on. Mappings are {@code LinkedHashMap}s, lists of mappings are {@code List}s of them, and every other value
 * is kept as its raw YAML text (a list of names is its flow text {@code [a, b]}), so that a test can put any text
 * at all in a value's place. Written in block style, one key per line.
 */
final class ConfigTree {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    final Map<String, Object> root;

    private ConfigTree(Map<String, Object> root) {
        this.root = root;
    }

    /** Reads YAML text into a tree. */
    static ConfigTree parse(String yaml) {
        Node n;
        try (StringReader r = new StringReader(yaml)) {
            n = new Yaml(new LoaderOptions()).compose(r);
        }
        return new ConfigTree(mapping((MappingNode) n));
    }

    @SuppressWarnings("unchecked")
    ConfigTree copy() {
        return new ConfigTree((Map<String, Object>) deepCopy(root));
    }

    /** The value at {@code path} replaced by raw YAML text {@code raw} (the key added if absent). */
    ConfigTree with(List<String> path, Object raw) {
        ConfigTree c = copy();
        Object parent = c.root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i));
            if (parent == null) {
                throw new IllegalArgumentException("no " + path + " in the tree");
            }
        }
        String last = path.get(path.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mm = (Map<String, Object>) m;
            mm.put(last, raw);
        } else {
            throw new IllegalArgumentException(path + " is not in a mapping");
        }
        return c;
    }

    /** The value at {@code path}, or null. */
    Object at(List<String> path) {
        Object o = root;
        for (String s : path) {
            o = child(o, s);
            if (o == null) {
                return null;
            }
        }
        return o;
    }

    /** Writes the tree; {@code lines} receives each dotted key path's 1-based line. */
    String write(Map<String, Integer> lines) {
        LineBuilder sb = new LineBuilder();
        sb.append("# written by ConfigTree\n");
        writeMapping(root, 0, "", sb, lines);
        return sb.toString();
    }

    /** Text appended in whole lines, counting them. */
    private static final class LineBuilder {
        private final StringBuilder sb = new StringBuilder();
        private int lines = 1;

        LineBuilder append(String s) {
            sb.append(s);
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    lines++;
                }
            }
            return this;
        }

        LineBuilder append(Object o) {
            return append(String.valueOf(o));
        }

        LineBuilder append(char c) {
            return append(String.valueOf(c));
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    /** Every mapping's dotted path with its segments, depth first ({@code ""} is the root). */
    List<List<String>> mappings() {
        List<List<String>> out = new ArrayList<>();
        collect(root, new ArrayList<>(), out);
        return out;
    }

    /** The dotted path the configuration reader names a key by: {@code rateLimits[0].limit}. */
    static String dotted(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String s : path) {
            if (!s.startsWith("[") && sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** A value as a double-quoted YAML scalar. */
    static String quoted(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff
                            || Character.isSurrogate(ch) || ch >= 0xfffe) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void collect(Object o, List<String> path, List<List<String>> out) {
        if (o instanceof Map<?, ?> m) {
            out.add(List.copyOf(path));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                path.add((String) e.getKey());
                collect(e.getValue(), path, out);
                path.remove(path.size() - 1);
            }
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                path.add("[" + i + "]");
                collect(l.get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Object child(Object parent, String segment) {
        if (segment.startsWith("[") && parent instanceof List<?> l) {
            int i = Integer.parseInt(segment.substring(1, segment.length() - 1));
            return i < l.size() ? l.get(i) : null;
        }
        return parent instanceof Map<?, ?> m ? m.get(segment) : null;
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put((String) k, deepCopy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return o;
    }

    /** The 1-based line the builder's next character goes on. */
    private static int lineOf(LineBuilder sb) {
        return sb.lines;
    }

    private static void writeMapping(Map<String, Object> m, int indent, String path, LineBuilder sb,
                                     Map<String, Integer> lines) {
        String pad = " ".repeat(indent);
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            String p = path.isEmpty() ? k : path + "." + k;
            lines.put(p, lineOf(sb));
            String key = PLAIN_KEY.matcher(k).matches() ? k : quoted(k);
            Object v = e.getValue();
            if (v instanceof Map<?, ?> child) {
                if (child.isEmpty()) {
                    sb.append(pad).append(key).append(": {}\n");
                } else {
                    sb.append(pad).append(key).append(":\n");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> cm = (Map<String, Object>) child;
                    writeMapping(cm, indent + 2, p, sb, lines);
                }
            } else if (v instanceof List<?> list) {
                sb.append(pad).append(key).append(":\n");
                for (int i = 0; i < list.size(); i++) {
                    lines.put(p + "[" + i + "]", lineOf(sb) + 1);
                    sb.append(pad).append("  -\n");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> item = (Map<String, Object>) list.get(i);
                    writeMapping(item, indent + 4, p + "[" + i + "]", sb, lines);
                }
            } else {
                sb.append(pad).append(key).append(": ").append(v).append('\n');
            }
        }
    }

    private static Map<String, Object> mapping(MappingNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : n.getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            out.put(k, value(t.getValueNode()));
        }
        return out;
    }

    private static Object value(Node v) {
        if (v instanceof MappingNode m) {
            return mapping(m);
        }
        if (v instanceof SequenceNode s) {
            if (!s.getValue().isEmpty() && s.getValue().get(0) instanceof MappingNode) {
                List<Object> items = new ArrayList<>();
                s.getValue().forEach(i -> items.add(mapping((MappingNode) i)));
                return items;
            }
            List<String> items = new ArrayList<>();
            s.getValue().forEach(i -> items.add(scalar((ScalarNode) i)));
            return "[" + String.join(", ", items) + "]";
        }
        return scalar((ScalarNode) v);
    }

    private static String scalar(ScalarNode s) {
        return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? s.getValue() : quoted(s.getValue());
    }
}
