package io.xgate.sim.kraken;

import io.xgate.num.Decimals;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum, from the documented recipe (protocol reference 2.3): the 10 best asks low to high, then
 * the 10 best bids high to low; for each level its price then its quantity, each written at the pair's full
 * precision (the very digits the simulated venue sends when it does not shorten a number), with the decimal point
 * removed and leading zeros stripped; CRC32 (IEEE) of the concatenation, read unsigned. Reuses its buffers: one per
 * simulated venue, on the simulator's context.
 */
public final class KrakenBookChecksum {

    /** Levels per side the checksum covers, whatever the subscribed depth. */
    public static final int LEVELS = 10;

    private final CRC32 crc = new CRC32();
    private final byte[] digits = new byte[Decimals.MAX_FORMATTED_LENGTH];

    /** The checksum of a view whose prices are at {@code priceScale} and quantities at {@code qtyScale}. */
    public long compute(KrakenDepthView view, int priceScale, int qtyScale) {
        crc.reset();
        side(view.asks(), priceScale, qtyScale);
        side(view.bids(), priceScale, qtyScale);
        return crc.getValue();
    }

    private void side(Map<Long, Long> levels, int priceScale, int qtyScale) {
        int k = 0;
        for (Map.Entry<Long, Long> e : levels.entrySet()) {
            if (k++ == LEVELS) {
                return;
            }
            number(e.getKey(), priceScale);
            number(e.getValue(), qtyScale);
        }
    }

    /** Feeds one number as the recipe writes it: full precision, no '.', no leading zeros. */
    private void number(long mantissa, int scale) {
        int n = Decimals.formatFixed(mantissa, scale, digits, 0);
        boolean leading = true;
        for (int k = 0; k < n; k++) {
            byte b = digits[k];
            if (b == '.' || leading && b == '0') {
                continue;
            }
            leading = false;
            crc.update(b);
        }
    }
}
