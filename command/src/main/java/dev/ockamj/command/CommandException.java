package dev.ockamj.command;

/**
 * An error to show the user as it is (it already says what to do next); the command exits with status 1, or 2
 * for a {@linkplain #usage usage} error (the command line itself is wrong, as picocli's own parse errors).
 */
public final class CommandException extends RuntimeException {
    private final boolean usage;

    public CommandException(String message) {
        this(message, null, false);
    }

    public CommandException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CommandException(String message, Throwable cause, boolean usage) {
        super(message, cause);
        this.usage = usage;
    }

    /** A wrong command line that picocli cannot see (e.g. a choice between two options): exit status 2. */
    public static CommandException usage(String message) {
        return new CommandException(message, null, true);
    }

    public boolean isUsage() {
        return usage;
    }
}
