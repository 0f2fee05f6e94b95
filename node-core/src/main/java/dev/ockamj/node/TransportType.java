package dev.ockamj.node;

/** Transport types as Ockam numbers them (docs/wire.md §5). */
public final class TransportType {
    public static final int LOCAL = 0;
    public static final int TCP = 1;
    public static final int UDP = 2;
    public static final int WS = 3;
    public static final int BLE = 4;
    public static final int UDS = 5;

    private TransportType() {
    }
}
