package io.xgate.venue;

/** Part of the {@link Dialect} SPI: the order side of a dialect (being moved out of the order verticle). */
public interface OrderProtocol {
}
