package io.xgate.sim.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * Whether bytes are one strict JSON value (Jackson's streaming parser with its default limits, nesting at most
 * 1,000 deep; UTF-8 checked; nothing after the value), reading the values of some keys on the way. Cheaper than
 * building a tree: the fuzz mode reads every mutant.
 */
final class JsonCheck {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonCheck() {
    }

    /**
     * @param keys   object keys whose scalar values to collect, at any depth
     * @param values receives each of their values' text (a number as written, a string's content)
     * @return whether the bytes are one well-formed JSON value
     */
    static boolean read(byte[] bytes, Set<String> keys, Set<String> values) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) {
                return false; // empty
            }
            int depth = 0;
            JsonToken t = p.currentToken();
            while (true) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t.isScalarValue() && !keys.isEmpty() && p.currentName() != null
                        && p.getParsingContext().inObject() && keys.contains(p.currentName())) {
                    values.add(p.getText());
                } else if (t == JsonToken.VALUE_STRING) {
                    p.getText(); // decodes it: invalid UTF-8 inside is found
                }
                if (depth == 0) {
                    break;
                }
                t = p.nextToken();
                if (t == null) {
                    return false; // truncated
                }
            }
            return p.nextToken() == null; // nothing after the value
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
