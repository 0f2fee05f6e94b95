package dev.ockamj.command.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises changes to one {@code $OCKAM_HOME} across processes ({@code FileChannel.lock} on
 * {@code .lock}) and across threads of this JVM (a lock per directory: the JVM refuses a second
 * {@code FileLock} on a file it already locks). Reentrant on the same thread.
 */
final class HomeLock {
    static final String FILE_NAME = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    /** An action that may fail with I/O. */
    interface Action<T> {
        T run() throws IOException;
    }

    private HomeLock() {
    }

    /** Runs {@code action} holding the lock of {@code home}, which must exist. */
    static <T> T with(Path home, Action<T> action) throws IOException {
        Path real = home.toRealPath();
        ReentrantLock local = IN_JVM.computeIfAbsent(real, k -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return action.run();
            }
            Path file = real.resolve(FILE_NAME);
            try (FileChannel ch = FileChannel.open(file,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.fileAttributes(real))) {
                FileLock lock = ch.lock(); // blocks while another process changes this home
                try {
                    return action.run();
                } finally {
                    lock.release();
                }
            }
        } finally {
            local.unlock();
        }
    }
}
