package dev.ockamj.command.state;

import dev.ockamj.node.internal.Printable;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node naming rule: 1..64 ASCII letters, digits, '-' or '_', starting with a letter or digit. Names are
 * directory names under {@code nodes/}, so the rule also keeps them free of path tricks ({@code ..}, '/').
 */
public final class NodeNames {
    public static final int MAX_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeNames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isAlnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** @throws NodeStoreException {@link NodeStoreException.Reason#INVALID_NAME} with the rule in its message */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new NodeStoreException(NodeStoreException.Reason.INVALID_NAME, "invalid node name '"
                    + (name == null ? "null" : Printable.escape(name, 100)) + "': a node name is 1 to " + MAX_LENGTH
                    + " letters, digits, '-' or '_', starting with a letter or digit");
        }
        return name;
    }

    /** 8 random lowercase hex characters, as Ockam names nodes created without a name. */
    public static String random() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
