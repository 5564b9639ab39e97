package io.xgate.venue.bybit;

import io.vertx.core.json.JsonObject;
import io.xgate.book.BookRules;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.venue.ConnectionGroup;
import io.xgate.venue.Dialect;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.OrderLimitRules;
import io.xgate.venue.OrderProtocol;
import io.xgate.venue.ServerTimeEndpoint;
import io.xgate.venue.SessionRules;
import io.xgate.venue.SigningTool;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Bybit v5 dialect (protocol reference section 4). One venue file holds spot and USDT-perpetual instruments;
 * Bybit serves them on two public endpoints ({@code <websocket.url>/spot} and {@code <websocket.url>/linear}), so
 * the venue has one {@link ConnectionGroup} per kind that it quotes. Books are {@code orderbook.{bookDepth}}
 * (snapshot, then deltas with {@code u}; any snapshot resets, {@code u == 1} overwrites, a stale {@code u} is
 * dropped; no checksum), truncated to the depth; {@code orderbook.1} is the venue's touch, compared with the book at
 * the same cross sequence {@code seq}, which both carry as their venue sequence. Application pings
 * ({@code {"op":"ping"}}) every 20 s at most. Orders are signed with {@code X-BAPI-*} headers; new orders keep
 * Bybit's rolling per-second limit as a sliding window ({@code ORDERS}), and the venue's own count reconciles it:
 * {@code X-Bapi-Limit-Status: 0} or a {@code 10006} holds new orders until {@code X-Bapi-Limit-Reset-Timestamp}.
 * HTTP 403 (too many requests from the IP) is a ban of at least 10 minutes.
 */
public final class BybitDialect implements Dialect {

    /** The dialect's name in venue files. */
    public static final String NAME = "bybit";
    /** The IP-wide HTTP limit class (600 requests per 5 s): every REST request costs 1. */
    public static final String IP = "IP";
    /** Bybit recommends a ping every 20 s. */
    static final Duration MAX_PING_INTERVAL = Duration.ofSeconds(20);
    /** After a 403 Bybit asks to wait at least 10 minutes. */
    static final long BAN_MILLIS = Duration.ofMinutes(10).toMillis();

    @Override
    public String name() {
        return NAME;
    }

    /** {@code IP} is counted per IP: one budget for the cluster; {@code ORDERS} per UID, each node's own. */
    @Override
    public io.xgate.config.VenueConfig.RateLimit.Scope defaultScope(String limitClass) {
        return IP.equals(limitClass) ? io.xgate.config.VenueConfig.RateLimit.Scope.CLUSTER : io.xgate.config.VenueConfig.RateLimit.Scope.NODE;
    }

    @Override
    public void check(VenueConfig venue, Problems problems) {
        try {
            BybitBookSync.validateDepth(venue.bookDepth());
        } catch (IllegalArgumentException e) {
            throw problems.at("bookDepth", "is " + venue.bookDepth() + "; Bybit's orderbook topic accepts one of "
                    + "1, 50, 200, 1000");
        }
    }

    /** The category of an instrument: {@code spot} or {@code linear} (USDT perpetuals). */
    static String category(Instrument i) {
        return i.perpetual() ? "linear" : "spot";
    }

    /**
     * One group per category the venue quotes: {@code spot} on {@code <websocket.url>/spot}, {@code linear} on
     * {@code <websocket.url>/linear} ({@code websocket.url} is the public base, {@code wss://stream.bybit.com/v5/public};
     * a trailing {@code /spot} or {@code /linear} is ignored).
     */
    @Override
    public List<ConnectionGroup> connectionGroups(VenueConfig venue) {
        String base = publicBase(venue.websocket().url());
        List<ConnectionGroup> groups = new ArrayList<>();
        for (String category : List.of("spot", "linear")) {
            List<Instrument> mine = venue.instruments().values().stream()
                    .filter(i -> category(i).equals(category)).toList();
            if (!mine.isEmpty()) {
                groups.add(ConnectionGroup.of(category, venue, mine, URI.create(base + "/" + category)));
            }
        }
        return groups;
    }

    static String publicBase(URI url) {
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (String suffix : List.of("/spot", "/linear")) {
            if (s.endsWith(suffix)) {
                return s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    @Override
    public MarketDataProtocol marketData(VenueConfig venue, InstrumentMetadata metadata) {
        return new BybitProtocol(venue, metadata);
    }

    @Override
    public BookRules bookRules(VenueConfig venue) {
        // no checksum; the venue serves a depth-limited book; orderbook.1 agrees with it at the same seq
        return new BookRules(venue.bookDepth(), null, venue.bookDepth() == 1 ? BookRules.TouchRule.NONE
                : BookRules.TouchRule.atSameSequence("orderbook.1"));
    }

    @Override
    public SessionRules session(VenueConfig venue) {
        return new SessionRules(SessionRules.KeepAlive.APPLICATION, MAX_PING_INTERVAL, null);
    }

    @Override
    public Map<Integer, Long> banStatuses() {
        return Map.of(403, BAN_MILLIS, 418, 0L);
    }

    @Override
    public ServerTimeEndpoint serverTime() {
        return new ServerTimeEndpoint("/v5/market/time", IP, 1, 1, body -> {
            JsonObject o = new JsonObject(body);
            if (o.getInteger("retCode", -1) != 0) {
                throw new IllegalStateException("Bybit answered retCode " + o.getValue("retCode") + ": "
                        + o.getString("retMsg"));
            }
            JsonObject r = o.getJsonObject("result");
            Object nanos = r == null ? null : r.getValue("timeNano");
            return nanos != null ? Long.parseLong(nanos.toString()) / 1_000_000 : o.getLong("time");
        });
    }

    @Override
    public OrderProtocol orders(VenueConfig venue) {
        return new BybitOrderProtocol(venue);
    }

    @Override
    public OrderLimitRules orderLimits(VenueConfig venue) {
        return new BybitOrderLimits(venue);
    }

    @Override
    public SigningTool signing() {
        return new BybitSigningTool();
    }
}
