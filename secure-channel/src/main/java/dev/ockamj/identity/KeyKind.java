package dev.ockamj.identity;

/** The kind of key an identity signs its changes with: Ed25519 (Ockam's default) or ECDSA P-256. */
public enum KeyKind {
    /** EdDSA over Curve25519, Ockam's default. */
    ED25519,
    /** ECDSA over NIST P-256 with SHA-256 (e.g. for keys held by a cloud KMS). */
    P256
}
