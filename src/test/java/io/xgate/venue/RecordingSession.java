package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link FeedSession} that records what a protocol publishes, sends and reports, for protocol unit tests. */
public class RecordingSession implements FeedSession {

    /** Everything published, in order. */
    public final List<Event> published = new ArrayList<>();
    /** Text messages sent. */
    public final List<String> sent = new ArrayList<>();
    /** Facts reported, as {@code "FACT symbol reason"}. */
    public final List<String> facts = new ArrayList<>();
    private final Set<String> live = new HashSet<>();

    @Override
    public void publish(BookUpdate update) {
        published.add(update);
    }

    @Override
    public void publish(Trade trade) {
        published.add(trade);
    }

    @Override
    public void publish(VenueTouch touch) {
        published.add(touch);
    }

    @Override
    public void subscribing(Instrument instrument, String reason) {
        live.remove(instrument.symbol());
        facts.add("SUBSCRIBING " + instrument.symbol() + " " + reason);
    }

    @Override
    public void syncing(Instrument instrument, String reason) {
        live.remove(instrument.symbol());
        facts.add("SYNCING " + instrument.symbol() + " " + reason);
    }

    @Override
    public void live(Instrument instrument, String reason) {
        live.add(instrument.symbol());
        facts.add("LIVE " + instrument.symbol() + " " + reason);
    }

    @Override
    public void broken(Instrument instrument, ResyncCause cause, String reason) {
        live.remove(instrument.symbol());
        facts.add("BROKEN " + instrument.symbol() + " " + cause + " " + reason);
    }

    @Override
    public boolean isLive(Instrument instrument) {
        return live.contains(instrument.symbol());
    }

    @Override
    public boolean resyncPending(Instrument instrument) {
        return false;
    }

    @Override
    public void send(String text) {
        sent.add(text);
    }

    @Override
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        return Future.failedFuture("no REST here");
    }

    @Override
    public void reconnect(String reason) {
        facts.add("RECONNECT " + reason);
    }

    @Override
    public void rotate(String reason) {
        facts.add("ROTATE " + reason);
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
        facts.add("BADFRAME " + venueSymbol + " " + reason);
    }

    @Override
    public void later(long millis, Runnable action) {
        // timers (pings, retries) are not run here
    }

    @Override
    public long nowNanos() {
        return 0;
    }

    @Override
    public String venue() {
        return "test";
    }
}
