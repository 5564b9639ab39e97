package io.xgate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the harness commands, whose own output is the report. */
final class Logs {

    private Logs() {
    }

    /**
     * Only errors from now on, unless {@code XGATE_LOG_LEVEL} asks for more: a harness that injects faults on purpose
     * would otherwise log a warning for each, and its report counts them.
     */
    static void quiet() {
        if (System.getenv("XGATE_LOG_LEVEL") != null) {
            return;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("io.xgate")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("io.vertx")).setLevel(Level.ERROR);
    }
}
