package io.xgate.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Loads and validates {@code conf/xgate.yaml} and the venue files it names, up front, into immutable records.
 * Any problem is one {@link ConfigException} naming file, line, key and what is expected.
 *
 * <p>The entry point of the {@code config} package: the gateway file is read by {@link GatewayFileReader}, its
 * {@code simulator} section by {@link SimulatorSectionReader}, each venue file by {@link VenueFileReader} and
 * every {@code {env: ...}} / {@code {file: ...}} secret by {@link SecretReader}, all through {@link YamlSection}.
 */
public final class ConfigLoader {

    private final VenueFileReader venueFiles;
    private final GatewayFileReader gatewayFiles;

    /** A loader that reads secrets from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader with the given environment lookup (tests). */
    public ConfigLoader(Function<String, String> env) {
        this(env, true);
    }

    /**
     * A loader for a component that uses no secret ({@code xgate tail}, {@code check} of another machine's file):
     * secrets are checked for their shape, and a venue whose secrets are not in the environment (or files) is read
     * without credentials instead of being refused.
     */
    public static ConfigLoader withoutSecrets(Function<String, String> env) {
        return new ConfigLoader(env, false);
    }

    private ConfigLoader(Function<String, String> env, boolean secretsRequired) {
        SecretReader secrets = new SecretReader(env, secretsRequired);
        this.venueFiles = new VenueFileReader(secrets);
        this.gatewayFiles = new GatewayFileReader(venueFiles, new SimulatorSectionReader(secrets), secrets);
    }

    /** Loads the gateway file and every venue file it names. */
    public GatewayConfig load(Path gatewayFile) {
        return gatewayFiles.read(gatewayFile);
    }

    /**
     * An error at a key of a file the loader read, for a rule checked after loading (what start-up refuses beyond
     * the files' own rules): it names the file, the key's line (0 if the file no longer reads) and the key.
     *
     * @param key a dotted key path, e.g. {@code cluster.hazelcastConfig}
     */
    public static ConfigException errorAt(Path file, String key, String problem) {
        try {
            YamlSection s = YamlSection.load(file);
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1 && s.has(parts[i]); i++) {
                s = s.section(parts[i]);
            }
            String last = parts[parts.length - 1];
            if (s.path().equals(key.substring(0, Math.max(0, key.length() - last.length() - 1)))) {
                return s.error(last, problem);
            }
            return new ConfigException(file, s.line(), key, problem);
        } catch (ConfigException e) {
            return new ConfigException(file, 0, key, problem);
        }
    }

    /** Loads one venue file; its {@code id} must match the name the gateway file gave. */
    public VenueConfig loadVenue(Path file, String expectedId) {
        return venueFiles.read(file, expectedId);
    }
}
