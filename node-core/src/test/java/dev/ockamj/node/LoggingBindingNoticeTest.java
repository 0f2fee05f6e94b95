package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A child JVM without any SLF4J binding is told so once on stderr; with Logback it is not. */
class LoggingBindingNoticeTest {
    private static final String NOTICE = "ockamj: no SLF4J binding on the class path";

    private static String[] run(boolean withLogback) throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> withLogback || !e.contains("logback"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", cp, NoBindingMain.class.getName()).start();
        p.getOutputStream().close();
        // both pipes are small here (a few lines): read them after exit
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.contains("NODES STOPPED"), out + err);
        return new String[] {out, err};
    }

    @Test
    void withoutABindingTheNoticeIsPrintedOnceOnStderr() throws Exception {
        String[] r = run(false);
        List<String> notices = r[1].lines().filter(l -> l.contains(NOTICE)).toList();
        assertEquals(1, notices.size(), "stderr:\n" + r[1]);
        assertTrue(notices.get(0).contains("logback-classic"), notices.get(0));
        assertFalse(r[0].contains(NOTICE), "the notice belongs on stderr, not stdout");
    }

    @Test
    void withLogbackThereIsNoNotice() throws Exception {
        String[] r = run(true);
        assertFalse(r[1].contains(NOTICE), r[1]);
    }
}
