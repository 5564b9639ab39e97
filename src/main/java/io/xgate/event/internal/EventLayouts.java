package io.xgate.event.internal;

import io.xgate.event.EventType;

/**
 * The one table of wire layouts, indexed by {@link EventType} code. Adding an event type is one
 * {@link EventLayout} class and one line here.
 */
public final class EventLayouts {

    private static final EventLayout<?>[] BY_CODE = table(
            new BookUpdateLayout(),
            new TradeLayout(),
            new BookTopLayout(),
            new VenueStatusLayout(),
            new OpportunityLayout(),
            new OrderRequestLayout(),
            new OrderReportLayout(),
            new VenueTouchLayout(),
            new CandleLayout(),
            new IndicatorLayout(),
            new BookBarLayout());

    private EventLayouts() {
    }

    /** The layout of {@code type}, or {@code null} if this build has none. */
    public static EventLayout<?> of(EventType type) {
        int code = type.code();
        return code < BY_CODE.length ? BY_CODE[code] : null;
    }

    private static EventLayout<?>[] table(EventLayout<?>... layouts) {
        int max = 0;
        for (EventLayout<?> l : layouts) {
            max = Math.max(max, l.type().code());
        }
        EventLayout<?>[] byCode = new EventLayout<?>[max + 1];
        for (EventLayout<?> l : layouts) {
            if (byCode[l.type().code()] != null) {
                throw new IllegalStateException("two wire layouts for " + l.type());
            }
            byCode[l.type().code()] = l;
        }
        return byCode;
    }
}
