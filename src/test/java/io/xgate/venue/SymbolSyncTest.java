package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one owner of the symbols' states: facts become states, a break is counted once by its cause, a decided
 * resync is not decided twice, a silent LIVE feed turns STALE and back, and a disconnect makes every symbol DOWN.
 */
class SymbolSyncTest {

    private long now = 1_000_000_000L;
    private int changes;
    private final Metrics metrics = Metrics.inMemory();
    private final SymbolSync sync = new SymbolSync(venue(), metrics.venue("binance"), () -> changes++, () -> now);

    private VenueStatus.SymbolStatus status(String symbol) {
        return sync.statuses().stream().filter(s -> s.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void factsBecomeStatesAndABreakIsCountedOnceByItsCause() {
        sync.syncing("BTC-USDT", "buffering");
        assertEquals(SyncState.SYNCING, status("BTC-USDT").state());
        sync.live("BTC-USDT", "snapshot 7");
        assertTrue(sync.isLive("BTC-USDT"));
        assertEquals(0, sync.broken("BTC-USDT", ResyncCause.GAP, "U 9 after u 7"), "the first resyncs are free");
        assertEquals(-1, sync.broken("BTC-USDT", ResyncCause.CHECKSUM, "again"), "already decided: nothing more");
        assertTrue(sync.resyncPending("BTC-USDT"));
        sync.resyncStarted("BTC-USDT");
        assertEquals(SyncState.RESYNCING, status("BTC-USDT").state());
        assertEquals(1, status("BTC-USDT").resyncs());
        assertEquals(1, metrics.venue("binance").resyncs("gap"));
        assertEquals(0, metrics.venue("binance").resyncs("checksum"));
        sync.live("BTC-USDT", "snapshot 12");
        assertEquals(0, status("ETH-USDT").resyncs(), "another symbol is not touched");
        assertFalse(sync.allLive(), "ETH-USDT is not LIVE");
    }

    @Test
    void aSilentFeedTurnsStaleAndBack() {
        sync.live("BTC-USDT", "snapshot");
        sync.live("ETH-USDT", "snapshot");
        assertTrue(sync.allLive());
        now += Duration.ofSeconds(2).toNanos();
        sync.activity("ETH-USDT");
        sync.watchdog(symbol -> { });
        assertEquals(SyncState.STALE, status("BTC-USDT").state());
        assertEquals(SyncState.LIVE, status("ETH-USDT").state());
        assertTrue(sync.isLive("BTC-USDT"), "STALE overlays LIVE: the book itself is intact");
        sync.activity("BTC-USDT");
        assertEquals(SyncState.LIVE, status("BTC-USDT").state());
        assertEquals("updates resumed", status("BTC-USDT").reason());
        sync.down("disconnected");
        assertEquals(List.of(SyncState.DOWN, SyncState.DOWN),
                sync.statuses().stream().map(VenueStatus.SymbolStatus::state).toList());
    }

    @Test
    void aSymbolThatKeepsBreakingBacksOffToTheCap() {
        long[] delays = new long[9];
        for (int k = 0; k < delays.length; k++) {
            delays[k] = sync.backoffMillis("ETH-USDT");
        }
        assertEquals(List.of(0L, 0L, 0L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L),
                java.util.Arrays.stream(delays).boxed().toList());
        assertEquals(0, sync.backoffMillis("BTC-USDT"), "another symbol is not held back");
        now += Duration.ofSeconds(61).toNanos();
        assertEquals(0, sync.backoffMillis("ETH-USDT"), "a quiet minute makes resyncs free again");
    }

    private static VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        Instrument eth = new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 4, 1);
        Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
        return new VenueConfig(Path.of("binance.yaml"), "binance", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s,
                        Duration.ofMillis(100), Duration.ofMillis(1_000), 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100,
                new java.util.LinkedHashMap<>(Map.of("BTC-USDT", btc, "ETH-USDT", eth)), new VenueConfig.Fees(10, 10),
                List.of(), Map.of(), null);
    }
}
