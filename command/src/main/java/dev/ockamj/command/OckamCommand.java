package dev.ockamj.command;

import dev.ockamj.node.OckamException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ockam}: create, run and manage ockamj nodes, list their workers and services, and send them messages —
 * what Ockam's own command does for Ockam nodes. See docs/command.md.
 */
@Command(name = "ockam", mixinStandardHelpOptions = true, version = "ockamj 0.1.0",
        description = "Create, run and manage ockamj nodes; list their workers and services; send messages.",
        subcommands = {NodeCommands.class, WorkerCommands.class, ServiceCommands.class, MessageCommands.class,
                TcpListenerCommands.class, TcpConnectionCommands.class, SecureChannelCommands.class, RelayCommands.class,
                TcpOutletCommands.class, TcpInletCommands.class, IdentityCommands.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Example:", "  ockam node create n1",
                "  ockam message send hello --to /node/n1/service/uppercase",
                "", "Node state lives in $OCKAM_HOME (default ~/.ockamj)."})
public final class OckamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit status (0 success, 1 error, 2 bad usage). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new OckamCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandException || e instanceof OckamException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return e instanceof CommandException c && c.isUsage() ? 2 : 1;
            }
            commandLine.getErr().println("error: unexpected failure: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setParameterExceptionHandler(OckamCommand::usageError);
        return cli.execute(GlobalOptions.moveGlobalsLast(args));
    }

    /**
     * A command line picocli cannot parse: the first real mistake in one line (an unknown option rather than the
     * required option it was probably meant to be), picocli's "did you mean" suggestions, and where help is —
     * not the whole usage text.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        java.io.PrintWriter err = c.getErr();
        List<String> unmatched = c.getParseResult() == null ? List.of() : c.getParseResult().unmatched();
        if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
            err.println("error: unknown " + (unmatched.size() == 1 ? "argument" : "arguments") + ": '"
                    + String.join("', '", unmatched) + "'");
            suggest(c, unmatched, err);
        } else {
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println("see: " + c.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return 2;
    }

    /** picocli's own "did you mean", for arguments it found unknown while it reported something else. */
    private static void suggest(CommandLine c, List<String> unmatched, java.io.PrintWriter err) {
        List<String> close = new CommandLine.UnmatchedArgumentException(c, unmatched).getSuggestions();
        if (!close.isEmpty()) {
            err.println("did you mean: " + String.join(", ", close) + "?");
        }
    }
}
