package io.xgate;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys several deployables as one, on one context: their handlers run on the same event-loop thread, so what
 * one publishes on a local address for another is handled without waking a thread (the event bus still
 * delivers it, as a task on the same loop). Used to run a venue's books beside its venue verticle
 * ({@code books.placement: venue}); each member keeps its own state, so one owner per book still holds.
 *
 * <p>Members start in order, each after the previous one started, and stop in the reverse order.
 */
final class SharedContext implements Deployable {

    private final List<Deployable> members;

    SharedContext(List<Deployable> members) {
        this.members = List.copyOf(members);
    }

    @Override
    public Future<?> deploy(Context context) throws Exception {
        Future<?> f = Future.succeededFuture();
        for (Deployable d : members) {
            f = f.compose(x -> {
                try {
                    return d.deploy(context);
                } catch (Exception e) {
                    return Future.failedFuture(e);
                }
            });
        }
        return f;
    }

    @Override
    public Future<?> undeploy(Context context) throws Exception {
        List<Deployable> reverse = new ArrayList<>(members);
        java.util.Collections.reverse(reverse);
        Future<?> f = Future.succeededFuture();
        for (Deployable d : reverse) {
            f = f.compose(x -> {
                try {
                    return d.undeploy(context);
                } catch (Exception e) {
                    return Future.failedFuture(e);
                }
            });
        }
        return f;
    }
}
