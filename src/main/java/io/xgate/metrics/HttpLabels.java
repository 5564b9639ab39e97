package io.xgate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the labels of Vert.x's HTTP meters ({@code vertx_http_server_*}, {@code vertx_http_client_*}) to closed
 * sets, whatever a client sends: a request with a made-up method name ({@code QWERTYUIOPASD / HTTP/1.1}) would
 * otherwise add a dozen permanent series, and a flood of them fills the heap and makes every scrape slower.
 *
 * <ul>
 *   <li>{@code method}: the nine methods of RFC 9110 and RFC 5789, anything else {@code OTHER};</li>
 *   <li>{@code code}: a status from 100 to 599, anything else {@code other};</li>
 *   <li>{@code path}: dropped (never a label: every distinct URL would be a series); {@code route} is the
 *       matched route's template, from the router's closed set, and is kept.</li>
 * </ul>
 */
public final class HttpLabels implements MeterFilter {

    /** The method label's values besides {@link #OTHER_METHOD}. */
    public static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");
    /** The method label of any method not in {@link #METHODS}. */
    public static final String OTHER_METHOD = "OTHER";
    private static final String PREFIX = "vertx.http.";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(PREFIX)) {
            return id;
        }
        List<Tag> tags = id.getTags();
        List<Tag> bounded = new ArrayList<>(tags.size());
        boolean changed = false;
        for (Tag t : tags) {
            Tag b = bound(t);
            changed |= b != t;
            if (b != null) {
                bounded.add(b);
            }
        }
        return changed ? id.replaceTags(bounded) : id;
    }

    /** The tag as kept: itself, another value, or {@code null} (dropped). */
    private static Tag bound(Tag t) {
        switch (t.getKey()) {
            case "method":
                return METHODS.contains(t.getValue()) ? t : Tag.of("method", OTHER_METHOD);
            case "code":
                return isStatus(t.getValue()) ? t : Tag.of("code", "other");
            case "path":
                return null;
            default:
                return t;
        }
    }

    private static boolean isStatus(String v) {
        if (v.length() != 3) {
            return false;
        }
        int c = (v.charAt(0) - '0') * 100 + (v.charAt(1) - '0') * 10 + (v.charAt(2) - '0');
        return v.chars().allMatch(ch -> ch >= '0' && ch <= '9') && c >= 100 && c <= 599;
    }
}
