package dev.ockamj.command;

import dev.ockamj.node.OckamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ockam}: create, run and manage ockamj nodes, list their workers and services, and send them messages —
 * what Ockam's own command does for Ockam nodes. See docs/command.md.
 */
@Command(name = "ockam", mixinStandardHelpOptions = true, version = "ockamj 0.1.0",
        description = "Create, run and manage ockamj nodes; list their workers and services; send messages.",
        subcommands = {NodeCommands.class, WorkerCommands.class, ServiceCommands.class, MessageCommands.class,
                TcpListenerCommands.class, TcpConnectionCommands.class, CommandLine.HelpCommand.class},
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
            } else {
                commandLine.getErr().println("error: unexpected failure: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
