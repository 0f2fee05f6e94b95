package dev.ockamj.identity.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.Changes;
import dev.ockamj.identity.internal.model.KeyType;
import dev.ockamj.identity.internal.model.SigningKey;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.identity.internal.vault.X25519;
import org.junit.jupiter.api.Test;

/** The handshake with identities: who each side is, checked as Ockam checks it. */
class ChannelHandshakeTest {
    private static final long NOW = System.currentTimeMillis() / 1000;

    @Test
    void twoIdentitiesLearnEachOtherAndAgreeOnKeys() {
        OwnIdentity alice = OwnIdentity.create(KeyType.ED25519, NOW);
        OwnIdentity bob = OwnIdentity.create(KeyType.P256, NOW);
        ChannelHandshake i = new ChannelHandshake(NoiseXx.Role.INITIATOR, alice, TrustPolicy.trustEveryone());
        ChannelHandshake r = new ChannelHandshake(NoiseXx.Role.RESPONDER, bob,
                TrustPolicy.trustIdentifier(alice.history().identifier()));
        r.onMessage3(i.onMessage2(r.onMessage1(i.start())));
        assertTrue(i.isDone() && r.isDone());
        assertEquals(bob.history().identifier(), i.peer());
        assertEquals(alice.history().identifier(), r.peer());
        assertArrayEquals(i.keys().encryptionKey(), r.keys().decryptionKey());
    }

    @Test
    void aRotatedIdentityIsVerifiedThroughItsWholeHistory() {
        SigningKey first = SigningKey.generate(KeyType.ED25519);
        SigningKey second = SigningKey.generate(KeyType.P256);
        ChangeHistory h = Changes.rotate(Changes.create(first, NOW - 10), first, second, NOW);
        assertEquals(2, h.size());
        OwnIdentity rotated = OwnIdentity.of(h, second, X25519.generatePrivateKey(), NOW);
        OwnIdentity other = OwnIdentity.create(KeyType.ED25519, NOW);
        ChannelHandshake i = new ChannelHandshake(NoiseXx.Role.INITIATOR, rotated, TrustPolicy.trustEveryone());
        ChannelHandshake r = new ChannelHandshake(NoiseXx.Role.RESPONDER, other, TrustPolicy.trustEveryone());
        r.onMessage3(i.onMessage2(r.onMessage1(i.start())));
        assertEquals(h.identifier(), r.peer()); // the identifier is the first change's, after rotation too
        // an attestation signed by the first (superseded) key is refused
        OwnIdentity stale = OwnIdentity.of(h, first, X25519.generatePrivateKey(), NOW);
        ChannelHandshake i2 = new ChannelHandshake(NoiseXx.Role.INITIATOR, stale, TrustPolicy.trustEveryone());
        ChannelHandshake r2 = new ChannelHandshake(NoiseXx.Role.RESPONDER, other, TrustPolicy.trustEveryone());
        byte[] m3 = i2.onMessage2(r2.onMessage1(i2.start()));
        IdentityException e = assertThrows(IdentityException.class, () -> r2.onMessage3(m3));
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
    }

    @Test
    void aStaticKeyThatIsNotTheAttestedOneIsRefused() {
        OwnIdentity alice = OwnIdentity.create(KeyType.ED25519, NOW);
        // alice's history and attestation, but the Noise static key of someone else
        OwnIdentity impostor = OwnIdentity.of(alice.history(), SigningKey.generate(KeyType.ED25519),
                X25519.generatePrivateKey(), NOW);
        OwnIdentity mixed = new OwnIdentityProbe(alice, impostor).mixed();
        OwnIdentity bob = OwnIdentity.create(KeyType.ED25519, NOW);
        ChannelHandshake i = new ChannelHandshake(NoiseXx.Role.INITIATOR, bob, TrustPolicy.trustEveryone());
        ChannelHandshake r = new ChannelHandshake(NoiseXx.Role.RESPONDER, mixed, TrustPolicy.trustEveryone());
        byte[] m2 = r.onMessage1(i.start());
        IdentityException e = assertThrows(IdentityException.class, () -> i.onMessage2(m2));
        assertTrue(e.getMessage().contains("not the key it used"), e.getMessage());
    }

    @Test
    void aPeerTheTrustPolicyRefusesEndsTheHandshake() {
        OwnIdentity alice = OwnIdentity.create(KeyType.ED25519, NOW);
        OwnIdentity bob = OwnIdentity.create(KeyType.ED25519, NOW);
        ChannelHandshake i = new ChannelHandshake(NoiseXx.Role.INITIATOR, alice,
                TrustPolicy.trustIdentifier(alice.history().identifier())); // not bob
        ChannelHandshake r = new ChannelHandshake(NoiseXx.Role.RESPONDER, bob, TrustPolicy.trustEveryone());
        byte[] m2 = r.onMessage1(i.start());
        ChannelHandshake.TrustRefused e = assertThrows(ChannelHandshake.TrustRefused.class, () -> i.onMessage2(m2));
        assertEquals(bob.history().identifier(), e.peer());
        assertTrue(i.keys() == null);
    }
}
