package io.xgate;

import io.xgate.cli.CheckCommand;
import io.xgate.cli.LatencyCommand;
import io.xgate.cli.RunCommand;
import io.xgate.cli.SignCommand;
import io.xgate.cli.SimCommand;
import io.xgate.cli.TailCommand;
import io.xgate.cli.RecordCommand;
import io.xgate.cli.ReplayCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code xgate} command line: {@code java -jar target/xgate.jar [command] [options]}. {@code run} is the
 * default command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad configuration.
 */
@Command(name = "xgate", mixinStandardHelpOptions = true, versionProvider = App.Version.class,
        description = "Multi-exchange crypto market-data and trading gateway.%n"
                + "Without a command, runs the gateway ('run').",
        footer = {"%nWithout a command, run's options run the gateway ('xgate run --help'):",
            "  xgate --config conf/live.yaml    is    xgate run --config conf/live.yaml",
            "Exit codes: 0 success (a clean stop on Ctrl-C or SIGTERM too), 1 failure,",
            "2 bad usage or configuration."},
        subcommands = {RunCommand.class, CheckCommand.class, SimCommand.class, LatencyCommand.class, io.xgate.cli.FuzzCommand.class,
            SignCommand.class,
            TailCommand.class, RecordCommand.class, ReplayCommand.class, io.xgate.cli.ExportCommand.class, io.xgate.cli.BarsCommand.class,
            io.xgate.cli.ChaosCommand.class, io.xgate.cli.SoakCommand.class,
            CommandLine.HelpCommand.class})
public final class App implements Runnable {

    /** Exit code for a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    /** The option names {@code run} takes, from its own declaration. */
    private static final Set<String> RUN_OPTIONS = Set.copyOf(new CommandLine(new io.xgate.cli.RunCommand())
            .getCommandSpec().optionsMap().keySet());

    private App() {
    }

    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        // the log is asynchronous: flush what is queued before the JVM exits (its worker is a daemon thread)
        io.xgate.metrics.CountingAsyncAppender.flushAndStopLogging();
        System.exit(code);
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new App());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("xgate: " + ex.getMessage());
            return EXIT_FAILURE;
        });
        return cli.execute(withDefaultCommand(args));
    }

    /**
     * {@code xgate --config f} means {@code xgate run --config f}: an option of {@code run}'s goes to it. Any other
     * option ({@code xgate --bogus}) stays top-level, where it is refused with the top-level usage (the commands), not
     * {@code run}'s.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0) {
            return new String[] {"run"};
        }
        String option = args[0].contains("=") ? args[0].substring(0, args[0].indexOf('=')) : args[0];
        if (option.startsWith("-") && !TOP_LEVEL_OPTIONS.contains(option) && RUN_OPTIONS.contains(option)) {
            List<String> l = new ArrayList<>(Arrays.asList(args));
            l.add(0, "run");
            return l.toArray(new String[0]);
        }
        return args;
    }

    @Override
    public void run() {
        // only reached for "xgate" with top-level options handled by picocli; run is the default otherwise
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = App.class.getPackage().getImplementationVersion();
            return new String[] {"xgate " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
        }
    }
}
