package dev.ockamj.command;

/** An error to show the user as it is (it already says what to do next); the command exits with status 1. */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
