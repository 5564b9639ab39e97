package io.xgate.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.event.Event;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Any event as one JSON object: {@code type}, then every field of its record by name, prices and sizes as the
 * mantissas they are on the wire (with their scales), enums by name, level arrays as arrays. For {@code xgate
 * tail} and debugging; not the hot path.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event as JSON. */
    public static JsonObject toJson(Event e) {
        JsonObject o = new JsonObject().put("type", e.type().name());
        fields((Record) e, o); // every event is a record (the sealed interface permits only records)
        return o;
    }

    private static void fields(Record r, JsonObject o) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                o.put(c.getName(), value(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), ex);
            }
        }
    }

    private static Object value(Object v) {
        if (v instanceof long[] a) {
            JsonArray out = new JsonArray();
            for (long x : a) {
                out.add(x);
            }
            return out;
        } else if (v instanceof Enum<?> en) {
            return en.name();
        } else if (v instanceof Record r) {
            JsonObject o = new JsonObject();
            fields(r, o);
            return o;
        } else if (v instanceof List<?> list) {
            JsonArray out = new JsonArray();
            list.forEach(x -> out.add(value(x)));
            return out;
        }
        return v;
    }
}
