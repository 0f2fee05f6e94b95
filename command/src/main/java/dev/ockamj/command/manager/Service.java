package dev.ockamj.command.manager;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A service a node runs: its type (echo, uppercase, hop, nodemanager, secure_channel_listener, relay) and its LOCAL
 * address; in JSON as Ockam's {@code ServiceStatus}, {@code {"addr": ..., "type": ...}}.
 */
@JsonPropertyOrder({"addr", "type"})
public record Service(String type, String addr) {
}
