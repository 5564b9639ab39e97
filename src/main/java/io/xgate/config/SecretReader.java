package io.xgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a secret given as {@code {env: VARIABLE}} or {@code {file: /path/to/secret}}, from the environment
 * lookup it was made with or from the file. A literal value in the configuration is refused: secrets are never
 * written in config files.
 */
final class SecretReader {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;
    private final boolean required;

    /** A reader resolving {@code env:} secrets with {@code env}. */
    SecretReader(Function<String, String> env) {
        this(env, true);
    }

    /**
     * @param required false for a component that uses no secret ({@code xgate tail}): the shape is still checked, but
     *                 a variable that is not set or a file that cannot be read gives {@code null} instead of an error
     */
    SecretReader(Function<String, String> env, boolean required) {
        this.env = env;
        this.required = required;
    }

    /**
     * The secret at {@code parent}'s required {@code key}; {@code null} when it is not there and this reader does not
     * require secrets.
     */
    Secret read(YamlSection parent, String key) {
        return read(parent, key, "remove 'credentials' if this venue only needs market data");
    }

    /** The secret at {@code parent}'s required {@code key}; {@code otherwise}: what to do if its variable is unset. */
    Secret read(YamlSection parent, String key, String otherwise) {
        if (!parent.has(key)) {
            throw parent.error(key, "is required; expected {env: VARIABLE} or {file: /path/to/secret}");
        }
        YamlSection s;
        try {
            s = parent.section(key);
        } catch (ConfigException e) {
            throw parent.error(key, "secrets are never written in config files; expected {env: VARIABLE} or "
                    + "{file: /path/to/secret}");
        }
        boolean fromEnv = s.has("env");
        boolean fromFile = s.has("file");
        if (fromEnv == fromFile) {
            throw s.error("expected exactly one of env or file, e.g. {env: BINANCE_API_SECRET}");
        }
        Secret secret;
        if (fromEnv) {
            String var = s.string("env");
            if (!ENV_NAME.matcher(var).matches()) {
                throw s.error("env", "'" + var + "' is not an environment variable name");
            }
            String value = env.apply(var);
            if ((value == null || value.isEmpty()) && !required) {
                s.done();
                return null;
            }
            if (value == null || value.isEmpty()) {
                throw s.error("env", "environment variable " + var + " is not set; export it, or "
                        + otherwise);
            }
            secret = new Secret(value.trim().toCharArray(), "env " + var);
        } else {
            Path p = s.filePath("file", null);
            try {
                String value = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw s.error("file", p + " is empty");
                }
                secret = new Secret(value.toCharArray(), "file " + p);
            } catch (IOException e) {
                if (!required) {
                    s.done();
                    return null;
                }
                throw s.error("file", "cannot read " + p + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                        : Files.isDirectory(p) ? "it is a folder" : "read error")
                        + "; give the file that holds the secret, or " + otherwise);
            }
        }
        s.done();
        return secret;
    }
}
