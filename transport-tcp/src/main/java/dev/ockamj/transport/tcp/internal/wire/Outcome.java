package dev.ockamj.transport.tcp.internal.wire;

/** What the socket layer must do with the bytes an inbound state machine has just read (docs/wire.md §8, §9). */
public sealed interface Outcome {

    /** Deliver the message to its first onward hop. */
    record Deliver(TransportMessage message) implements Outcome {
    }

    /** A heartbeat (empty onward route): ignore it, keep the connection. */
    record Heartbeat() implements Outcome {
    }

    /** LEGACY ONLY: the frame was undecodable; log the reason, drop the frame, keep the connection. */
    record Drop(String reason) implements Outcome {
    }

    /** Close the connection without replying; the state machine ignores any further input. */
    record Close(CloseReason reason, String detail) implements Outcome {
    }

    /** Why a connection is closed. Details are safe to log. */
    enum CloseReason {
        /** The peer's first byte was not version 1, or the connection ended before it. */
        UNSUPPORTED_PROTOCOL_VERSION,
        /** A length prefix above the maximum body length; the body was not read. */
        FRAME_TOO_LONG,
        /** The body is not a transport message (an empty body included). */
        DECODE_ERROR,
        /** The connection ended in the middle of a frame. */
        TRUNCATED_FRAME
    }
}
