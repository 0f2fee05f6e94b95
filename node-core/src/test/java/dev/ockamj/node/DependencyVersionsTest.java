package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.fasterxml.jackson.core.Version;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/**
 * Akka 2.6.21 pulls Jackson 2.11.4 and lz4-java 1.8.0 (known CVEs). The root pom overrides Jackson through
 * jackson-bom and excludes lz4-java; the enforcer bans older versions at build time. This test proves the
 * versions that are really on the classpath, and that Akka's Jackson serializer (whose jackson-module-scala
 * checks the databind version when it starts) works with them.
 */
class DependencyVersionsTest {

    record Ping(String text, int n) implements JacksonSerializable {
    }

    interface JacksonSerializable {
    }

    @Test
    void jacksonIsTheOverriddenVersionEverywhere() {
        Version minimum = new Version(2, 18, 3, null, null, null);
        for (Version v : new Version[] {
                com.fasterxml.jackson.core.json.PackageVersion.VERSION,
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION,
                com.fasterxml.jackson.dataformat.cbor.PackageVersion.VERSION,
                com.fasterxml.jackson.module.scala.JacksonModule$.MODULE$.version()}) {
            assertTrue(v.compareTo(minimum) >= 0, v + " is older than " + minimum);
        }
    }

    @Test
    void lz4JavaIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.jpountz.lz4.LZ4Factory"));
    }

    @Test
    void akkasJacksonCborSerializerRoundTripsWithTheseVersions() {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "versions", ConfigFactory.parseString(
                "akka.actor.serialization-bindings { \"" + JacksonSerializable.class.getName() + "\" = jackson-cbor }")
                .withFallback(ConfigFactory.load()));
        try {
            Serialization serialization = SerializationExtension.get(system);
            Ping ping = new Ping("hello", 42);
            byte[] bytes = serialization.serialize(ping).get();
            var serializer = serialization.findSerializerFor(ping);
            assertEquals("akka.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName());
            Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, ping)).get();
            assertEquals(ping, back);
        } finally {
            system.terminate();
        }
    }
}
