package dev.ockamj.transport.tcp;

/** Which Ockam TCP wire protocol a listener or connection speaks. Chosen by option, never auto-detected. */
public enum TcpProtocol {
    /** The current protocol (docs/wire.md §2–§8): version byte 0x01, u32 length + CBOR frames, up to 16 MiB. */
    V1,
    /** Ockam nodes from before mid-2024 (docs/wire.md §9): no handshake, u16 length + BARE frames, up to 64 KiB. */
    LEGACY
}
