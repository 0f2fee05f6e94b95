package dev.ockamj.command.state;

import java.util.Optional;

/** Decides {@link NodeStatus} from a record and the live process table; the rules are on {@link NodeStatus}. */
final class ProcessProbe {
    private ProcessProbe() {
    }

    static NodeStatus status(NodeRecord r) {
        if (r.isBroken()) {
            return NodeStatus.BROKEN;
        }
        if (!r.hasPid()) {
            return NodeStatus.DOWN;
        }
        return process(r).isPresent() ? NodeStatus.UP : NodeStatus.ZOMBIE;
    }

    /** The live process that is this node, if any. */
    static Optional<ProcessHandle> process(NodeRecord r) {
        if (r.isBroken() || !r.hasPid()) {
            return Optional.empty();
        }
        return ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive).filter(p -> !isDefunct(p))
                .filter(p -> isNode(p, r.name()));
    }

    /**
     * Whether the process's arguments name the node, which guards against the pid having been reused by
     * another program after the node died. Unknown arguments (another user's process on some systems) count
     * as a match: we cannot tell, and the pid is alive.
     */
    /**
     * A killed process whose parent has not reaped it yet (state Z on Linux) still counts as alive for
     * ProcessHandle. Node processes outlive the command that started them, so their parent is whatever
     * adopted them, which in a container may never reap: such a process is dead for us.
     */
    static boolean isDefunct(ProcessHandle p) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "stat"));
            int end = stat.lastIndexOf(')'); // the command name, in parentheses, may itself contain spaces
            return end > 0 && end + 2 < stat.length() && (stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X');
        } catch (java.io.IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or already gone: isAlive() decides
        }
    }

    static boolean isNode(ProcessHandle p, String name) {
        ProcessHandle.Info info = p.info();
        Optional<String[]> args = info.arguments();
        if (args.isPresent()) {
            return matches(args.get(), name);
        }
        Optional<String> commandLine = info.commandLine();
        return commandLine.isEmpty() || matches(commandLine.get().split("\\s+"), name);
    }

    private static boolean matches(String[] args, String name) {
        for (String a : args) {
            if (a.equals(name) || a.endsWith("=" + name)) {
                return true;
            }
        }
        return false;
    }
}
