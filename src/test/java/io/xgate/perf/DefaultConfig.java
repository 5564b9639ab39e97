package io.xgate.perf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped default configuration ({@code conf/}), copied with every port moved to a free one. */
final class DefaultConfig {

    private DefaultConfig() {
    }

    /** Writes {@code conf/xgate.yaml} and {@code conf/venues/*.yaml} to {@code dir} on free ports; the gateway file. */
    static Path onFreePorts(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        try (var files = Files.list(Path.of("conf/venues"))) {
            for (Path f : files.toList()) {
                Files.writeString(dir.resolve("venues").resolve(f.getFileName()), Files.readString(f)
                        .replaceAll("127\\.0\\.0\\.1:91\\d\\d", "127.0.0.1:" + freePort()));
            }
        }
        String gateway = Files.readString(Path.of("conf/xgate.yaml"));
        String moved = gateway.replaceFirst("(?m)^  port: 8080", "  port: 0");
        if (moved.equals(gateway)) {
            throw new IllegalStateException("conf/xgate.yaml's admin port is not where this copy expects it");
        }
        return Files.writeString(dir.resolve("xgate.yaml"), moved);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
