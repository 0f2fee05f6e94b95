package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node configurations as Ockam's command reads them: variables, the node's keys, resources as command lines. */
class NodeConfigurationTest {

    @Test
    void variablesAreExpandedAsShellexpandDoes() {
        Map<String, String> v = Map.of("PORT", "5432", "HOST", "db");
        assertEquals("to: db:5432", Variables.expand("to: $HOST:${PORT}", v));
        assertEquals("price: $5 and $ alone, $", Variables.expand("price: $$5 and $ alone, $", v));
        assertEquals("x: 7", Variables.expand("x: ${UNSET:-7}", v));
        assertEquals("x: 5432", Variables.expand("x: ${PORT:-7}", v));
        assertEquals("x: 7", Variables.expand("x: ${EMPTY:-7}", Map.of("EMPTY", "")));
    }

    @Test
    void unsetAndEmptyVariablesAreNamed() {
        CommandException unset = assertThrows(CommandException.class, () -> Variables.expand("to: $MY_VAR", Map.of()));
        assertEquals("Failed to resolve variable 'MY_VAR': environment variable not found", unset.getMessage());
        CommandException empty = assertThrows(CommandException.class,
                () -> Variables.expand("to: ${MY_VAR}", Map.of("MY_VAR", "")));
        assertEquals("Empty value for variable 'MY_VAR'", empty.getMessage());
        assertThrows(CommandException.class, () -> Variables.expand("to: ${MY_VAR", Map.of("MY_VAR", "1")));
        assertThrows(CommandException.class, () -> Variables.expand("to: ${MY-VAR}", Map.of()));
    }

    @Test
    void givenVariablesComeBeforeTheEnvironmentWhichComesBeforeTheFile() {
        String yaml = "variables: {A: file, B: file, C: file}\nname: n-$A-$B-$C\n";
        NodeConfiguration c = NodeConfiguration.parse(yaml, Map.of("A", "given"), Map.of("A", "env", "B", "env"));
        assertEquals("n-given-env-file", c.nodeValue("name"));
    }

    @Test
    void resourcesBecomeTheCommandLinesThatCreateThem() {
        String yaml = """
                name: n1
                tcp_listener_address: 127.0.0.1:4000
                relay: default
                tcp-outlets:
                  db-outlet:
                    to: 5432
                tcp-inlets:
                  - from: 6000
                    to: /node/n2/secure/api/service/db-outlet
                    no-connection-wait: true
                    skipped: false
                tcp-connections: [127.0.0.1:7000]
                """;
        NodeConfiguration c = NodeConfiguration.parse(yaml, Map.of(), Map.of());
        assertEquals("127.0.0.1:4000", c.nodeValue("tcp-listener-address"));
        assertEquals(List.of(
                List.of("relay", "create", "default", "--to", "n1"),
                List.of("tcp-connection", "create", "--to", "127.0.0.1:7000", "--from", "n1"),
                List.of("tcp-inlet", "create", "--at", "n1", "--from", "6000", "--to",
                        "/node/n2/secure/api/service/db-outlet", "--no-connection-wait"),
                List.of("tcp-outlet", "create", "--from", "db-outlet", "--at", "n1", "--to", "5432")),
                c.commands("n1"));
    }

    @Test
    void aResourceSaysWhereItGoes() {
        NodeConfiguration c = NodeConfiguration.parse("relays: {r1: {at: /node/hub, to: other}}", Map.of(), Map.of());
        assertEquals(List.of(List.of("relay", "create", "r1", "--at", "/node/hub", "--to", "other")), c.commands("n1"));
    }

    @Test
    void whatOckamjCannotDoIsNamedNotIgnored() {
        CommandException e = assertThrows(CommandException.class,
                () -> NodeConfiguration.parse("name: n1\nkafka-inlet: {x: {}}\n", Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("'kafka-inlet', which ockamj does not support"), e.getMessage());
        assertThrows(CommandException.class, () -> NodeConfiguration.parse("- a\n- b\n", Map.of(), Map.of()));
        assertThrows(CommandException.class, () -> NodeConfiguration.parse("name: [unclosed\n", Map.of(), Map.of()));
        assertThrows(CommandException.class, () -> NodeConfiguration.parse("variables: {L: [1, 2]}\n", Map.of(), Map.of()));
    }

    @Test
    void variableOptionsAreCheckedAsOckamChecksThem() {
        assertEquals(Map.of("K", "a=b"), ConfiguredNode.variables(List.of("K=a=b")));
        assertEquals("invalid key=value pair: no `=` found in `K`",
                assertThrows(CommandException.class, () -> ConfiguredNode.variables(List.of("K"))).getMessage());
        assertEquals("Empty value for variable 'K'",
                assertThrows(CommandException.class, () -> ConfiguredNode.variables(List.of("K="))).getMessage());
        assertThrows(CommandException.class, () -> ConfiguredNode.variables(List.of("K=1", "K=2")));
    }

    @Test
    void globalOptionsMoveToTheLeafCommand() {
        assertEquals(List.of("node", "create", "n1", "-vv", "--output", "json"),
                List.of(GlobalOptions.moveGlobalsLast(new String[] {"-vv", "--output", "json", "node", "create", "n1"})));
        assertEquals(List.of("message", "send", "--", "-v"),
                List.of(GlobalOptions.moveGlobalsLast(new String[] {"message", "send", "--", "-v"})));
    }
}
