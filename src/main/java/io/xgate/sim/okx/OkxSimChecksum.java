package io.xgate.sim.okx;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The simulated venue's own OKX book checksum, written from protocol reference 3.3 and independent of the client:
 * over the exact price and size strings it sends, the best 25 bids and 25 asks alternating
 * {@code bid1px:bid1sz:ask1px:ask1sz:...} (a shorter side's missing entries skipped), CRC32 as a signed 32-bit
 * integer.
 */
final class OkxSimChecksum {

    static final int LEVELS = 25;

    private OkxSimChecksum() {
    }

    /**
     * @param bids best first, each {@code {price, size}} as sent
     * @param asks best first
     */
    static int of(List<String[]> bids, List<String[]> asks) {
        StringBuilder text = new StringBuilder(1024);
        int n = Math.max(Math.min(bids.size(), LEVELS), Math.min(asks.size(), LEVELS));
        for (int k = 0; k < n; k++) {
            if (k < bids.size() && k < LEVELS) {
                append(text, bids.get(k));
            }
            if (k < asks.size() && k < LEVELS) {
                append(text, asks.get(k));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    private static void append(StringBuilder text, String[] level) {
        if (!text.isEmpty()) {
            text.append(':');
        }
        text.append(level[0]).append(':').append(level[1]);
    }
}
