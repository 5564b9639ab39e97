package io.xgate.venue;

import io.vertx.core.buffer.Buffer;
import java.util.function.ToLongFunction;

/**
 * A venue's server-time endpoint.
 *
 * @param pathAndQuery     {@code GET} path on the REST base URL
 * @param limitClass       the limit class it counts against
 * @param cost             its cost in that class
 * @param resolutionMillis the resolution of the time it answers (1000 for whole seconds)
 * @param parse            the venue's time in epoch milliseconds, from the response body
 */
public record ServerTimeEndpoint(String pathAndQuery, String limitClass, long cost, long resolutionMillis,
                                 ToLongFunction<Buffer> parse) {
}
