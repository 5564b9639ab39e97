package io.xgate.sim.market;

import io.vertx.core.Vertx;
import io.xgate.event.EpochClock;
import java.util.List;

/**
 * The latency harness's load: frames at a constant total rate, round-robin over the driven books, each frame one
 * market move of its book. A 1 ms timer sends the frames that fell due. Each frame's start time for latency is its
 * actual send time if it went out within the timer's 1 ms granularity of its schedule, else 1 ms after its
 * schedule: a stalled or overloaded sender shows as latency, not as a gap in the samples (no coordinated omission).
 * Runs on the simulator's context.
 */
public final class ConstantRateDriver {

    private static final long TICK_NANOS = 1_000_000;

    /** One driven book and how to move it and send it. */
    public interface Stream {
        /** Moves the book one market step. */
        void move();

        /** Sends the book's pending changes as one frame; whether one went out. */
        boolean send(long nowMillis);

        /** The update id of the last change (what the gateway's {@code BookTop} reports). */
        long updateId();
    }

    /** Called once per timer turn before the frames of that turn, with the milliseconds since the start. */
    public interface Turn {
        void run(long elapsedMillis);
    }

    /** Told of each frame sent: stream index, the frame's last update id, its intended send time (epoch ns). */
    public interface Probe {
        void sent(int stream, long lastUpdateId, long intendedNanos);
    }

    private final Vertx vertx;
    private long timer = -1;
    private long sentFrames;

    public ConstantRateDriver(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts sending (stopping a previous run first). A rate of 0 sends nothing. */
    public void start(List<Stream> streams, double ratePerSecond, Turn turn, Probe probe) {
        stop();
        int n = streams.size();
        long t0 = EpochClock.nanos();
        sentFrames = 0;
        timer = vertx.setPeriodic(1, id -> {
            long now = EpochClock.nanos();
            turn.run((now - t0) / TICK_NANOS);
            long nowMillis = System.currentTimeMillis();
            long due = ratePerSecond <= 0 ? 0 : (long) ((now - t0) * ratePerSecond / 1e9) + 1; // sched <= now
            // at most 10 ms of frames per turn: an overloaded sender falls behind (and the lag counts as latency)
            // instead of blocking its event loop for seconds
            due = Math.min(due, sentFrames + Math.max(1, (long) (ratePerSecond / 100)));
            while (sentFrames < due) {
                int s = (int) (sentFrames % n);
                Stream stream = streams.get(s);
                stream.move();
                long scheduled = t0 + (long) (sentFrames * 1e9 / ratePerSecond);
                long sentAt = EpochClock.nanos();
                if (stream.send(nowMillis)) {
                    probe.sent(s, stream.updateId(), Math.min(sentAt, scheduled + TICK_NANOS));
                }
                sentFrames++;
            }
        });
    }

    /** Whether it is running. */
    public boolean running() {
        return timer >= 0;
    }

    /** Stops sending. */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
