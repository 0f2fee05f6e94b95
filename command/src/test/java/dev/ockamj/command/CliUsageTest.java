package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong command line, run as a user runs it (the launcher, a child JVM): one clear line, exit status 2. */
class CliUsageTest {
    @TempDir
    Path home;

    private OckamCli ockam;

    @BeforeEach
    void setUp() {
        ockam = new OckamCli(home);
    }

    @Test
    void aTypoInAnOptionIsNamedWithASuggestionNotAHelpDump() throws Exception {
        OckamCli.Result r = ockam.run("message", "send", "hi", "--too", "/node/n1/service/echo");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("unknown argument") && r.err().contains("'--too'"), r.toString());
        assertTrue(r.err().contains("did you mean: --to?"), r.toString());
        assertTrue(r.err().contains("see: ockam message send --help"), r.toString());
        assertFalse(r.err().contains("Missing required option"), r.toString()); // before: that, and the usage
        assertTrue(r.err().lines().count() <= 4, r.toString());
    }

    @Test
    void nodeDeleteWithoutANameIsAUsageError() throws Exception {
        OckamCli.Result r = ockam.run("node", "delete");
        assertEquals(2, r.status(), r.toString()); // before: 1
        assertTrue(r.err().contains("which node?"), r.toString());
    }

    @Test
    void outputJsonIsGlobalBeforeOrAfterTheSubcommand() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertTrue(json.readTree(ockam.ok("--output", "json", "node", "list").out()).isArray());
        assertTrue(json.readTree(ockam.ok("node", "--output=json", "list").out()).isArray());
        assertTrue(json.readTree(ockam.ok("node", "list", "--output", "json").out()).isArray());
        // a command without a JSON form says so rather than printing text to a script that parses JSON
        OckamCli.Result r = ockam.run("--output", "json", "node", "stop", "nobody");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("'ockam node stop' has no JSON output yet"), r.toString());
    }
}
