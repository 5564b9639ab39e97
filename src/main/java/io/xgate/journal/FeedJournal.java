package io.xgate.journal;

import io.vertx.core.buffer.Buffer;
import io.xgate.rest.RestException;
import io.xgate.venue.FeedRecorder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link FeedRecorder} that writes a journal's {@code feed} stream (payloads as {@link FeedRecords} says).
 * Called on the venue verticles' contexts; each thread encodes into its own reused buffer and the sink copies it,
 * so nothing here waits or allocates per message beyond the sink's copy.
 */
public final class FeedJournal implements FeedRecorder {

    private final RecordSink sink;
    private final ThreadLocal<FeedRecords.Writer> writers = ThreadLocal.withInitial(FeedRecords.Writer::new);
    private final ConcurrentHashMap<String, byte[]> names = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

    public FeedJournal(RecordSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    private byte[] name(String s) {
        return names.computeIfAbsent(s, k -> k.getBytes(StandardCharsets.UTF_8));
    }

    private FeedRecords.Writer head(String venue, int conn) {
        return writers.get().reset().str(name(venue)).u32(conn);
    }

    private void append(int type, long ts, FeedRecords.Writer w) {
        count(sink.append(type, ts, w.buf, 0, w.len));
    }

    private void count(boolean taken) {
        if (taken) {
            accepted.increment();
        } else {
            refused.increment();
        }
    }

    /** Records the sink took, and those it refused (dropped: a GAP record marks each run of them). */
    public long accepted() {
        return accepted.sum();
    }

    public long refused() {
        return refused.sum();
    }

    @Override
    public void connection(String venue, int conn, ConnectionEvent event, String group, String reason, long tsNanos) {
        append(FeedRecords.CONNECTION, tsNanos, head(venue, conn).u8(event.code).str(group).str(reason));
    }

    @Override
    public void message(String venue, int conn, byte[] frame, int length, long receiveTsNanos) {
        append(FeedRecords.MESSAGE, receiveTsNanos, head(venue, conn).bytes(frame, 0, length));
    }

    @Override
    public void skipped(String venue, int conn, long bytes, long tsNanos) {
        append(FeedRecords.SKIPPED, tsNanos, head(venue, conn).i64(bytes));
    }

    @Override
    public void sent(String venue, int conn, String text, long tsNanos) {
        append(FeedRecords.SENT, tsNanos, head(venue, conn).rest(text));
    }

    @Override
    public void request(String venue, int conn, int n, String pathAndQuery, long tsNanos) {
        append(FeedRecords.REQUEST, tsNanos, head(venue, conn).u32(n).str(pathAndQuery));
    }

    @Override
    public void response(String venue, int conn, int n, Buffer body, Throwable failure, long tsNanos) {
        FeedRecords.Writer w = head(venue, conn).u32(n);
        if (body != null) {
            w.u16(200).i64(0);
            byte[] b = body.getBytes();
            w.bytes(b, 0, b.length);
        } else {
            int status = failure instanceof RestException r ? r.status() : 0;
            long retry = failure instanceof RestException r ? r.retryAfterMillis() : 0;
            w.u16(status == 200 ? 0 : status).i64(retry).rest(failure == null ? "failed"
                    : String.valueOf(failure.getMessage()));
        }
        append(FeedRecords.RESPONSE, tsNanos, w);
    }

    @Override
    public void timer(String venue, int conn, int n, long tsNanos) {
        append(FeedRecords.TIMER, tsNanos, head(venue, conn).u32(n));
    }

    @Override
    public void resync(String venue, String symbol, String cause, String reason, long tsNanos) {
        append(FeedRecords.RESYNC, tsNanos, writers.get().reset().str(name(venue)).str(symbol).str(cause).str(reason));
    }

    @Override
    public void stale(String venue, String symbol, long tsNanos) {
        append(FeedRecords.STALE, tsNanos, writers.get().reset().str(name(venue)).str(symbol));
    }

    /** The session record: what a replay needs to rebuild each venue (its file's text: references, no secrets). */
    public void session(String json, long tsNanos) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        count(sink.append(FeedRecords.SESSION, tsNanos, b, 0, b.length));
    }
}
