package io.xgate.venue.okx;

import io.vertx.core.json.JsonObject;
import io.xgate.book.BookRules;
import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.venue.Dialect;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.OrderLimitRules;
import io.xgate.venue.OrderProtocol;
import io.xgate.venue.ServerTimeEndpoint;
import io.xgate.venue.SessionRules;
import io.xgate.venue.SigningTool;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The OKX v5 dialect (protocol reference section 3, with the 2026 changes of 3.2a): {@code books} with the
 * {@code seqId}/{@code prevSeqId} chain and its documented exceptions, a REST bootstrap when no in-band snapshot
 * comes, the venue's CRC32 checked by the book verticle when it is not 0, {@code bbo-tbt} as the touch at the same
 * {@code seqId}, literal {@code ping}/{@code pong}, SPOT and SWAP instruments (SWAP sizes in contracts, converted to
 * base units), and {@code OK-ACCESS-*} signed orders with a passphrase.
 */
public final class OkxDialect implements Dialect {

    /** The dialect's name in venue files. */
    public static final String NAME = "okx";
    /** Levels of the {@code books} channel, the only book channel this dialect subscribes (its {@code bookDepth}). */
    public static final int BOOK_LEVELS = 400;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The public classes ({@code MARKET_BOOKS}, {@code PUBLIC}) are counted per IP: one budget for the
     * cluster; the trading classes per user and instrument, each node's own.
     */
    @Override
    public io.xgate.config.VenueConfig.RateLimit.Scope defaultScope(String limitClass) {
        return OkxProtocol.MARKET_BOOKS.equals(limitClass) || OkxProtocol.PUBLIC.equals(limitClass)
                ? io.xgate.config.VenueConfig.RateLimit.Scope.CLUSTER : io.xgate.config.VenueConfig.RateLimit.Scope.NODE;
    }

    @Override
    public void check(VenueConfig venue, Problems problems) {
        if (venue.bookDepth() != BOOK_LEVELS) {
            throw problems.at("bookDepth", "is " + venue.bookDepth() + "; the OKX dialect subscribes the books "
                    + "channel, which has " + BOOK_LEVELS + " levels: write bookDepth: " + BOOK_LEVELS);
        }
        VenueConfig.Credentials c = venue.credentials();
        if (c != null && c.passphrase() == null) {
            throw problems.at("credentials.passphrase", "is required by OKX (OK-ACCESS-PASSPHRASE) when credentials "
                    + "are given: {env: VARIABLE} or {file: /path}");
        }
        if (venue.websocket().pingInterval().compareTo(Duration.ofSeconds(30)) >= 0) {
            throw problems.at("websocket.pingInterval", "is " + venue.websocket().pingInterval() + "; OKX closes a "
                    + "connection silent for 30 s, so it must be below 30s");
        }
        for (Instrument i : venue.instruments().values()) {
            boolean swap = i.venueSymbol().endsWith("-SWAP");
            if (swap != i.perpetual()) {
                throw problems.at("symbols." + i.symbol(), "venueSymbol " + i.venueSymbol() + (swap
                        ? " is an OKX SWAP: write kind: perpetual and its contractSize (ctVal)"
                        : " is not an OKX SWAP (…-SWAP), but kind is perpetual"));
            }
        }
    }

    @Override
    public MarketDataProtocol marketData(VenueConfig venue, InstrumentMetadata metadata) {
        return new OkxProtocol(venue, metadata);
    }

    @Override
    public BookRules bookRules(VenueConfig venue) {
        Map<String, OkxContractSize> contracts = new HashMap<>();
        for (Instrument i : venue.instruments().values()) {
            if (i.perpetual()) {
                contracts.put(i.symbol(), new OkxContractSize(i.contractSize(), i.sizeScale()));
            }
        }
        // the books channel keeps 400 levels; the checksum (top 25, in the venue's contracts for a SWAP) is checked
        // when the venue sends one (0 means none); bbo-tbt shares the book's seqId
        return new BookRules(BOOK_LEVELS, () -> checksumFunction(contracts),
                BookRules.TouchRule.atSameSequence(OkxProtocol.BBO));
    }

    /** A book's OKX checksum, its sizes written in contracts when its instrument is a SWAP. */
    static ToLongFunction<OrderBook> checksumFunction(Map<String, OkxContractSize> contracts) {
        OkxChecksum checksum = new OkxChecksum();
        return book -> {
            try {
                return checksum.compute(book, contracts.get(book.symbol()));
            } catch (ArithmeticException e) {
                return Long.MIN_VALUE + 1; // not a number of contracts: cannot be the venue's book, never equal
            }
        };
    }

    @Override
    public SessionRules session(VenueConfig venue) {
        return new SessionRules(SessionRules.KeepAlive.APPLICATION, Duration.ofMillis(OkxProtocol.MAX_IDLE_MILLIS),
                null);
    }

    @Override
    public ServerTimeEndpoint serverTime() {
        return new ServerTimeEndpoint("/api/v5/public/time", OkxProtocol.PUBLIC, 1, 1, body -> {
            JsonObject o = new JsonObject(body);
            if (!"0".equals(String.valueOf(o.getValue("code")))) {
                throw new IllegalStateException("OKX answered code " + o.getValue("code") + ": " + o.getString("msg"));
            }
            return Long.parseLong(o.getJsonArray("data").getJsonObject(0).getString("ts"));
        });
    }

    @Override
    public OrderProtocol orders(VenueConfig venue) {
        return new OkxOrderProtocol(venue);
    }

    @Override
    public OrderLimitRules orderLimits(VenueConfig venue) {
        return new OkxOrderLimits();
    }

    @Override
    public SigningTool signing() {
        return new OkxSigningTool();
    }
}
