package dev.ockamj.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Ockam's global options, which its users put before or after the subcommand ({@code ockam --output json node
 * list}, {@code ockam -vv node create n1}). picocli reads an option only on the command that declares it, and
 * {@code --output} and {@code -v} are declared on every leaf command ({@link Base}), so they are moved to the end
 * of the command line, where the leaf reads them.
 */
final class GlobalOptions {
    private GlobalOptions() {
    }

    static String[] moveGlobalsLast(String[] args) {
        List<String> rest = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        int end = args.length;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) { // what follows is positional: leave it alone
                end = i;
                break;
            }
            if (a.equals("--output") && i + 1 < args.length) {
                moved.add(a);
                moved.add(args[++i]);
            } else if (a.startsWith("--output=") || a.equals("--verbose") || a.matches("-v+")) {
                moved.add(a);
            } else {
                rest.add(a);
            }
        }
        rest.addAll(moved);
        for (int i = end; i < args.length; i++) {
            rest.add(args[i]);
        }
        return rest.toArray(new String[0]);
    }
}
