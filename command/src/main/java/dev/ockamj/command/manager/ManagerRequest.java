package dev.ockamj.command.manager;

import java.util.List;

/**
 * A request to a node's manager ({@code _internal.nodemanager}). It travels as a BARE record over Ockam's TCP
 * wire like any message. {@code secret} must be the node's secret from {@code $OCKAM_HOME}.
 */
public record ManagerRequest(String secret, String method, List<String> args) {
}
