package io.xgate.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The admin API's bounded memory of event series (candles, indicator values, and any other per-series event such as
 * book bars): per series key, the newest {@code capacity} events, oldest first. Owned by the admin verticle's
 * context (not thread-safe). Memory is bounded by {@code capacity} times the number of keys, and the keys come from
 * the configuration, never from the events.
 *
 * @param <E> the event type
 */
final class SeriesHistory<E> {

    private final int capacity;
    private final Map<String, ArrayDeque<E>> series = new HashMap<>();

    /** A history keeping at most {@code capacity} events per series. */
    SeriesHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** The key of a series: its parts joined with '/'. */
    static String key(String... parts) {
        return String.join("/", parts);
    }

    /** Appends an event to a series, forgetting the oldest beyond the capacity. */
    void add(String key, E event) {
        ArrayDeque<E> q = series.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() == capacity) {
            q.removeFirst();
        }
        q.addLast(event);
    }

    /** The newest {@code limit} events of a series, oldest first; empty if none came yet. */
    List<E> last(String key, int limit) {
        ArrayDeque<E> q = series.get(key);
        if (q == null || q.isEmpty()) {
            return List.of();
        }
        List<E> out = new ArrayList<>(Math.min(limit, q.size()));
        for (Iterator<E> it = q.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next());
        }
        Collections.reverse(out);
        return out;
    }

    /** The most events a series keeps. */
    int capacity() {
        return capacity;
    }
}
