package dev.ockamj.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every ```java block in README.md and docs/ must appear, line for line, in the compiled example sources. */
class DocsSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // examples/ → repository root

    @TestFactory
    Stream<DynamicTest> everyJavaBlockIsCompiledCode() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples/src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(normalize(Files.readString(p)));
            }
        }
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : docs) {
            List<String> blocks = javaBlocks(Files.readString(doc));
            for (int i = 0; i < blocks.size(); i++) {
                String block = normalize(blocks.get(i));
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(doc) + " block " + (i + 1), () -> {
                    assertFalse(block.isBlank());
                    assertTrue(sources.stream().anyMatch(s -> s.contains(block)),
                            "not found in examples/src/main/java:\n" + block);
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null && line.strip().equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** Lines trimmed, blank lines dropped: indentation may differ between a doc and its source. */
    private static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                sb.append(line.strip()).append('\n');
            }
        }
        return sb.toString();
    }
}
