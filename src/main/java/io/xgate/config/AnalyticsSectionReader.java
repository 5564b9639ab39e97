package io.xgate.config;

import io.xgate.analytics.CandleSpec;
import io.xgate.analytics.IndicatorSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the gateway file's {@code analytics} section into a {@link GatewayConfig.Analytics}. Candle specs and
 * indicators are parsed by {@link CandleSpec#parse} and {@link IndicatorSpec#parse}, whose messages (what was
 * wrong, what is accepted) become the configuration error at the key; a volume or value threshold must be
 * expressible at the scales of every instrument it applies to.
 */
final class AnalyticsSectionReader {

    private AnalyticsSectionReader() {
    }

    static GatewayConfig.Analytics read(YamlSection root, List<VenueConfig> venues, GatewayConfig.Node node) {
        YamlSection a = root.section("analytics");
        boolean enabled = a.bool("enabled", true);
        List<String> ids = venues.stream().map(VenueConfig::id).toList();
        List<String> aggregated = node.venues();
        List<String> given = a.strings("venues", false); // marks the key known even when absent
        if (a.has("venues")) {
            aggregated = given;
            for (String id : aggregated) {
                if (!ids.contains(id)) {
                    throw a.error("venues", "'" + id + "' is not one of the configured venues " + ids);
                }
            }
        }
        List<CandleSpec> candles = a.has("candles") ? specs(a, "candles")
                : GatewayConfig.Analytics.DEFAULT_CANDLES.stream().map(CandleSpec::parse).toList();
        a.strings("candles", false); // known even when absent, for the unknown-key hint
        Set<String> symbols = new LinkedHashSet<>();
        venues.forEach(v -> symbols.addAll(v.instruments().keySet()));
        Map<String, List<CandleSpec>> perSymbol = new LinkedHashMap<>();
        Map<String, YamlSection> symbolSections = a.namedSections("symbols", false);
        for (Map.Entry<String, YamlSection> e : symbolSections.entrySet()) {
            YamlSection s = e.getValue();
            if (!symbols.contains(e.getKey())) {
                throw s.error("'" + e.getKey() + "' is not quoted by any configured venue; symbols: " + symbols);
            }
            s.strings("candles", false);
            if (!s.has("candles")) {
                throw s.error("candles", "is required; expected a list of candle specs such as [1s, 1m, t100]");
            }
            perSymbol.put(e.getKey(), specs(s, "candles"));
            s.done();
        }
        Set<String> labels = new LinkedHashSet<>();
        candles.forEach(c -> labels.add(c.label()));
        perSymbol.values().forEach(l -> l.forEach(c -> labels.add(c.label())));
        Map<String, List<IndicatorSpec>> indicators = new LinkedHashMap<>();
        YamlSection ind = a.section("indicators");
        for (String spec : ind.keys()) {
            if (!labels.contains(spec)) {
                throw ind.error(spec, "'" + spec + "' is not a configured candle spec; configured: " + labels);
            }
            List<IndicatorSpec> list = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String text : ind.strings(spec, true)) {
                IndicatorSpec i;
                try {
                    i = IndicatorSpec.parse(text);
                } catch (IllegalArgumentException ex) {
                    throw ind.error(spec, ex.getMessage());
                }
                if (!seen.add(i.label())) {
                    throw ind.error(spec, "'" + text + "' is listed twice");
                }
                list.add(i);
            }
            indicators.put(spec, list);
        }
        ind.done();
        Duration grace = a.duration("grace", Duration.ofMillis(250));

        String empty = a.string("empty", "flat");
        boolean skip = switch (empty) {
            case "flat" -> false;
            case "skip" -> true;
            default -> throw a.error("empty", "is '" + empty + "'; expected flat (a bar at the previous close with "
                    + "volume 0 for an interval without trades) or skip (no bar)");
        };
        GatewayConfig.Analytics out = new GatewayConfig.Analytics(enabled, aggregated, candles, perSymbol, indicators,
                grace, skip, a.bool("storeTrades", false), a.integer("maxStoredTrades", 10_000, 1, 1_000_000),
                YamlSection.positive(a, "partialInterval", Duration.ofSeconds(1)),
                a.integer("history", 500, 1, 100_000), bookBars(a));
        for (VenueConfig v : venues) {
            for (Instrument i : v.instruments().values()) {
                YamlSection own = symbolSections.get(i.symbol());
                for (CandleSpec c : out.candlesOf(i.symbol())) {
                    expressible(own == null ? a : own, "candles", c, v, i);
                }
            }
        }
        a.done();
        return out;
    }

    private static List<CandleSpec> specs(YamlSection s, String key) {
        List<String> texts = s.strings(key, true);
        if (texts.isEmpty()) {
            throw s.error(key, "is empty; list at least one candle spec such as [1s, 1m], or set analytics.enabled: "
                    + "false");
        }
        List<CandleSpec> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String t : texts) {
            CandleSpec c;
            try {
                c = CandleSpec.parse(t);
            } catch (IllegalArgumentException e) {
                throw s.error(key, e.getMessage());
            }
            if (!seen.add(c.label())) {
                throw s.error(key, "'" + t + "' is listed twice");
            }
            out.add(c);
        }
        return out;
    }

    /** A volume threshold at the size scale, a value threshold at price + size scale, without rounding. */
    private static void expressible(YamlSection a, String key, CandleSpec c, VenueConfig v, Instrument i) {
        if (c.amount() == null) {
            return;
        }
        int scale = c.kind() == CandleSpec.Kind.VOLUME ? i.sizeScale() : i.priceScale() + i.sizeScale();
        BigDecimal scaled = c.amount().movePointRight(scale);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw a.error(key, "candle spec '" + c.label() + "' has more decimals than " + v.id() + " " + i.symbol()
                    + " can express (scale " + scale + ")");
        }
        if (scaled.toBigInteger().bitLength() > 62) {
            throw a.error(key, "candle spec '" + c.label() + "' is too large for " + v.id() + " " + i.symbol()
                    + " at scale " + scale);
        }
    }

    /** {@code bookBars}: the book-feature bars' length, 1 ms to 1 day, or {@code off}. */
    private static Duration bookBars(YamlSection a) {
        if ("off".equals(a.string("bookBars", null))) {
            return Duration.ZERO;
        }
        Duration d = a.duration("bookBars", Duration.ofSeconds(5));
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw a.error("bookBars", "is " + d + "; expected a duration from 1ms to 1d (bars aligned to the epoch), "
                    + "or off");
        }
        return d;
    }
}
