package io.xgate.journal;

import io.xgate.venue.FeedRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One venue's records of a journal's {@code feed} stream, read in order by a thread of their own into a bounded
 * buffer (at most {@link #MAX_ITEMS} records and {@link #MAX_BYTES} bytes of messages, one record over if a single
 * one is larger) that {@link VenueServer} drains on its event loop. The reading thread blocks while the buffer is
 * full: the served stream's pace (or the socket's back-pressure) is the reading's.
 */
final class RecordedFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedFeed.class);

    static final int MAX_ITEMS = 8192;
    static final long MAX_BYTES = 32L << 20;

    /** One record of the venue (only what serving needs), with its ordinal in the stream. */
    static final class Item {
        final int type;
        final long ts;
        final long ordinal;
        final int conn;
        /** CONNECTION: the event's code; REQUEST, RESPONSE: the request's number. */
        final int code;
        /** CONNECTION: the group; REQUEST: the path and query; SENT: the text. */
        final String text;
        /** CONNECTION: the reason. */
        final String reason;
        /** MESSAGE: the bytes. */
        final byte[] bytes;
        /** When serving this record began waiting on the gateway (System.nanoTime), 0 if it did not. */
        long waitingSince;
        /** Set once the record's one-time effect has been applied (a record may be handled again after a wait). */
        boolean applied;
        /** Served again from a rotation's start (counted apart). */
        boolean replayed;

        Item(int type, long ts, long ordinal, int conn, int code, String text, String reason, byte[] bytes) {
            this.type = type;
            this.ts = ts;
            this.ordinal = ordinal;
            this.conn = conn;
            this.code = code;
            this.text = text;
            this.reason = reason;
            this.bytes = bytes;
        }

        int size() {
            return 64 + (bytes == null ? 0 : bytes.length) + (text == null ? 0 : text.length());
        }
    }

    /** Stops the reading thread from inside the reader's callback. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final Path dir;
    private final String venue;
    private final Runnable wake;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private long bytes;
    private boolean finished;
    private boolean closed;
    private boolean starved;
    private Thread thread;

    /**
     * @param wake called from the reading thread when a record (or the end) arrives while the consumer found the
     *             buffer empty; it must hand over to the consumer's context
     */
    RecordedFeed(Path dir, String venue, Runnable wake) {
        this.dir = dir;
        this.venue = venue;
        this.wake = wake;
    }

    void start() {
        thread = new Thread(this::read, "xgate-serve-" + venue);
        thread.setDaemon(true);
        thread.start();
    }

    void close() {
        synchronized (this) {
            closed = true;
            items.clear();
            notifyAll();
        }
    }

    /** The next record, or {@code null}: then {@code wake} is called once one arrives (or the feed finishes). */
    synchronized Item poll() {
        Item i = items.poll();
        if (i == null) {
            starved = !finished;
            return null;
        }
        bytes -= i.size();
        notifyAll();
        return i;
    }

    /** Whether every record has been read and handed out. */
    synchronized boolean done() {
        return finished && items.isEmpty();
    }

    private void put(Item i) {
        boolean wakeUp;
        synchronized (this) {
            while (!closed && !items.isEmpty() && (items.size() >= MAX_ITEMS || bytes + i.size() > MAX_BYTES)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
            }
            if (closed) {
                throw new Stopped();
            }
            items.add(i);
            bytes += i.size();
            wakeUp = starved;
            starved = false;
        }
        if (wakeUp) {
            wake.run();
        }
    }

    private void finish() {
        boolean wakeUp;
        synchronized (this) {
            finished = true;
            wakeUp = starved;
            starved = false;
        }
        if (wakeUp) {
            wake.run();
        }
    }

    private void read() {
        byte[] name = venue.getBytes(StandardCharsets.UTF_8);
        FeedRecords.Reader r = new FeedRecords.Reader();
        long[] ordinal = {-1};
        try {
            JournalReader.open(dir, FeedRecords.FEED).readAll((type, ts, buf, off, len) -> {
                ordinal[0]++;
                if (type == 0) {
                    put(new Item(0, ts, ordinal[0], 0, 0, null, null, null));
                    return;
                }
                if (type == FeedRecords.SESSION) {
                    put(new Item(type, ts, ordinal[0], 0, 0, null, null, null));
                    return;
                }
                if (type == FeedRecords.EVENT || type == FeedRecords.TIMER
                        || type == FeedRecords.RESYNC || type == FeedRecords.STALE) {
                    return;
                }
                r.of(buf, off, len);
                if (!r.strIs(name)) {
                    return;
                }
                int conn = r.u32();
                switch (type) {
                    case FeedRecords.MESSAGE -> put(new Item(type, ts, ordinal[0], conn, 0, null, null,
                            r.restBytes()));
                    case FeedRecords.CONNECTION -> {
                        int event = r.u8();
                        String group = r.str();
                        put(new Item(type, ts, ordinal[0], conn, event, group, r.str(), null));
                    }
                    case FeedRecords.SENT -> put(new Item(type, ts, ordinal[0], conn, 0, r.restText(), null, null));
                    case FeedRecords.REQUEST -> {
                        int n = r.u32();
                        put(new Item(type, ts, ordinal[0], conn, n, r.str(), null, null));
                    }
                    case FeedRecords.RESPONSE -> {
                        int n = r.u32();
                        if (r.u16() == 200) {
                            put(new Item(type, ts, ordinal[0], conn, n, null, null, null));
                        }
                    }
                    default -> {
                        // nothing else is served
                    }
                }
            });
        } catch (Stopped e) {
            return;
        } catch (Exception e) {
            LOG.error("venue {}: reading the recording in {} failed after record {}: the served stream ends here",
                    venue, dir, ordinal[0], e);
        }
        finish();
    }

    /** The event of a CONNECTION item. */
    static FeedRecorder.ConnectionEvent event(Item i) {
        return FeedRecorder.ConnectionEvent.of(i.code);
    }
}
