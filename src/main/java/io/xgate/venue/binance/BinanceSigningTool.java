package io.xgate.venue.binance;

import io.xgate.config.Secret;
import io.xgate.venue.SigningTool;
import java.util.Set;

/**
 * {@code xgate sign --dialect binance}: the hex HMAC-SHA256 of the payload (query string, then body), as
 * {@link BinanceOrderProtocol} signs it. Refuses a payload that already holds {@code signature=} and a non-ASCII one.
 */
public final class BinanceSigningTool implements SigningTool {

    @Override
    public Set<Option> options() {
        return Set.of();
    }

    @Override
    public String recipe() {
        return "hex HMAC-SHA256 of the payload (query string, then body, without 'signature').";
    }

    @Override
    public Signature sign(Input in, Secret secret) {
        String payload = in.payload();
        if (payload.matches("(?:.*&)?signature=.*")) {
            throw new IllegalArgumentException("the payload already holds a signature=... parameter; sign the payload "
                    + "without it");
        }
        String sig = new BinanceSigner(null, secret).sign(payload);
        return new Signature(sig, "signed " + payload.length() + " bytes: " + payload);
    }
}
