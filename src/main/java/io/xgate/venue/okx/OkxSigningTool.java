package io.xgate.venue.okx;

import io.xgate.config.Secret;
import io.xgate.venue.SigningTool;
import java.util.Set;

/**
 * {@code xgate sign --dialect okx}: {@code base64(HMAC-SHA256(secret, prehash))} as {@link OkxOrderProtocol} signs,
 * where the payload is the whole prehash {@code timestamp + METHOD + requestPath + body}
 * ({@code 2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC}), or the WebSocket login's
 * {@code unixSeconds + "GET/users/self/verify"}. Refuses a non-ASCII payload and one that does not start with a
 * timestamp and an upper-case method.
 */
public final class OkxSigningTool implements SigningTool {

    private static final java.util.regex.Pattern PREHASH = java.util.regex.Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z|\\d{10})(GET|POST|DELETE|PUT)(/[^{]*)");

    @Override
    public Set<Option> options() {
        return Set.of();
    }

    @Override
    public String recipe() {
        return "base64 HMAC-SHA256 of timestamp + METHOD + requestPath(+query) + body, the secret used as text "
                + "(payload: the whole prehash, e.g. 2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC).";
    }

    @Override
    public Signature sign(Input in, Secret secret) {
        String payload = in.payload();
        for (int k = 0; k < payload.length(); k++) {
            if (payload.charAt(k) > 126 || payload.charAt(k) < 32) {
                throw new IllegalArgumentException("the payload holds a non-ASCII or control character at " + k
                        + "; OKX signs the exact bytes sent");
            }
        }
        java.util.regex.Matcher m = PREHASH.matcher(payload);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("the payload must be the prehash: an ISO-8601 timestamp with "
                    + "milliseconds (2020-12-08T09:08:57.715Z, or Unix seconds for a WebSocket login), the method in "
                    + "upper case, then the request path and the body");
        }
        String rest = payload.substring(m.end(3));
        String sig = new OkxSigner(null, secret, null).sign(m.group(1), m.group(2), m.group(3), rest);
        return new Signature(sig, "signed timestamp '" + m.group(1) + "', method " + m.group(2) + ", path '"
                + m.group(3) + "', body of " + rest.length() + " bytes");
    }
}
