package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and replay together: with small segments and a small retention, the journal's first segments (and the
 * SESSION record written at its start) are deleted while the gateway records. What is left still replays: every
 * later segment begins with the run's SESSION record, and each venue replays from the first connection it opened in
 * what is left (connections rotate every 1.5 s here), without a divergence; the records of connections opened
 * before are counted, not replayed.
 */
class JournalRetentionReplayTest {

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    @Test
    void aJournalWhoseFirstSegmentsWereDeletedStillReplays() throws Exception {
        Path file = SimConfig.write(dir, "  faults:\n    binanceus: {disconnectEvery: 2s}\n", "1500ms");
        Path journal = dir.resolve("journal");
        Files.writeString(file, Files.readString(file) + "journal: {enabled: true, dir: \"" + journal
                + "\", segmentSize: 1MiB, retention: {size: 3MiB}, events: []}\n");
        GatewayConfig config = new ConfigLoader(k -> null).load(file);
        gateway = await(Gateway.start(config));
        // recorded until retention has deleted the first two feed segments
        await(Eventually.holds(gateway.vertx(), () -> {
            List<String> names = feedSegments(journal);
            return !names.isEmpty() && !names.contains("000001") && !names.contains("000002") && names.size() >= 2;
        }));
        await(gateway.stop());
        gateway = null;

        List<String> left = feedSegments(journal);
        assertFalse(left.contains("000001"), "the first segment was deleted: " + left);
        JournalReader reader = JournalReader.open(journal, FeedRecords.FEED);
        int[] first = {-1};
        reader.readAll((type, ts, buf, off, len) -> {
            if (first[0] < 0) {
                first[0] = type;
            }
        });
        assertEquals(FeedRecords.SESSION, first[0], "what is left begins with the run's SESSION record");
        Replayer replayer = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
        });
        reader.readAll(replayer::record);
        long skipped = 0;
        for (Replayer.VenueResult r : replayer.results()) {
            assertEquals(List.of(), r.divergences(), r.venue() + ": replayed from its first connection left");
            assertTrue(r.messages() > 100, r.venue() + " replayed messages: " + r);
            skipped += r.beforeJoining();
        }
        assertTrue(skipped > 0, "records of connections opened before the journal's start were skipped");
        assertEquals(SimConfig.VENUES.size(), replayer.results().size(), "every venue rebuilt from the SESSION");
    }

    private static List<String> feedSegments(Path journal) {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(journal)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("feed-") && n.endsWith(".xjl"))
                    .map(n -> n.substring(n.lastIndexOf('-') + 1, n.length() - 4)).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
