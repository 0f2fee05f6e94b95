package dev.ockamj.node;

/** Transport types as Ockam numbers them (docs/wire.md §5). */
public final class TransportType {
    /** Addresses on this node: workers, processors, contexts, connections. */
    public static final int LOCAL = 0;
    /** TCP: the address value is {@code host:port}. */
    public static final int TCP = 1;
    /** UDP. */
    public static final int UDP = 2;
    /** WebSocket. */
    public static final int WS = 3;
    /** Bluetooth Low Energy. */
    public static final int BLE = 4;
    /** Unix domain sockets. */
    public static final int UDS = 5;

    private TransportType() {
    }
}
