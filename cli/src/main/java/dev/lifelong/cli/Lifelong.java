package dev.lifelong.cli;

import dev.lifelong.core.LibraryVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lifelong} command. Exit codes follow DESIGN.md: 0 on success, 1 on a user error with a one-line
 * reason on stderr, 2 on bad usage.
 */
@Command(name = "lifelong",
        mixinStandardHelpOptions = true,
        versionProvider = Lifelong.Version.class,
        description = "Lifelong-sequence CTR models (ETA, TWIN and their baselines) on the JVM.",
        subcommands = {QuickstartCommand.class, GenerateCommand.class, PrepareCommand.class, InspectCommand.class,
            IngestCommand.class, TrainCommand.class, EvaluateCommand.class, CompareCommand.class, ServeCommand.class, BenchCommand.class,
            InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class Lifelong implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (ExceptionInInitializerError e) {
            // The kernels are chosen once, from -Dlifelong.kernels and -Dlifelong.vector.bits, when a command
            // first computes; a bad value is a user error, said in one line like any other.
            if (e.getCause() instanceof IllegalArgumentException bad) {
                System.err.println("lifelong: " + bad.getMessage());
                return 1;
            }
            throw e;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Lifelong());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lifelong " + LibraryVersion.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    /** Prints a failure as one line naming the command; the stack trace only with LIFELONG_DEBUG set. */
    static final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + message);
            if (System.getenv("LIFELONG_DEBUG") != null) {
                ex.printStackTrace(cl.getErr());
            }
            return 1;
        }
    }
}
