package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.SyncState;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.SegmentSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal whose disk stops answering (its writer thread stuck in a write) while the gateway runs on the
 * simulator: market data keeps flowing (LIVE BookTops keep coming while the writer is stuck), the journal drops and
 * counts, and once the disk answers again the GAP records it writes account for exactly what was dropped, the
 * {@code xgate_journal_dropped_total} meter says the same, and every record the journal took is in the file.
 */
class JournalBackPressureIntegrationTest {

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
    void aStuckDiskCostsRecordsCountedInGapsAndNeverMarketData() throws Exception {
        Path file = SimConfig.write(dir, "", "23h");
        Path journal = dir.resolve("journal");
        Files.writeString(file, Files.readString(file) + "journal: {enabled: true, dir: \"" + journal
                + "\", queueSize: 64KiB, events: []}\n");
        GatewayConfig config = new ConfigLoader(k -> null).load(file);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(false);
        gateway = await(Gateway.start(config, s -> s.withSinks(io.xgate.journal.TestSinks.gated(gate, armed, stuck))));
        AtomicLong liveTops = new AtomicLong();
        for (String v : SimConfig.VENUES) {
            gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, "BTC-USDT"), m -> {
                if (m.body().syncState() == SyncState.LIVE) {
                    liveTops.incrementAndGet();
                }
            });
        }
        await(Eventually.holds(gateway.vertx(), () -> liveTops.get() > 100));
        armed.set(true);
        assertTrue(stuck.await(30, TimeUnit.SECONDS), "the writer reached a write and is stuck in it");
        var feed = gateway.journal().feed();
        // stuck: the queue fills, records are dropped, and market data does not notice
        await(Eventually.holds(gateway.vertx(), () -> feed.refused() > 1_000));
        long topsWhenDropping = liveTops.get();
        await(Eventually.holds(gateway.vertx(), () -> liveTops.get() > topsWhenDropping + 500));
        assertTrue(gateway.journal().feedStatus().recording(), "a slow disk is not an error: still recording");
        armed.set(false);
        gate.countDown();
        await(Eventually.holds(gateway.vertx(), () -> liveTops.get() > topsWhenDropping + 1_000));
        double meter = gateway.metrics().registry().get("xgate.journal.dropped").tag("stream", "feed")
                .functionCounter().count();
        await(gateway.stop());
        long accepted = feed.accepted();
        long refused = feed.refused();
        long dropped = gateway.journal().feedStatus().dropped();
        gateway = null;

        long[] read = new long[2]; // records, dropped per GAP records
        JournalReader.open(journal, FeedRecords.FEED).readAll((type, ts, buf, off, len) -> {
            if (type == 0) {
                read[1] += ByteBuffer.wrap(buf, off, len).getLong();
            } else {
                read[0]++;
            }
        });
        assertTrue(refused > 1_000, "records were dropped while the disk was stuck: " + refused);
        assertEquals(refused, dropped, "the writer counted what the recorder saw refused");
        assertTrue(meter >= 1_000 && meter <= refused, "the meter counted the drops: " + meter);
        assertEquals(refused, read[1], "the GAP records account for every dropped record");
        assertEquals(accepted, read[0], "every record the journal took is in the file: nothing else is lost");
    }

    /**
     * A full disk: the feed's writer fails on a write, recording stops; the bus and {@code /health/ready} say why;
     * market data goes on.
     */
    @Test
    void aFullDiskStopsRecordingWithAnErrorAndMarketDataGoesOn() throws Exception {
        Path file = SimConfig.write(dir, "", "23h");
        Path journal = dir.resolve("journal");
        Files.writeString(file, Files.readString(file) + "journal: {enabled: true, dir: \"" + journal + "\"}\n");
        GatewayConfig config = new ConfigLoader(k -> null).load(file);
        AtomicBoolean full = new AtomicBoolean(false);
        gateway = await(Gateway.start(config, s -> s.withSinks(path -> {
            SegmentSink f = SegmentSink.FILES.create(path);
            return new SegmentSink() {
                @Override
                public void write(ByteBuffer buf) throws IOException {
                    if (full.get() && path.getFileName().toString().startsWith("feed")) {
                        throw new IOException("No space left on device");
                    }
                    f.write(buf);
                }

                @Override
                public void force() throws IOException {
                    f.force();
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        })));
        io.vertx.core.Promise<String> said = io.vertx.core.Promise.promise();
        gateway.vertx().eventBus().<String>consumer(Addresses.JOURNAL_STATUS, m -> said.tryComplete(m.body()));
        AtomicLong liveTops = new AtomicLong();
        gateway.vertx().eventBus().<BookTop>consumer(Addresses.top("binance", "BTC-USDT"), m -> {
            if (m.body().syncState() == SyncState.LIVE) {
                liveTops.incrementAndGet();
            }
        });
        await(Eventually.holds(gateway.vertx(), () -> liveTops.get() > 50));
        full.set(true);
        String status = await(said.future());
        assertTrue(status.contains("\"stream\":\"feed\"") && status.contains("No space left on device"), status);
        assertTrue(!gateway.journal().feedStatus().recording(), "the feed stream stopped");
        long before = liveTops.get();
        await(Eventually.holds(gateway.vertx(), () -> liveTops.get() > before + 200)); // market data goes on
        var http = java.net.http.HttpClient.newHttpClient();
        var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + gateway.adminPort() + "/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(ready.body());
        assertTrue(body.getString("reason", "").contains("journal: the journal's feed stream stopped recording")
                && body.getString("reason").contains("No space left on device"), ready.statusCode() + " " + body);
        assertEquals(false, body.getJsonObject("journal").getBoolean("recording"), body.encode());
        double recording = gateway.metrics().registry().get("xgate.journal.recording").tag("stream", "feed").gauge()
                .value();
        assertEquals(0.0, recording, "xgate_journal_recording{stream=feed} is 0");
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
