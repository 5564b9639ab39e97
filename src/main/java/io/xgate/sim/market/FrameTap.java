package io.xgate.sim.market;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;

/**
 * Told of the frames of a venue's hot shapes (book updates, trades, tickers; never a book snapshot) as a simulated
 * venue sends them: the fuzz mode keeps recent ones per connection and sends mutated copies of them on the same
 * connection. {@link #NONE} when no fuzzing. Called on the simulator's context.
 */
public interface FrameTap {

    /** Ignores every frame. */
    FrameTap NONE = (ws, text, sequenceKeys) -> {
    };

    /**
     * @param ws           the connection it was written to
     * @param text         the frame, as written
     * @param sequenceKeys the JSON keys whose values order the dialect's stream ({@code U}, {@code u} on Binance): a
     *                     mutant that keeps them well-formed but changes them is a different, valid frame (a venue
     *                     lying about its sequence, which no client can detect), so the fuzzer does not send it
     */
    void sent(ServerWebSocket ws, String text, Set<String> sequenceKeys);
}
