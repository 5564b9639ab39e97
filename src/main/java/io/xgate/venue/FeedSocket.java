package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;

/** The socket under a {@link VenueConnection}: a WebSocket live, nothing in a replay. */
interface FeedSocket {

    void writeText(String text);

    void writePing();

    Future<Void> close();

    /** The socket of a Vert.x WebSocket. */
    static FeedSocket of(WebSocket ws) {
        return new FeedSocket() {
            @Override
            public void writeText(String text) {
                ws.writeTextMessage(text);
            }

            @Override
            public void writePing() {
                ws.writePing(io.vertx.core.buffer.Buffer.buffer("xgate"));
            }

            @Override
            public Future<Void> close() {
                return ws.close();
            }
        };
    }

    /** A socket that goes nowhere (a replay's connections send nothing). */
    FeedSocket NONE = new FeedSocket() {
        @Override
        public void writeText(String text) {
        }

        @Override
        public void writePing() {
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };
}
