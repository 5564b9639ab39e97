package io.xgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the commands that read the gateway configuration. */
public final class ConfigOption {

    /** The default gateway configuration file. */
    public static final String DEFAULT = "conf/xgate.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
            description = "Gateway configuration file (default: ${DEFAULT-VALUE}). Venue files are read from "
                    + "its venuesDir.")
    Path file;

    /** The configuration file named on the command line. */
    public Path file() {
        return file;
    }
}
