package io.xgate.sim.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The simulator's own Kraken API-Sign check, against the official vector V4 (protocol reference 2.4). */
class KrakenSignatureCheckTest {

    private static final String SECRET =
            "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private static final String NONCE = "1616492376594";
    private static final String BODY = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
    private static final String PATH = "/0/private/AddOrder";
    private static final String SIGN =
            "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";

    @Test
    void officialVectorV4() {
        KrakenSignatureCheck check = new KrakenSignatureCheck(SECRET.toCharArray());
        assertEquals(SIGN, check.expected(PATH, NONCE, BODY));
        assertTrue(check.verify(PATH, NONCE, BODY, SIGN));
    }

    @Test
    void anyChangeIsRefused() {
        KrakenSignatureCheck check = new KrakenSignatureCheck(SECRET.toCharArray());
        assertFalse(check.verify("/0/private/CancelOrder", NONCE, BODY, SIGN));
        assertFalse(check.verify(PATH, NONCE, BODY.replace("1.25", "1.26"), SIGN));
        assertFalse(check.verify(PATH, "1616492376595", BODY, SIGN));
    }
}
