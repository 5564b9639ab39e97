package io.xgate.config;

import io.xgate.event.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway file's {@code journal} section into a {@link GatewayConfig.Journal}. Sizes take a unit
 * ({@code 256MiB}, {@code 10GiB}, {@code 512KiB}, or a plain number of bytes); {@code dir} is relative to the
 * working directory (it holds data, not configuration).
 */
final class JournalSectionReader {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(B|KiB|MiB|GiB|TiB)?");
    /** The journal's queue holds at most this many bytes ({@code JournalSettings}' own limit). */
    static final long MAX_QUEUE = 1L << 30;

    private JournalSectionReader() {
    }

    static GatewayConfig.Journal read(YamlSection root, Path gatewayFile) {
        GatewayConfig.Journal d = GatewayConfig.Journal.OFF;
        YamlSection j = root.section("journal");
        boolean enabled = j.bool("enabled", false);
        Path dir = j.filePath("dir", d.dir().toString());
        long segmentSize = size(j, "segmentSize", d.segmentSize(), 1L << 20, 1L << 30);
        YamlSection r = j.section("retention");
        long retentionBytes = size(r, "size", 0, 0, Long.MAX_VALUE);
        Duration retentionAge = r.has("age") ? YamlSection.positive(r, "age", null) : null;
        r.done();
        String fsync = j.string("fsync", d.fsync()).toLowerCase(Locale.ROOT);
        if (!List.of("never", "segment", "interval").contains(fsync)) {
            throw j.error("fsync", "is '" + fsync + "'; expected never (the OS decides), segment (on closing each "
                    + "segment) or interval (at most every fsyncInterval)");
        }
        Duration fsyncInterval = YamlSection.positive(j, "fsyncInterval", d.fsyncInterval());
        long queue = size(j, "queueSize", d.queueBytes(), 1L << 16, MAX_QUEUE);
        List<EventType> events = d.events();
        List<String> given = j.strings("events", false);
        if (j.has("events")) {
            events = new ArrayList<>();
            for (String e : given) {
                try {
                    EventType t = EventType.valueOf(e.trim().toUpperCase(Locale.ROOT));
                    if (!events.contains(t)) {
                        events.add(t);
                    }
                } catch (IllegalArgumentException x) {
                    throw j.error("events", "'" + e + "' is not an event type; expected some of "
                            + Arrays.toString(EventType.values()));
                }
            }
        }
        j.done();
        return new GatewayConfig.Journal(enabled, dir, segmentSize, retentionBytes, retentionAge, fsync,
                fsyncInterval, queue, events);
    }

    /** A size with an optional binary unit, within {@code [min, max]} bytes. */
    static long size(YamlSection s, String key, long dflt, long min, long max) {
        if (!s.has(key)) {
            return dflt;
        }
        String v = s.string(key).trim();
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw s.error(key, "'" + v + "' is not a size; expected a number of bytes or one with a unit, such as "
                    + "512KiB, 256MiB or 10GiB");
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        String tooLarge = "'" + v + "' is too large; expected at most " + max + " bytes";
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw s.error(key, tooLarge);
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw s.error(key, tooLarge);
        }
        long bytes = n << shift;
        if (bytes < min || bytes > max) {
            throw s.error(key, "is " + v + "; expected from " + min + " to " + max + " bytes");
        }
        return bytes;
    }
}
