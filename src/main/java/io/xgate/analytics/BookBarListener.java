package io.xgate.analytics;

import io.xgate.event.BookBar;

/** Receives the bars a {@link BookFeatures} closes, on the book's owner thread, in bar order. */
@FunctionalInterface
public interface BookBarListener {

    /** A bar is closed; the owner publishes it ({@code xgate.an.bookbar.<venue>.<SYMBOL>}). */
    void onBookBar(BookBar bar);
}
