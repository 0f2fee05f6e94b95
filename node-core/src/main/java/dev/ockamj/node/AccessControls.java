package dev.ockamj.node;

/** The constant policies; shared instances so the router can skip the check for allow-all. */
final class AccessControls {
    static final IncomingAccessControl ALLOW_ALL_IN = msg -> true;
    static final IncomingAccessControl DENY_ALL_IN = msg -> false;
    static final OutgoingAccessControl ALLOW_ALL_OUT = msg -> true;
    static final OutgoingAccessControl DENY_ALL_OUT = msg -> false;

    private AccessControls() {
    }
}
