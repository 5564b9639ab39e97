package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.xgate.App;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xgate sign --dialect okx} through {@link OkxSigningTool}: the protocol reference's 3.4 vectors. */
class OkxSignCommandTest {

    @Test
    void signReproducesTheSelfGeneratedVectors(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("okx.secret");
        Files.writeString(secret, "22582BD0CFF14C41EDBF1AB98506286D\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, App.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sign", "--dialect", "okx",
                "--secret-file", secret.toString(), "--payload", "2020-12-08T09:08:57.715ZPOST/api/v5/trade/order"
                        + "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\","
                        + "\"ordType\":\"limit\",\"px\":\"2.15\",\"sz\":\"2\"}"), err.toString());
        assertEquals("dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=", out.toString().trim());
        assertEquals(2, App.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sign", "--dialect", "okx",
                "--secret-file", secret.toString(), "--payload", "GET/api/v5/account/balance"));
        assertFalse((out.toString() + err).contains("22582BD0CFF14C41EDBF1AB98506286D"), "no secret is printed");
    }
}
