package io.xgate.config;

import java.nio.file.Path;

/**
 * The configuration is wrong: one message that names the file, the line, the key and what is expected, so
 * that start-up can stop with it and nothing else.
 */
public final class ConfigException extends RuntimeException {

    private final Path file;
    private final String key;

    /**
     * @param file the file at fault (may be null for command-line input)
     * @param line the 1-based line, or 0 if unknown
     * @param key  the dotted key path (may be empty)
     * @param problem what is wrong and what is expected
     */
    public ConfigException(Path file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.key = key;
    }

    /** The file at fault, or null. */
    public Path file() {
        return file;
    }

    /** The dotted key path at fault ({@code ""} for the whole file). */
    public String key() {
        return key;
    }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }
}
