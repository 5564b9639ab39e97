package io.xgate.rest;

/**
 * A venue's clock as seen from here: each sample is one request for the venue's server time, sent at {@code t0}
 * and answered at {@code t1} (local wall clock); the venue's time is taken to be the midpoint of the round trip
 * (as NTP does), and its own resolution (Kraken answers in whole seconds) is split in half. Signed requests use
 * {@link #venueNowMillis()}; {@link #check(long)} says whether the offset is beyond what the venue accepts.
 *
 * <p>Owned by one venue verticle; the last sample is published through volatile fields for readers elsewhere.
 */
public final class ServerClock {

    private volatile long offsetMillis;
    private volatile long rttMillis = -1;
    private volatile long sampledAtMillis;
    private final java.util.concurrent.CompletableFuture<Void> firstSample = new java.util.concurrent.CompletableFuture<>();

    /**
     * Records one sample.
     *
     * @param sentMillis       local time the request was sent
     * @param serverMillis     the venue's time in its answer
     * @param receivedMillis   local time the answer arrived
     * @param resolutionMillis the venue's time resolution (1 for milliseconds, 1000 for seconds)
     */
    public void sample(long sentMillis, long serverMillis, long receivedMillis, long resolutionMillis) {
        long rtt = Math.max(0, receivedMillis - sentMillis);
        long midpoint = sentMillis + rtt / 2;
        offsetMillis = serverMillis + resolutionMillis / 2 - midpoint;
        rttMillis = rtt;
        sampledAtMillis = receivedMillis;
        firstSample.complete(null);
    }

    /** Completes once the first sample is in (for whoever must not use an unknown offset, and for tests). */
    public java.util.concurrent.CompletionStage<Void> whenKnown() {
        return firstSample.copy();
    }

    /** Whether a sample was taken. */
    public boolean known() {
        return rttMillis >= 0;
    }

    /** The venue's clock minus ours (positive: the venue is ahead), from the last sample; 0 if none. */
    public long offsetMillis() {
        return offsetMillis;
    }

    /** The round trip of the last sample, or -1 if none. */
    public long rttMillis() {
        return rttMillis;
    }

    /** When the last sample was taken (local epoch ms), or 0. */
    public long sampledAtMillis() {
        return sampledAtMillis;
    }

    /** The venue's time now, for signed timestamps. */
    public long venueNowMillis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /**
     * A problem to report, or {@code null}: an offset plus half the round trip beyond {@code windowMillis} means a
     * request timestamped with our clock would fall outside the venue's window (Binance: {@code recvWindow},
     * error -1021), so signed timestamps must be corrected by the offset, and the local clock should be fixed.
     */
    public String check(long windowMillis) {
        if (!known()) {
            return null;
        }
        long skew = Math.abs(offsetMillis) + rttMillis / 2;
        if (skew <= windowMillis) {
            return null;
        }
        return "the local clock is " + Math.abs(offsetMillis) + " ms " + (offsetMillis > 0 ? "behind" : "ahead of")
                + " the venue's (round trip " + rttMillis + " ms), beyond its " + windowMillis + " ms window; signed "
                + "requests are timestamped with the venue's time, but fix the local clock (NTP)";
    }
}
