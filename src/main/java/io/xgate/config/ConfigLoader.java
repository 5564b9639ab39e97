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

    /** Loads one venue file; its {@code id} must match the name the gateway file gave. */
    public VenueConfig loadVenue(Path file, String expectedId) {
        return venueFiles.read(file, expectedId);
    }
}
