package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command has --help, and its help shows an example. */
class HelpTest {

    @TestFactory
    Stream<DynamicTest> everyCommandHasHelpWithAnExample() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new OckamCommand()), all);
        return all.stream().filter(c -> !c.getCommandName().equals("help")).map(c -> DynamicTest.dynamicTest(
                c.getCommandSpec().qualifiedName(), () -> {
                    StringWriter sw = new StringWriter();
                    c.setOut(new PrintWriter(sw));
                    int status = c.execute("--help");
                    String help = sw.toString();
                    assertTrue(status == 0, help);
                    assertTrue(help.contains("Usage:") && help.contains("Example"), help);
                }));
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }
}
