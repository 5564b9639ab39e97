package io.xgate.it;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.xgate.event.Addresses;
import io.xgate.event.VenueStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every {@link VenueStatus} of some venues and completes waits on them: a test waits on an event (a status
 * that satisfies a condition, already seen or later), never on time. Thread-safe.
 */
final class StatusWatch {

    /** A wait for a status of a venue that satisfies a condition. */
    private record Waiter(String venue, Predicate<VenueStatus> condition, Promise<Void> done) {
    }

    private final List<VenueStatus> seen = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** Starts recording the statuses of these venues on this Vert.x's event bus. */
    StatusWatch(Vertx vertx, List<String> venues) {
        for (String v : venues) {
            vertx.eventBus().<VenueStatus>consumer(Addresses.status(v), m -> add(m.body()));
        }
    }

    private synchronized void add(VenueStatus st) {
        seen.add(st);
        waiters.removeIf(w -> {
            if (w.venue().equals(st.venue()) && w.condition().test(st)) {
                w.done().tryComplete();
                return true;
            }
            return false;
        });
    }

    /** Completes when a status of the venue (already seen, or later) satisfies the condition. */
    synchronized Future<Void> when(String venue, Predicate<VenueStatus> condition) {
        Promise<Void> p = Promise.promise();
        if (seen.stream().anyMatch(st -> st.venue().equals(venue) && condition.test(st))) {
            p.complete();
        } else {
            waiters.add(new Waiter(venue, condition, p));
        }
        return p.future();
    }

    /** Every status seen so far, in order (a copy). */
    synchronized List<VenueStatus> all() {
        return new ArrayList<>(seen);
    }

    /** The last status seen of a venue. */
    synchronized VenueStatus last(String venue) {
        return seen.stream().filter(st -> st.venue().equals(venue)).reduce((a, b) -> b).orElseThrow();
    }
}
