package io.xgate.venue.bybit;

import io.xgate.config.Secret;
import io.xgate.venue.SigningTool;
import java.util.Set;

/**
 * {@code xgate sign --dialect bybit}: the lowercase hex HMAC-SHA256 of the text Bybit signs,
 * {@code timestamp + apiKey + recvWindow + (query string | JSON body)}, given whole as the payload, as
 * {@link BybitOrderProtocol} signs it. Refuses a payload that does not start with a 13-digit millisecond timestamp
 * and a non-ASCII one.
 */
public final class BybitSigningTool implements SigningTool {

    @Override
    public Set<Option> options() {
        return Set.of();
    }

    @Override
    public String recipe() {
        return "hex HMAC-SHA256 of timestamp + apiKey + recvWindow + (query string | JSON body), given whole.";
    }

    @Override
    public Signature sign(Input in, Secret secret) {
        String payload = in.payload();
        if (!payload.matches("\\d{13}.*")) {
            throw new IllegalArgumentException("the payload must start with the X-BAPI-TIMESTAMP in milliseconds "
                    + "(13 digits), then the API key, the recvWindow and the query string or JSON body");
        }
        for (int k = 0; k < payload.length(); k++) {
            if (payload.charAt(k) > 127) {
                throw new IllegalArgumentException("the payload holds a non-ASCII character at " + k
                        + ": percent-encode the query string or escape the JSON body as it is sent");
            }
        }
        String sig = BybitSigner.signWhole(secret, payload);
        return new Signature(sig, "signed " + payload.length() + " bytes: " + payload);
    }
}
