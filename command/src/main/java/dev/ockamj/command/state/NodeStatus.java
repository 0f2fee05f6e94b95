package dev.ockamj.command.state;

/**
 * What {@link NodeStore#status} finds for a {@link NodeRecord}. The rules, in order:
 * <ol>
 *   <li>{@link #BROKEN}: the record could not be read ({@link NodeRecord#problem()} is set).</li>
 *   <li>{@link #DOWN}: the record has no pid ({@code pid < 0}): the node was never started or was stopped
 *       cleanly (stopping a node must write {@code pid = -1}).</li>
 *   <li>{@link #ZOMBIE}: the record has a pid, but no live process with that pid is this node: the process
 *       is gone (crashed, {@code kill -9}), or the pid now belongs to another program, i.e. none of its
 *       command-line arguments is the node name (see {@link #UP}).</li>
 *   <li>{@link #UP}: a live process has the pid and, when the OS lets us read its arguments, one argument is
 *       exactly the node name or ends with {@code =<name>} (e.g. {@code --node-name=n1}). When the arguments
 *       cannot be read the live process is taken to be the node.</li>
 * </ol>
 * The CLI shows ZOMBIE to the user; {@code node start} and {@code node delete} clean it up.
 */
public enum NodeStatus {
    UP,
    DOWN,
    ZOMBIE,
    BROKEN
}
