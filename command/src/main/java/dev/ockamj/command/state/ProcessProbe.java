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
        Optional<String[]> cmdline = procCmdline(p);
        if (cmdline.isPresent()) {
            return matches(cmdline.get(), name);
        }
        ProcessHandle.Info info = p.info();
        Optional<String[]> args = info.arguments();
        if (args.isPresent()) {
            return matches(args.get(), name);
        }
        Optional<String> commandLine = info.commandLine();
        return commandLine.isEmpty() || matches(commandLine.get().split("\\s+"), name);
    }

    /**
     * The process's whole command line from {@code /proc/PID/cmdline} (Linux), NUL-separated. Read here because
     * the JDK's {@link ProcessHandle.Info#arguments()} reads only one page of it there (4 KB) and gives no arguments
     * when it is longer, and then only the executable as its {@code commandLine()}: a node whose class path is long
     * (the command's jars from a deep Maven repository, a test's class path) would never be UP.
     */
    private static Optional<String[]> procCmdline(ProcessHandle p) {
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return bytes.length == 0 ? Optional.empty()
                    : Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // no /proc (not Linux), another user's process, or gone: ProcessHandle.Info decides
        }
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
