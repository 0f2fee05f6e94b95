package dev.ockamj.command;

import java.util.Map;

/**
 * Shell-style variables in a node configuration, as Ockam expands them (shellexpand over the whole text):
 * {@code $NAME} and {@code ${NAME}} (NAME: letters, digits, {@code _}), {@code ${NAME:-default}} when NAME is unset
 * or empty, {@code $$} for a {@code $}; a {@code $} before anything else stays. An unset variable is an error, as in
 * Ockam; so is an empty one, which Ockam would put in silently (a {@code to: $PORT} with no port is always a mistake).
 */
final class Variables {
    private Variables() {
    }

    static String expand(String text, Map<String, String> variables) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new CommandException("'${' without a closing '}' in the node configuration");
                }
                String inside = text.substring(i + 2, close);
                int dash = inside.indexOf(":-");
                String name = dash < 0 ? inside : inside.substring(0, dash);
                if (name.isEmpty() || !name.chars().allMatch(Variables::isNameChar)) {
                    throw new CommandException("'${" + inside + "}' in the node configuration is not a variable (NAME:"
                            + " letters, digits and _)");
                }
                String value = variables.get(name);
                if (dash >= 0 && (value == null || value.isEmpty())) {
                    value = inside.substring(dash + 2);
                } else {
                    value = checked(name, value);
                }
                out.append(value);
                i = close + 1;
            } else if (isNameChar(next)) {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                out.append(checked(name, variables.get(name)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String checked(String name, String value) {
        if (value == null) {
            throw new CommandException("Failed to resolve variable '" + name + "': environment variable not found");
        }
        if (value.isEmpty()) {
            throw new CommandException("Empty value for variable '" + name + "'");
        }
        return value;
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
