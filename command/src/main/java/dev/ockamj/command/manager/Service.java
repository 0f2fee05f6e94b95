package dev.ockamj.command.manager;

/** A service a node runs: its type (echo, uppercase, hop, nodemanager, secure_channel_listener, relay) and its LOCAL address. */
public record Service(String type, String address) {
}
