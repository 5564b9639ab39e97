package io.xgate.sim.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated OKX venue's own side, from protocol reference 3.3 and 3.4 only (no client code). */
class OkxSimDocumentTest {

    /** C5 (OFFICIAL): bids 3366.1/7, 3366/6; asks 3366.8/9, 3368/8 → -1881014294. */
    @Test
    void itsChecksumReproducesC5() {
        assertEquals(-1_881_014_294, OkxSimChecksum.of(
                List.of(new String[] {"3366.1", "7"}, new String[] {"3366", "6"}),
                List.of(new String[] {"3366.8", "9"}, new String[] {"3368", "8"})));
    }

    /** C7's levels give -2102840145 (the document's own printed value is inconsistent, see 3.3). */
    @Test
    void itsChecksumOfC7sLevelsIsTheRecomputedValue() {
        List<String[]> asks = List.of(new String[] {"8476.98", "415"}, new String[] {"8477", "7"},
                new String[] {"8477.34", "85"}, new String[] {"8477.56", "1"}, new String[] {"8505.84", "8"},
                new String[] {"8506.37", "85"}, new String[] {"8506.49", "2"}, new String[] {"8506.96", "100"});
        List<String[]> bids = List.of(new String[] {"8476.97", "256"}, new String[] {"8475.55", "101"},
                new String[] {"8475.54", "100"}, new String[] {"8475.3", "1"}, new String[] {"8447.32", "6"},
                new String[] {"8447.02", "246"}, new String[] {"8446.83", "24"}, new String[] {"8446", "95"});
        assertEquals(-2_102_840_145, OkxSimChecksum.of(bids, asks));
    }

    /** 3.4's self-generated vectors, checked with the JDK's Mac. */
    @Test
    void itsSignatureCheckFollowsTheRecipe() {
        OkxSimSignatureCheck check = new OkxSimSignatureCheck("22582BD0CFF14C41EDBF1AB98506286D".toCharArray());
        assertEquals("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=", check.expected("2020-12-08T09:08:57.715Z", "GET",
                "/api/v5/account/balance?ccy=BTC", ""));
        String body = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"2.15\",\"sz\":\"2\"}";
        assertTrue(check.verify("2020-12-08T09:08:57.715Z", "POST", "/api/v5/trade/order", body,
                "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ="));
        assertFalse(check.verify("2020-12-08T09:08:57.716Z", "POST", "/api/v5/trade/order", body,
                "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ="));
        assertEquals("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=", check.expected("1538054050", "GET",
                "/users/self/verify", ""));
    }

    /** Swap sizes go on the wire in contracts of ctVal, exactly. */
    @Test
    void swapSizesAreWrittenInContracts() {
        assertEquals("1.5", OkxSimServer.size(new BigDecimal("0.01"), 150, 4));
        assertEquals("0.015", OkxSimServer.size(null, 150, 4));
    }
}
