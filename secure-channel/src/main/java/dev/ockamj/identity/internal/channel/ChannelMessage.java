package dev.ockamj.identity.internal.channel;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;

/**
 * The plaintext of a channel message, Ockam's {@code SecureChannelPaddedMessage}: {@code [message, padding]}
 * where message is {@code [0, [[onward route, return route, payload]]]}, {@code [1, [refresh credentials]]} or
 * {@code [2, []]} (Close), a route an array of {@code [transport type, address bytes]}, padding an empty byte
 * string (ockam_identity src/secure_channel/message.rs, ockam_core src/routing/route.rs and address.rs at fb8fb64).
 */
public sealed interface ChannelMessage permits ChannelMessage.Payload, ChannelMessage.RefreshCredentials, ChannelMessage.Close {

    /** A message for the other side's workers. */
    record Payload(Route onwardRoute, Route returnRoute, byte[] payload) implements ChannelMessage {
    }

    /** The peer presents its change history and credentials again; kept as CBOR for the identity layer. */
    record RefreshCredentials(byte[] encoded) implements ChannelMessage {
    }

    /** The other side closed the channel. */
    record Close() implements ChannelMessage {
    }

    static byte[] encode(ChannelMessage m) {
        // a payload is sized exactly: one buffer, neither grown nor copied at the end
        CborWriter w = new CborWriter(m instanceof Payload p ? encodedSize(p) : 64).array(2);
        if (m instanceof Payload p) {
            w.array(2).uint(0).array(1).array(3);
            route(w, p.onwardRoute());
            route(w, p.returnRoute());
            w.bytes(p.payload());
        } else if (m instanceof RefreshCredentials r) {
            w.array(2).uint(1).array(1).raw(r.encoded());
        } else {
            w.array(2).uint(2).array(0);
        }
        return w.bytes(new byte[0]).toByteArray();
    }

    static ChannelMessage decode(byte[] plaintext) {
        try {
            CborReader r = new CborReader(plaintext);
            int n = r.array("padded message");
            if (n < 2) {
                throw new CborException("a padded message has 2 elements, not " + n);
            }
            ChannelMessage m = message(r);
            r.bytes("padding");
            r.skipExtra(n, 2, "padded message");
            r.end("padded message");
            return m;
        } catch (CborException e) {
            throw new ChannelException(ChannelException.Reason.MALFORMED,
                    "the decrypted message does not decode: " + e.getMessage());
        }
    }

    private static ChannelMessage message(CborReader r) {
        int n = r.array("secure channel message");
        if (n < 2) {
            throw new CborException("an enum of 2 elements, not " + n);
        }
        long variant = r.uint("secure channel message variant");
        int fields = r.array("secure channel message fields");
        ChannelMessage m;
        if (variant == 0 && fields >= 1) {
            int k = r.array("payload message");
            if (k < 3) {
                throw new CborException("a payload message has 3 fields, not " + k);
            }
            Route onward = route(r, "onward route");
            Route back = route(r, "return route");
            byte[] payload = r.bytes("payload");
            r.skipExtra(k, 3, "payload message");
            m = new Payload(onward, back, payload);
            fields--;
        } else if (variant == 1 && fields >= 1) {
            m = new RefreshCredentials(r.rawItem("refresh credentials"));
            fields--;
        } else if (variant == 2) {
            m = new Close();
        } else {
            throw new CborException("unknown secure channel message variant " + variant + " with " + fields + " fields");
        }
        r.skipExtra(fields, 0, "secure channel message");
        r.skipExtra(n, 2, "secure channel message");
        return m;
    }

    private static int encodedSize(Payload p) {
        int n = p.payload().length;
        // [[0, [[onward, return, payload]]], padding]: five one-byte heads, the padding's empty byte string
        return 6 + routeSize(p.onwardRoute()) + routeSize(p.returnRoute()) + CborWriter.headSize(n) + n;
    }

    private static int routeSize(Route route) {
        int size = CborWriter.headSize(route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            int len = a.unsafeValue().length;
            size += 1 + CborWriter.headSize(a.transportType()) + CborWriter.headSize(len) + len;
        }
        return size;
    }

    private static void route(CborWriter w, Route route) {
        w.array(route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            w.array(2).uint(a.transportType()).bytes(a.unsafeValue());
        }
    }

    private static Route route(CborReader r, String what) {
        try {
            int n = r.array(what);
            Address[] hops = new Address[n];
            for (int i = 0; i < n; i++) {
                // constant labels: a label made per hop cost more than the hop (they name the part that fails)
                int k = r.array("address");
                if (k < 2) {
                    throw new CborException("an address has a transport type and a value, not " + k + " elements");
                }
                long type = r.uint("transport type");
                if (type > 255) {
                    throw new CborException("transport type " + type + " is above 255");
                }
                byte[] value = r.bytes("address value");
                r.skipExtra(k, 2, "address");
                hops[i] = Address.wrap((int) type, value);
            }
            return Route.of(hops);
        } catch (CborException e) {
            throw new CborException(what + ": " + e.getMessage());
        }
    }
}
