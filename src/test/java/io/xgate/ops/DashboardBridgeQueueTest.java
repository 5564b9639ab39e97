package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bridge's per-browser write-queue policy, which a real socket can hardly show (a loopback connection's kernel
 * buffers hold megabytes before a write queue fills): a stand-in socket reports its queue full, and the bridge drops
 * the messages for it, then disconnects it once it has stayed full for the slow-client time; a socket that drains
 * gets messages again. The stand-ins are proxies of the two Vert.x interfaces, answering only what the bridge asks.
 */
class DashboardBridgeQueueTest {

    private final AtomicBoolean full = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger queueMax = new AtomicInteger();
    private final SockJSSocket socket = (SockJSSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {SockJSSocket.class}, (p, m, args) -> switch (m.getName()) {
                case "writeQueueFull" -> full.get();
                case "close" -> {
                    closed.incrementAndGet();
                    yield null;
                }
                case "setWriteQueueMaxSize" -> {
                    queueMax.set((Integer) args[0]);
                    yield p;
                }
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                case "remoteAddress" -> null;
                case "toString" -> "socket";
                default -> throw new UnsupportedOperationException(m.getName());
            });

    /** The bridge's answer to one event of this socket. */
    private Boolean handle(DashboardBridge bridge, BridgeEventType type, JsonObject raw) {
        Boolean[] answer = new Boolean[1];
        BridgeEvent event = (BridgeEvent) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BridgeEvent.class}, (p, m, args) -> switch (m.getName()) {
                    case "type" -> type;
                    case "socket" -> socket;
                    case "getRawMessage" -> raw;
                    case "complete", "tryComplete" -> {
                        answer[0] = (Boolean) args[0];
                        yield m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        bridge.handle(event);
        return answer[0];
    }

    @Test
    void aFullQueueDropsMessagesAndASlowBrowserIsDisconnected() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DashboardBridge bridge = new DashboardBridge(Set.of("xgate.dash.venues"), registry, 200, clock::get);
        JsonObject rec = new JsonObject().put("type", "rec").put("address", "xgate.dash.venues");
        assertEquals(Boolean.TRUE, handle(bridge, BridgeEventType.SOCKET_CREATED, null));
        assertEquals(DashboardBridge.WRITE_QUEUE_CHARS, queueMax.get(), "the socket's queue is bounded");
        assertEquals(Boolean.TRUE, handle(bridge, BridgeEventType.RECEIVE, rec));

        full.set(true);
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.RECEIVE, rec), "dropped while full");
        full.set(false);
        assertEquals(Boolean.TRUE, handle(bridge, BridgeEventType.RECEIVE, rec), "written again once drained");
        assertEquals(0, closed.get());

        full.set(true);
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.RECEIVE, rec)); // full since now
        clock.addAndGet(200_000_000L);
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.RECEIVE, rec));
        assertEquals(0, closed.get(), "full for the slow-client time, not longer: still connected");
        clock.addAndGet(1);
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.RECEIVE, rec));
        assertEquals(1, closed.get(), "full for longer than the slow-client time: disconnected");
        assertEquals(1.0, registry.get("xgate.dashboard.slow.clients").counter().count());
        assertTrue(registry.get("xgate.dashboard.dropped").counter().count() >= 2);
        assertEquals(0.0, registry.get("xgate.dashboard.clients").gauge().value(), "forgotten once disconnected");
        assertFalse(handle(bridge, BridgeEventType.RECEIVE, rec), "nothing more for a disconnected socket");
    }

    @Test
    void inboundIsRefusedAndOnlyPublicAddressesMayBeSubscribed() {
        DashboardBridge bridge = new DashboardBridge(Set.of("xgate.dash.venues"), new SimpleMeterRegistry());
        handle(bridge, BridgeEventType.SOCKET_CREATED, null);
        JsonObject to = new JsonObject().put("address", "xgate.dash.venues");
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.SEND, to));
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.PUBLISH, to));
        assertEquals(Boolean.TRUE, handle(bridge, BridgeEventType.REGISTER, to));
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.REGISTER,
                new JsonObject().put("address", "xgate.md.top.binance.BTC-USDT")));
        assertEquals(Boolean.FALSE, handle(bridge, BridgeEventType.REGISTER, new JsonObject()));
    }
}
