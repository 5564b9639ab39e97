package io.xgate.venue.kraken;

import io.xgate.config.Secret;
import io.xgate.venue.SigningTool;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xgate sign --dialect kraken}: {@code API-Sign} over {@code --path} and the POST data, as
 * {@link KrakenOrderProtocol} signs it. The nonce is the payload's {@code nonce=}; a {@code --nonce} that differs
 * from it is refused, as is a path outside {@code /0/private/}.
 */
public final class KrakenSigningTool implements SigningTool {

    private static final Pattern NONCE = Pattern.compile("(?:^|&)nonce=([0-9]+)(?:&|$)");

    @Override
    public Set<Option> options() {
        return Set.of(Option.PATH, Option.NONCE);
    }

    @Override
    public String recipe() {
        return "API-Sign = base64 HMAC-SHA512 of the URI path + SHA-256(nonce + POST data).";
    }

    @Override
    public Signature sign(Input in, Secret secret) {
        String path = in.path();
        if (path == null || !path.startsWith("/0/private/")) {
            throw new IllegalArgumentException("--path is required for kraken and starts with /0/private/, e.g. "
                    + "/0/private/AddOrder");
        }
        Matcher m = NONCE.matcher(in.payload());
        Long inPayload = m.find() ? Long.valueOf(m.group(1)) : null;
        if (inPayload == null) {
            throw new IllegalArgumentException("the kraken payload has no nonce=...; Kraken requires it in the POST "
                    + "data");
        }
        if (in.nonce() != null && !in.nonce().equals(inPayload)) {
            throw new IllegalArgumentException("--nonce " + in.nonce() + " differs from the payload's nonce="
                    + inPayload + "; Kraken signs the nonce followed by the POST data, so they must be the same");
        }
        String sig = new KrakenSigner(null, secret).sign(path, inPayload, in.payload());
        return new Signature(sig, "signed path " + path + ", SHA-256 of nonce " + inPayload + " + POST data: "
                + in.payload());
    }
}
