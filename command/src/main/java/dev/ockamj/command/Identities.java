package dev.ockamj.command;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;

/** Identifiers typed on the command line. */
final class Identities {
    private Identities() {
    }

    /** @throws CommandException (usage) naming what is wrong */
    static Identifier parse(String text) {
        try {
            return Identifier.parse(text);
        } catch (IdentityException e) {
            throw CommandException.usage(e.getMessage());
        }
    }
}
