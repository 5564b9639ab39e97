package io.xgate.journal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.event.EventType;
import io.xgate.metrics.Metrics;
import io.xgate.venue.FeedRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway's journal ({@code journal.enabled}): the {@code feed} stream (every venue connection's raw
 * traffic, through {@link FeedJournal}) and the {@code events} stream (the published events of the types in
 * {@code journal.events}, in the event wire format, caught by an outbound event-bus interceptor). Each stream has
 * its own {@link JournalWriter}: one writer thread behind a bounded queue, so no event loop waits for the disk.
 *
 * <p>A writer that stops (a full disk, an I/O error) says so once on {@code xgate.journal.status} (a JSON text:
 * stream, recording, error) and in {@code /health/ready}'s reason; market data goes on.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final GatewayConfig.Journal config;
    private final JournalWriter feedWriter;
    private final JournalWriter eventsWriter;
    private final FeedJournal feed;
    private final Set<EventType> types;
    private final ThreadLocal<EventCodec> codecs; // the encoder's (one thread)
    private volatile String problem;
    /** Published events waiting for the encoder; a full queue drops (counted) rather than wait on an event loop. */
    private final java.util.concurrent.ArrayBlockingQueue<Event> toEncode = new java.util.concurrent.ArrayBlockingQueue<>(
            1 << 16);
    private final java.util.concurrent.atomic.AtomicLong encoderLost = new java.util.concurrent.atomic.AtomicLong();
    private Thread encoder;
    /** Tells the encoder to stop (after what is queued). */
    private static final Event STOP = new io.xgate.event.VenueStatus("", "", Event.NO_SEQ, Event.NO_TIME, 0, 0,
            io.xgate.event.VenueStatus.Connection.DISCONNECTED, "stop", java.util.List.of());
    private Vertx vertx;

    private Journal(GatewayConfig.Journal config, JournalWriter feedWriter, JournalWriter eventsWriter, int threshold) {
        this.config = config;
        this.feedWriter = feedWriter;
        this.eventsWriter = eventsWriter;
        this.feed = new FeedJournal(feedWriter::append);
        this.types = config.events().isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(config.events());
        this.codecs = ThreadLocal.withInitial(() -> new EventCodec(threshold, EventCodec.DEFAULT_MAX_BODY));
    }

    /**
     * Opens both streams in {@code journal.dir} (a torn tail left by a crash is cut and reported first) and writes
     * the session record: each venue file's text, from which a replay rebuilds the venues.
     */
    public static Journal open(GatewayConfig gateway, Metrics metrics) throws IOException {
        return open(gateway, metrics, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #open(GatewayConfig, Metrics)}, with the storage settings adjusted (tests and embedding: a slow or
     * failing sink, a clock).
     */
    public static Journal open(GatewayConfig gateway, Metrics metrics,
                               java.util.function.UnaryOperator<JournalSettings> adjust) throws IOException {
        GatewayConfig.Journal c = gateway.journal();
        String session = session(gateway).encode(); // first: a venue file it cannot read leaves nothing open
        Files.createDirectories(c.dir());
        JournalSettings s = adjust.apply(settings(c));
        Holder holder = new Holder();
        JournalWriter feed = JournalWriter.open(s, FeedRecords.FEED, reason -> holder.stopped(FeedRecords.FEED, reason));
        JournalWriter events;
        try {
            events = JournalWriter.open(s, FeedRecords.EVENTS, reason -> holder.stopped(FeedRecords.EVENTS, reason));
        } catch (IOException | RuntimeException e) {
            closeQuietly(feed);
            throw e;
        }
        Journal j = new Journal(c, feed, events, gateway.codec().compressThreshold());
        holder.journal = j;
        j.meters(metrics.registry());
        long at = EpochClock.nanos();
        j.feed.session(session, at);
        // and at the head of every later segment: a journal whose first segments retention deleted still replays
        feed.preamble(FeedRecords.SESSION, at, session.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LOG.info("journal: recording every venue's feed{} in {} (segments of {} MiB, fsync {}{})",
                j.types.isEmpty() ? "" : " and the published " + j.types, c.dir().toAbsolutePath(),
                c.segmentSize() >> 20, c.fsync(), c.retentionBytes() > 0 || c.retentionAge() != null
                        ? ", retention " + (c.retentionBytes() > 0 ? (c.retentionBytes() >> 20) + " MiB" : "")
                        + (c.retentionAge() != null ? " " + c.retentionAge() : "") : "");
        return j;
    }

    /** Binds the writers' stop callbacks to the journal, which exists only after both opened. */
    private static final class Holder {
        volatile Journal journal;

        void stopped(String stream, String reason) {
            Journal j = journal;
            if (j != null) {
                j.stopped(stream, reason);
            } else {
                LOG.error("journal: the {} stream stopped recording: {}", stream, reason);
            }
        }
    }

    /**
     * The storage settings of a {@code journal} section; {@link JournalSettings} refuses what it cannot record with
     * (an {@link IllegalArgumentException}).
     */
    public static JournalSettings settings(GatewayConfig.Journal c) {
        FsyncPolicy fsync = FsyncPolicy.valueOf(c.fsync().toUpperCase(Locale.ROOT));
        return JournalSettings.defaults(c.dir()).withSegmentSize(c.segmentSize())
                .withRetention(c.retentionBytes(), c.retentionAge()).withFsync(fsync, c.fsyncInterval())
                .withQueueCapacity((int) Math.min(Integer.MAX_VALUE, c.queueBytes()));
    }

    /** What a replay needs to rebuild the venues: their files' text (secrets in them are references only). */
    static JsonObject session(GatewayConfig gateway) throws IOException {
        JsonArray venues = new JsonArray();
        for (VenueConfig v : gateway.localVenues()) {
            String text = v.file() == null ? "" : Files.readString(v.file());
            venues.add(new JsonObject().put("id", v.id()).put("dialect", v.dialect())
                    .put("file", v.file() == null ? null : v.file().toString()).put("text", text));
        }
        return new JsonObject().put("format", 1).put("gateway", gateway.name())
                .put("startedAt", java.time.Instant.now().toString())
                .put("topDepth", gateway.books().topDepth()).put("venues", venues);
    }

    private void meters(MeterRegistry registry) {
        for (JournalWriter w : new JournalWriter[] {feedWriter, eventsWriter}) {
            FunctionCounter.builder("xgate.journal.dropped", w, JournalWriter::dropped).tag("stream", w.stream())
                    .description("records the journal dropped (queue full or not recording): each run of them is "
                            + "marked by a GAP record").register(registry);
            FunctionCounter.builder("xgate.journal.records", w, x -> x.status().recordsWritten())
                    .tag("stream", w.stream()).description("records written to the journal").register(registry);
            FunctionCounter.builder("xgate.journal.bytes", w, x -> x.status().bytesWritten())
                    .tag("stream", w.stream()).description("bytes written to the journal").register(registry);
            Gauge.builder("xgate.journal.recording", w, x -> x.status().recording() ? 1 : 0)
                    .tag("stream", w.stream()).description("1 while the stream records, 0 once it stopped")
                    .register(registry);
        }
    }

    /** The recorder the venue verticles report to. */
    public FeedJournal feed() {
        return feed;
    }

    /** Starts recording the published events of the configured types (call once Vert.x runs, before the venues). */
    public void attach(Vertx vertx) {
        this.vertx = vertx;
        if (!types.isEmpty()) {
            encoder = new Thread(this::encode, "xgate-journal-events-encoder");
            encoder.setDaemon(true);
            encoder.start();
            vertx.eventBus().addOutboundInterceptor(this::intercept);
        }
    }

    private void intercept(DeliveryContext<Object> ctx) {
        Object body = ctx.body();
        if (body instanceof Event e && types.contains(e.type()) && !toEncode.offer(e)) {
            encoderLost.incrementAndGet(); // the encoder fell behind: counted, and announced by a GAP record
        }
        ctx.next();
    }

    /**
     * The events stream's encoder: on its own thread, so that a publisher's event loop only hands over a reference
     * (events are immutable); it encodes each in the wire format and appends it, waiting (it is no event loop) while
     * the writer's queue is full.
     */
    private void encode() {
        EventCodec codec = codecs.get();
        while (true) {
            // polled, never taken: a publisher's offer then finds no waiting thread to wake (a futex call on the
            // event loop for every event); idle, the encoder looks again every millisecond, as the writer does
            Event e = toEncode.poll();
            if (e == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                continue;
            }
            if (e == STOP) {
                return;
            }
            long lost = encoderLost.getAndSet(0);
            if (lost > 0) {
                eventsWriter.lost(lost);
            }
            byte[] wire = codec.encode(e);
            long ts = e.publishTsNanos() > 0 ? e.publishTsNanos() : EpochClock.nanos();
            while (!eventsWriter.append(FeedRecords.EVENT, ts, wire, 0, wire.length)) {
                if (!eventsWriter.status().recording()) {
                    break; // stopped: the writer counts what it refused
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }
    }

    private void stopped(String stream, String reason) {
        problem = "the journal's " + stream + " stream stopped recording: " + reason;
        LOG.error("journal: {}; market data goes on unrecorded", problem);
        Vertx v = vertx;
        if (v != null) {
            v.eventBus().publish(Addresses.JOURNAL_STATUS, new JsonObject().put("stream", stream)
                    .put("recording", false).put("error", reason).encode());
        }
    }

    /** Why the journal does not record, or {@code null} while it does ({@code /health/ready} says it). */
    public String problem() {
        return problem;
    }

    /** Both writers' state. */
    public JournalStatus feedStatus() {
        return feedWriter.status();
    }

    public JournalStatus eventsStatus() {
        return eventsWriter.status();
    }

    /** Writes what is queued (tests, shutdown). */
    public void flush() throws InterruptedException {
        feedWriter.flush();
        while (!toEncode.isEmpty() && encoder != null && encoder.isAlive()) {
            Thread.sleep(1);
        }
        eventsWriter.flush();
    }

    /** Drains both queues and closes the segments. */
    @Override
    public void close() {
        if (encoder != null) {
            try {
                toEncode.put(STOP); // after everything published before the close
                encoder.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(feedWriter);
        closeQuietly(eventsWriter);
        JournalStatus f = feedWriter.status();
        JournalStatus e = eventsWriter.status();
        LOG.info("journal closed: feed {} records ({} dropped), events {} records ({} dropped), in {}",
                f.recordsWritten(), f.dropped(), e.recordsWritten(), e.dropped(), config.dir().toAbsolutePath());
    }

    private static void closeQuietly(JournalWriter w) {
        try {
            w.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("journal: closing the {} stream failed: {}", w.stream(), e.toString());
        }
    }
}
