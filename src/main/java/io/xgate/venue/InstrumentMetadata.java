package io.xgate.venue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xgate.config.Instrument;
import io.xgate.num.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a venue says about its instruments (tick and lot sizes), cached with a time to live so that reconnects
 * and rotations do not fetch it again, and checked against the configuration: the book's fixed-point scales
 * come from the configured sizes, so a mismatch is worth a clear warning naming the venue, the symbol and both
 * values. Thread-safe (Caffeine).
 */
public final class InstrumentMetadata {

    private static final Logger LOG = LoggerFactory.getLogger(InstrumentMetadata.class);

    /** The venue's word on one instrument, as decimal text. */
    public record VenueInstrument(String venueSymbol, String tickSize, String lotSize) {
    }

    private final String venue;
    private final Cache<String, VenueInstrument> cache;

    /** A cache for one venue whose entries live for {@code ttl}. */
    public InstrumentMetadata(String venue, Duration ttl) {
        this.venue = venue;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    /** Whether the venue's word on this instrument is cached (no need to ask again). */
    public boolean known(Instrument i) {
        return cache.getIfPresent(i.symbol()) != null;
    }

    /**
     * Records what the venue says of an instrument and compares it with the configuration.
     *
     * @return {@code true} if they agree
     */
    public boolean check(Instrument configured, VenueInstrument said) {
        cache.put(configured.symbol(), said); // by canonical symbol: a spot pair and a perpetual may share a name
        boolean tickOk = same(said.tickSize(), configured.tick(), configured.priceScale());
        boolean lotOk = same(said.lotSize(), configured.lot(), configured.sizeScale());
        if (!tickOk) {
            LOG.warn("venue {} {}: tick size in the configuration is {}, the venue says {}; fix conf/venues/{}.yaml "
                    + "(prices finer than the configured tick would be refused)", venue, configured.symbol(),
                    configured.tickSize(), said.tickSize(), venue);
        }
        if (!lotOk) {
            LOG.warn("venue {} {}: lot size in the configuration is {}, the venue says {}; fix conf/venues/{}.yaml "
                    + "(sizes finer than the configured lot would be refused)", venue, configured.symbol(),
                    configured.lotSize(), said.lotSize(), venue);
        }
        if (tickOk && lotOk) {
            LOG.debug("venue {} {}: tick {} and lot {} confirmed by the venue", venue, configured.symbol(),
                    configured.tickSize(), configured.lotSize());
        }
        return tickOk && lotOk;
    }

    private static boolean same(String text, long mantissa, int scale) {
        try {
            return new BigDecimal(text.trim()).compareTo(Decimals.toBigDecimal(mantissa, scale)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
