package io.xgate.cli;

import io.xgate.App;
import io.xgate.config.Secret;
import io.xgate.venue.Dialects;
import io.xgate.venue.SigningTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgate sign}: prints the signature a venue expects for a payload, the way the gateway computes it: the
 * tool to reach for when a venue answers "invalid signature". The secret comes from an environment variable or a
 * file, never from the command line (which shells keep in their history). Dialect-free: each dialect's
 * {@link SigningTool} (from {@link Dialects}) checks the input and signs; the help lists every registered dialect's
 * recipe.
 */
@Command(name = "sign", mixinStandardHelpOptions = true, modelTransformer = SignCommand.Recipes.class,
        description = {"Print the signature of a request payload, as the gateway computes it."})
public final class SignCommand implements Callable<Integer> {

    /** The registered dialects, for {@code --dialect}'s help. */
    static final class DialectNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Dialects.names().iterator();
        }
    }

    /** Adds each registered dialect's recipe and an example to the command's description. */
    static final class Recipes implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
            int width = Dialects.names().stream().mapToInt(String::length).max().orElse(0) + 1;
            for (String name : Dialects.names()) {
                SigningTool tool = Dialects.named(name).signing();
                StringBuilder line = new StringBuilder(String.format("%-" + width + "s %s", name + ":", tool.recipe()));
                if (!tool.options().isEmpty()) {
                    line.append(" Uses ").append(String.join(", ", tool.options().stream().sorted()
                            .map(o -> "--" + o.name().toLowerCase(java.util.Locale.ROOT)).toList())).append('.');
                }
                lines.add(line.toString());
            }
            String first = Dialects.names().get(0);
            lines.add("Example: xgate sign --dialect " + first + " --secret-env "
                    + first.toUpperCase(java.util.Locale.ROOT) + "_API_SECRET --payload 'symbol=...&timestamp=...'");
            spec.usageMessage().description(lines.toArray(new String[0]));
            return spec;
        }
    }

    @Option(names = "--dialect", required = true, completionCandidates = DialectNames.class,
            description = "one of: ${COMPLETION-CANDIDATES}")
    String dialect;

    @Option(names = "--payload", required = true,
            description = "what the venue signs over (e.g. a query string + body, or URL-encoded POST data)")
    String payload;

    @Option(names = "--path", description = "the URI path, for dialects that sign it (e.g. /0/private/AddOrder)")
    String path;

    @Option(names = "--nonce", description = "the nonce, for dialects that use one (default: the payload's nonce=...)")
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
        List<String> names = Dialects.names();
        if (!names.contains(dialect)) {
            return usage("--dialect must be " + oneOf(names) + ", not '" + dialect + "'");
        }
        try {
            SigningTool.Signature sig = Dialects.named(dialect).signing().sign(new SigningTool.Input(payload, path,
                    nonce), s);
            explain(sig.explanation());
            spec.commandLine().getOut().println(sig.value());
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String oneOf(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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
