package org.malcomedge.agent.cli;

import java.io.PrintWriter;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit-status contract shared by both launchers (DESIGN.md section 8): 0 on success, 2 for a
 * usage or input error with one line naming it, 1 for a failure during the run. Stack traces are
 * printed only for failures, and only with {@code MALCOM_DEBUG=1}.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    /** Version string for picocli's {@code --version}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"${ROOT-COMMAND-NAME} " + BuildInfo.version() + " (Java " + Runtime.version() + ")"};
        }
    }

    /** Configures {@code commandLine} with the exit-status contract and runs it. */
    public static int execute(CommandLine commandLine, String... args) {
        String name = commandLine.getCommandName();
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(name + ": " + e.getMessage() + suggestions(e) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof InputException) {
                err.println(name + ": " + e.getMessage());
                return USAGE;
            }
            err.println(name + ": failed: " + describe(e));
            if ("1".equals(System.getenv("MALCOM_DEBUG"))) {
                e.printStackTrace(err);
            } else {
                err.println("(set MALCOM_DEBUG=1 for the stack trace)");
            }
            return FAILURE;
        });
        try {
            return commandLine.execute(args);
        } finally {
            // picocli's default writers buffer until a println: output a command print()s must not be lost at exit
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /** Picocli's near matches of a mistyped subcommand or option: {@code , did you mean simulate?}. */
    private static String suggestions(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return ", did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
