package io.xgate.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a rotation's new connection continues the served stream, and which texts are keep-alives. */
class ServeSpliceTest {

    private static List<byte[]> msgs(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theStandbyContinuesAfterTheLastServedRun() {
        // the standby's own answers and snapshot, then the publications both connections got
        List<byte[]> standby = msgs("ack", "snapshot", "u5", "u6", "u7", "u8");
        assertEquals(4, VenueServer.splice(msgs("u3", "u4", "u5", "u6"), standby), "u7 and u8 follow");
        assertEquals(6, VenueServer.splice(msgs("u7", "u8"), standby), "nothing follows: in step");
        assertEquals(-1, VenueServer.splice(msgs("u9"), standby), "the standby has not got it: no splice");
        assertEquals(-1, VenueServer.splice(msgs(), standby), "nothing served yet: no splice");
    }

    @Test
    void aRepeatedMessageSplicesWhereMostOfTheServedRunAgrees() {
        // a heartbeat occurs twice in the standby's stream; only the second place continues u1, u2, heartbeat
        List<byte[]> standby = msgs("snapshot", "heartbeat", "u1", "u2", "heartbeat", "u3");
        assertEquals(5, VenueServer.splice(msgs("u0", "u1", "u2", "heartbeat"), standby));
        // a lone heartbeat agrees as far at both places: the latest wins
        assertEquals(5, VenueServer.splice(msgs("x", "heartbeat"), standby));
    }

    @Test
    void keepAlivesAreNotCountedAsSubscriptions() {
        assertTrue(VenueServer.isPing("ping"));
        assertTrue(VenueServer.isPing("{\"method\":\"ping\",\"req_id\":4}"));
        assertTrue(VenueServer.isPing("{\"req_id\":\"1\",\"op\":\"ping\"}"));
        assertFalse(VenueServer.isPing("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\"}}"));
        assertFalse(VenueServer.isPing("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}"));
    }
}
