package dev.ockamj.node.internal;

/** Which throwables end the JVM's usefulness: those are never caught and logged, everything else may be. */
public final class Fatal {
    private Fatal() {
    }

    /** Rethrows {@code e} if it is fatal: a {@link VirtualMachineError} other than a stack overflow. */
    public static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (Error) e;
        }
    }
}
