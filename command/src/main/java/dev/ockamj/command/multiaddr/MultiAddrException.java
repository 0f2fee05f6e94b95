package dev.ockamj.command.multiaddr;

import dev.ockamj.node.OckamException;

/**
 * The only exception {@link MultiAddr} parsing and conversion throw (kind {@link Kind#INVALID_ADDRESS}).
 * The message names the offending segment and what was expected; text from the input is escaped with
 * {@link dev.ockamj.node.internal.Printable#escape}.
 */
public final class MultiAddrException extends OckamException {

    public MultiAddrException(String message) {
        super(Kind.INVALID_ADDRESS, message);
    }
}
