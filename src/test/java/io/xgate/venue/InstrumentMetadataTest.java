package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstrumentMetadataTest {

    private final Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1); // tick 0.01, lot 0.00001

    @Test
    void agreementWhateverTheVenuesNotation() {
        InstrumentMetadata m = new InstrumentMetadata("binance", Duration.ofHours(1));
        assertFalse(m.known(btc));
        assertTrue(m.check(btc, new InstrumentMetadata.VenueInstrument("BTCUSDT", "0.01000000", "0.00001000")));
        assertTrue(m.known(btc), "cached");
        assertTrue(m.check(btc, new InstrumentMetadata.VenueInstrument("BTCUSDT", "0.01", "1e-05")));
    }

    @Test
    void aMismatchIsReported() {
        InstrumentMetadata m = new InstrumentMetadata("binance", Duration.ofHours(1));
        assertFalse(m.check(btc, new InstrumentMetadata.VenueInstrument("BTCUSDT", "0.10000000", "0.00001000")));
        assertFalse(m.check(btc, new InstrumentMetadata.VenueInstrument("BTCUSDT", "0.01", "0.001")));
        assertFalse(m.check(btc, new InstrumentMetadata.VenueInstrument("BTCUSDT", "garbage", "0.00001")));
    }
}
