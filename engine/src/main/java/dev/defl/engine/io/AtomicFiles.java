package dev.defl.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe small-file writes: the bytes go to {@code <name>.tmp} beside the target, are forced to disk
 * ({@code fsync}), and the temporary file is renamed over the target ({@code rename(2)}, atomic on POSIX file
 * systems), then the directory is forced too. After a crash or power loss the target holds the old bytes or the new
 * ones, never a torn mix.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target} atomically and durably (see the class comment); creates the parent
     * directory if missing.
     *
     * @throws IOException when the directory, the temporary file or the rename fails (the target is then unchanged)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) ch.write(buffer);
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    /**
     * Deletes {@code target} if present and forces its directory, so the deletion survives a power loss.
     *
     * @throws IOException when the file exists and cannot be deleted
     */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces {@code dir}'s entries to disk (POSIX; a no-op where directories cannot be opened). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform lets a directory be opened (Windows); the rename is still atomic there
        }
    }
}
