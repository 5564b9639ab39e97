package io.xgate.order;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.rest.RestException;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.OrderProtocol;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The order desk's HTTP exchange with one venue: builds and signs each request through the dialect's
 * {@link OrderProtocol} at the moment it goes out (so that its timestamp or nonce is fresh), sends it through the
 * venue's one REST client ({@link VenueHttp}: one budget, its usage headers, its 429 pauses and its 418 circuit),
 * and turns the reply, or its absence, into an {@link Answer}. At most {@code rest.poolSize} order requests are on
 * the wire at once; the others wait here, in order ({@link #whenRoom}), where the desk can still hold them (a
 * 429's pause), rather than in the client's connection queue, from which they would leave whatever the venue said.
 *
 * <p>Owned by the order desk: called only on its context; not thread-safe.
 */
final class OrderExchange {

    /**
     * What became of one request.
     *
     * @param outcome the venue's answer normalized, or the local reason nothing was sent
     * @param source  VENUE if the venue answered (or may have seen it), LOCAL if nothing was sent
     */
    record Answer(OrderProtocol.Outcome outcome, OrderReport.Source source) {
    }

    private final VenueConfig venue;
    private final VenueHttp http;
    private final OrderProtocol protocol;
    private final LongSupplier venueNowMillis;
    private final int maxInFlight;
    private final ArrayDeque<Runnable> overflow = new ArrayDeque<>();
    /** Requests sent and not answered yet. */
    private int inFlight;

    /** @param venueNowMillis the venue's time now (the desk's view of the venue's clock) */
    OrderExchange(VenueConfig venue, VenueHttp http, OrderProtocol protocol, LongSupplier venueNowMillis) {
        this.venue = venue;
        this.http = http;
        this.protocol = protocol;
        this.venueNowMillis = venueNowMillis;
        this.maxInFlight = Math.max(1, venue.rest().poolSize());
    }

    /**
     * Runs {@code task} now if fewer than {@code rest.poolSize} requests are in flight, else when one ends, after
     * the tasks ahead of it. The task may {@link #exchange} (taking the room) or not (the desk holds it again).
     */
    void whenRoom(Runnable task) {
        if (inFlight < maxInFlight && overflow.isEmpty()) {
            task.run();
        } else {
            overflow.addLast(task);
        }
    }

    /**
     * Builds, signs and sends {@code r} now; call it from a {@link #whenRoom} task.
     *
     * @param venueOrderId the venue's id of the order, or {@code null} if not known
     */
    Future<Answer> exchange(OrderRequest r, Instrument i, String venueOrderId) {
        Promise<Answer> answer = Promise.promise();
        sendNow(r, i, venueOrderId, answer);
        return answer.future();
    }

    private void sendNow(OrderRequest r, Instrument i, String venueOrderId, Promise<Answer> answer) {
        OrderProtocol.WireRequest w;
        try {
            w = protocol.build(r, i, venueOrderId, venueNowMillis.getAsLong());
        } catch (IllegalArgumentException e) {
            answer.complete(local("BAD_REQUEST", e.getMessage() + "; nothing was sent"));
            return;
        }
        inFlight++;
        http.send(w.method(), w.pathAndQuery(), w.headers(), w.body(), w.limitClass(), w.cost()).onComplete(ar -> {
            inFlight--;
            Answer a;
            if (ar.succeeded()) {
                a = new Answer(protocol.read(r, i, venueOrderId, ar.result()), OrderReport.Source.VENUE);
            } else if (ar.cause() instanceof RestException e) {
                // refused before it left: banned (418), paused by a 429, or the budget short for too long
                a = local(e.status() == 418 ? "BANNED" : "RATE_LIMITED", e.getMessage() + "; the order request was "
                        + "not sent");
            } else if (notSent(ar.cause())) {
                a = local("NOT_SENT", "could not reach " + venue.id() + " (" + ar.cause().getMessage()
                        + "); nothing was sent");
            } else {
                a = new Answer(OrderProtocol.Outcome.unknown("NO_ANSWER", venue.id() + " did not answer ("
                        + ar.cause().getMessage() + "); the order may or may not exist: query it, it is not retried"),
                        OrderReport.Source.VENUE);
            }
            answer.complete(a);
            while (inFlight < maxInFlight && !overflow.isEmpty()) {
                overflow.pollFirst().run(); // a task the desk holds again leaves the room to the next
            }
        });
    }

    private static Answer local(String code, String message) {
        return new Answer(OrderProtocol.Outcome.rejected(code, message), OrderReport.Source.LOCAL);
    }

    /** Whether a failure happened before the request left: then the venue certainly never saw it. */
    private static boolean notSent(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        return e instanceof java.net.ConnectException || msg.contains("max wait queue")
                || msg.contains("Connection refused");
    }
}
