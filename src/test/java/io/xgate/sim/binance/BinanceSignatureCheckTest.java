package io.xgate.sim.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The simulator's own Binance signature check, against the official vector V1 (protocol reference 1.3). */
class BinanceSignatureCheckTest {

    private static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String PAYLOAD =
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private static final String SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    @Test
    void officialVectorV1() {
        BinanceSignatureCheck check = new BinanceSignatureCheck(SECRET.toCharArray());
        assertEquals(SIGNATURE, check.expected(PAYLOAD));
        assertTrue(check.verify(PAYLOAD, SIGNATURE));
        assertTrue(check.verify(PAYLOAD, SIGNATURE.toUpperCase(Locale.ROOT)), "hex is case-insensitive");
    }

    @Test
    void thePayloadIsQueryThenBodyWithoutTheSignature() {
        String query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
        String body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=" + SIGNATURE;
        // the documented mixed example: query "...timeInForce=GTC" and body "quantity=1&..." are concatenated
        // with no separator
        assertEquals(query + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
                BinanceSignatureCheck.signedPayload(query, body));
        assertEquals(PAYLOAD, BinanceSignatureCheck.signedPayload(PAYLOAD + "&signature=" + SIGNATURE, ""));
    }

    @Test
    void aSignatureWithoutTheBodyIsRefused() {
        BinanceSignatureCheck check = new BinanceSignatureCheck(SECRET.toCharArray());
        String query = "symbol=LTCBTC&side=BUY";
        String body = "type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertFalse(check.verify(BinanceSignatureCheck.signedPayload(query, body), check.expected(query)));
    }
}
