package dev.ockamj.command.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * File operations for state that only its owner may read: directories 0700 and files 0600, set at creation
 * (never chmod after the bytes are on disk), and writes that are atomic (temp file in the same directory,
 * fsync, rename) so a reader sees the old file or the new one, never half of one.
 */
final class PrivateFiles {
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private PrivateFiles() {
    }

    /** Whether {@code path}'s file system has POSIX permissions (not Windows). */
    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    static FileAttribute<?>[] dirAttributes(Path path) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))} : NONE;
    }

    static FileAttribute<?>[] fileAttributes(Path path) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : NONE;
    }

    /** Creates {@code dir} and missing parents as 0700; an existing directory is left as it is. */
    static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, dirAttributes(dir));
    }

    /** Creates {@code dir} as 0700; fails if it exists. */
    static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, dirAttributes(dir));
    }

    /** Replaces {@code target} with {@code bytes} atomically; the file is 0600. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", fileAttributes(dir));
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(dir);
    }

    /** Renames {@code from} to {@code to} atomically, replacing a file at {@code to}. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so this is only for exotic file systems; a plain replace is the best left
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename in {@code dir} durable; a no-op where directories cannot be opened (Windows). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // durability of the rename is best effort; the data itself was forced before the move
        }
    }

    /** The file's bytes; {@code null} if it is larger than {@code max} (so a huge file cannot exhaust memory). */
    static byte[] readAtMost(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? null : bytes;
        }
    }

    /** Deletes {@code path} and everything under it, without following symbolic links. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
