package io.xgate.cli;

import io.xgate.App;
import io.xgate.config.Secret;
import io.xgate.venue.binance.BinanceSigner;
import io.xgate.venue.kraken.KrakenSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgate sign}: prints the signature a venue expects for a payload, the way the gateway computes it: the
 * tool to reach for when a venue answers "invalid signature". The secret comes from an environment variable or a
 * file, never from the command line (which shells keep in their history).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Print the signature of a request payload, as the gateway computes it.",
            "binance: hex HMAC-SHA256 of the payload (query string, then body, without 'signature').",
            "kraken:  API-Sign = base64 HMAC-SHA512 of the URI path + SHA-256(nonce + POST data).",
            "Example: xgate sign --dialect binance --secret-env BINANCE_API_SECRET --payload 'symbol=...&timestamp=...'"})
public final class SignCommand implements Callable<Integer> {

    private static final Pattern NONCE = Pattern.compile("(?:^|&)nonce=([0-9]+)(?:&|$)");

    @Option(names = "--dialect", required = true, description = "binance or kraken")
    String dialect;

    @Option(names = "--payload", required = true,
            description = "binance: query string + body; kraken: the URL-encoded POST data (with nonce=...)")
    String payload;

    @Option(names = "--path", description = "kraken: the URI path, e.g. /0/private/AddOrder")
    String path;

    @Option(names = "--nonce", description = "kraken: the nonce (default: the payload's nonce=...)")
    Long nonce;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SecretSource secret;

    /** Where the secret comes from: exactly one. */
    static final class SecretSource {
        @Option(names = "--secret-env", description = "name of the environment variable that holds the API secret")
        String env;

        @Option(names = "--secret-file", description = "file that holds the API secret")
        Path file;
    }

    @Option(names = {"-v", "--verbose"}, description = "also print (to stderr) exactly what was signed, never the secret")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Secret s;
        try {
            s = readSecret();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        switch (dialect) {
            case "binance":
                if (payload.matches("(?:.*&)?signature=.*")) {
                    return usage("the payload already holds a signature=... parameter; sign the payload without it");
                }
                try {
                    String sig = new BinanceSigner(null, s).sign(payload);
                    explain("signed " + payload.length() + " bytes: " + payload);
                    spec.commandLine().getOut().println(sig);
                    return 0;
                } catch (IllegalArgumentException e) {
                    return usage(e.getMessage());
                }
            case "kraken":
                if (path == null || !path.startsWith("/0/private/")) {
                    return usage("--path is required for kraken and starts with /0/private/, e.g. /0/private/AddOrder");
                }
                Matcher m = NONCE.matcher(payload);
                Long inPayload = m.find() ? Long.valueOf(m.group(1)) : null;
                if (inPayload == null) {
                    return usage("the kraken payload has no nonce=...; Kraken requires it in the POST data");
                }
                if (nonce != null && !nonce.equals(inPayload)) {
                    return usage("--nonce " + nonce + " differs from the payload's nonce=" + inPayload
                            + "; Kraken signs the nonce followed by the POST data, so they must be the same");
                }
                try {
                    KrakenSigner signer = new KrakenSigner(null, s);
                    String sig = signer.sign(path, inPayload, payload);
                    explain("signed path " + path + ", SHA-256 of nonce " + inPayload + " + POST data: " + payload);
                    spec.commandLine().getOut().println(sig);
                    return 0;
                } catch (IllegalArgumentException e) {
                    return usage(e.getMessage());
                }
            default:
                return usage("--dialect must be binance or kraken, not '" + dialect + "'");
        }
    }

    private Secret readSecret() {
        if (secret.env != null) {
            String v = System.getenv(secret.env);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + secret.env + " is not set");
            }
            return new Secret(v.toCharArray(), "env " + secret.env);
        }
        try {
            String v = Files.readString(secret.file, StandardCharsets.UTF_8);
            if (v.isBlank()) {
                throw new IllegalArgumentException(secret.file + " is empty");
            }
            return new Secret(v.toCharArray(), "file " + secret.file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + secret.file + ": " + e.getClass().getSimpleName());
        }
    }

    private void explain(String what) {
        if (verbose) {
            spec.commandLine().getErr().println(what);
        }
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("xgate sign: " + message);
        return App.EXIT_USAGE;
    }
}
