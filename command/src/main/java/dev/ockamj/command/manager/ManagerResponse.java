package dev.ockamj.command.manager;

/** A node manager's answer: {@code ok} with a JSON {@code body}, or not ok with an {@code error} to show the user. */
public record ManagerResponse(boolean ok, String error, String body) {

    static ManagerResponse success(String json) {
        return new ManagerResponse(true, "", json);
    }

    static ManagerResponse failure(String error) {
        return new ManagerResponse(false, error, "");
    }
}
