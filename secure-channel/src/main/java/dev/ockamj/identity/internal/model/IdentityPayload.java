package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What handshake messages 2 and 3 carry, Ockam's {@code IdentityAndCredentials}: {@code [change history, purpose
 * key attestation, [credential and purpose key...]]} (ockam_identity src/secure_channel/handshake/
 * handshake_state_machine.rs at fb8fb64). Credentials are kept as CBOR items here.
 */
public record IdentityPayload(byte[] changeHistory, PurposeKeyAttestation attestation, List<byte[]> credentials) {

    public byte[] encode() {
        CborWriter w = new CborWriter().array(3).raw(changeHistory);
        attestation.write(w);
        w.array(credentials.size());
        credentials.forEach(w::raw);
        return w.toByteArray();
    }

    public static IdentityPayload decode(byte[] bytes) {
        CborReader r = new CborReader(bytes);
        int n = r.array("identity and credentials");
        if (n < 3) {
            throw new CborException("identity and credentials has 3 fields, not " + n);
        }
        byte[] history = r.rawItem("change history");
        PurposeKeyAttestation attestation = PurposeKeyAttestation.read(r);
        int k = r.array("credentials");
        List<byte[]> credentials = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            credentials.add(r.rawItem("credential"));
        }
        r.skipExtra(n, 3, "identity and credentials");
        r.end("identity and credentials");
        return new IdentityPayload(history, attestation, List.copyOf(credentials));
    }
}
