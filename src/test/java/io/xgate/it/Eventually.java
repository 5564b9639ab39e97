package io.xgate.it;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** Completes once a condition on a counter holds, checked every 20 ms on the event loop (the caller bounds the wait). */
final class Eventually {

    private Eventually() {
    }

    static Future<Void> holds(Vertx vertx, BooleanSupplier condition) {
        Promise<Void> p = Promise.promise();
        long timer = vertx.setPeriodic(20, id -> {
            if (condition.getAsBoolean()) {
                p.tryComplete();
            }
        });
        return p.future().onComplete(x -> vertx.cancelTimer(timer));
    }
}
