package dev.defl.engine.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Crash-safe file writes, the one implementation of "temporary file, fsync, rename" in the code: the bytes go to a
 * temporary file beside the target, {@code .<target name>.<random>.tmp} (see {@link #isTemporary}), are forced to
 * disk ({@code fsync}), the temporary file is renamed over the target ({@code rename(2)}, atomic on POSIX file
 * systems), then the directory is forced too. After a crash or power loss the target holds the old bytes or the new
 * ones, never a torn mix; once a write returns, the new bytes survive a power loss. A write that fails deletes its
 * temporary file and leaves the target as it was. A process killed mid-write leaves a temporary file, which stores
 * that own their directory sweep on open ({@link #isTemporary}).
 *
 * <p>Files are created owner-only ({@code rw-------}) on POSIX file systems (as {@link Files#createTempFile} makes
 * them; key stores rely on it). Concurrent writes of one target, from threads or processes, each use their own
 * temporary file: the last rename wins, whole.
 */
public final class AtomicFiles {
    /** Suffix of every temporary file this class creates. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** Bytes of the target's name kept in the temporary file's name (the rest is cut, to stay under NAME_MAX). */
    private static final int NAME_IN_TEMP = 100;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private AtomicFiles() {
    }

    /** Writes a file's content to a stream (the {@link #write(Path, ContentWriter)} callback). */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * Writes the content to {@code out} (buffered; closing it is allowed and closes nothing).
         *
         * @throws IOException to abandon the write: the target is left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code bytes} to {@code target} atomically and durably (see the class comment), replacing any file there;
     * creates the parent directory if missing.
     *
     * @throws IOException when the directory, the temporary file, the fsync or the rename fails (the target is then
     *                     unchanged), or when the directory cannot be forced afterwards (the target then holds the new
     *                     bytes, not yet known durable)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        try (Staged staged = stage(target)) {
            staged.write(bytes);
            staged.force();
            staged.moveIntoPlace();
        }
        forceDirectory(parent(target));
    }

    /**
     * Streams content to {@code target} atomically and durably, as {@link #write(Path, byte[])}: {@code writer} writes
     * to the temporary file (through a 64 KiB buffer), which is forced and renamed over the target once the writer
     * returns. Meant for content too large to hold in memory (blocks, {@code defl get} output, CAR files).
     *
     * @throws IOException what {@code writer} throws (re-thrown as is), or as {@link #write(Path, byte[])}; in either
     *                     case, before the rename, the temporary file is deleted and the target is unchanged
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Objects.requireNonNull(writer, "writer");
        try (Staged staged = stage(target)) {
            OutputStream out = staged.outputStream();
            writer.writeTo(out);
            out.flush();
            staged.force();
            staged.moveIntoPlace();
        }
        forceDirectory(parent(target));
    }

    /**
     * Writes {@code bytes} to {@code target} atomically and durably, as {@link #write(Path, byte[])}, but never
     * replaces an existing file: the temporary file is hard-linked to the target name ({@code link(2)} fails when the
     * name exists); where the file system has no hard links, the target is checked first and then renamed to.
     *
     * @throws FileAlreadyExistsException when {@code target} exists (nothing is written)
     * @throws IOException                as {@link #write(Path, byte[])}
     */
    public static void createNew(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        try (Staged staged = stage(target)) {
            staged.write(bytes);
            staged.force();
            staged.linkIntoPlace();
        }
        forceDirectory(parent(target));
    }

    /**
     * Deletes {@code target} if present and forces its directory, so the deletion survives a power loss.
     *
     * @throws IOException when the file exists and cannot be deleted, or the directory cannot be forced
     */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) forceDirectory(parent(target));
    }

    /**
     * Whether {@code file} is named as this class's temporary files are ({@code .<name>.<random>.tmp}; also matches
     * the {@code .put-*.tmp} and {@code .pin-*.tmp} files of earlier versions), for stores that delete the leftovers
     * of a killed process when they open their directory.
     */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * Forces {@code dir}'s entries (new names, renames, deletions) to disk: {@code fsync} of the directory on POSIX
     * file systems; a no-op elsewhere (Windows cannot open a directory; its renames are atomic there).
     *
     * @throws IOException when the directory cannot be opened or forced on a POSIX file system
     */
    public static void forceDirectory(Path dir) throws IOException {
        if (!isPosix(dir)) return;
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Starts an atomic write of {@code target} whose steps the caller drives, for writers that overlap many writes
     * and force each directory once for all of them (as {@code FileBlockStore}'s batches do): write the content,
     * {@link Staged#force()}, {@link Staged#moveIntoPlace()}, then {@link #forceDirectory} the target's directory.
     * Closing a staged write that was not moved into place deletes its temporary file. Creates the parent directory
     * if missing.
     *
     * @throws IOException when the directory or the temporary file cannot be created
     */
    public static Staged stage(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = parent(absolute);
        Files.createDirectories(dir);
        String name = absolute.getFileName().toString();
        if (name.length() > NAME_IN_TEMP) name = name.substring(0, NAME_IN_TEMP);
        FileAttribute<?>[] attributes = isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + name + ".", TEMP_SUFFIX, attributes);
        try {
            return new Staged(absolute, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /**
     * One write in progress: an open temporary file beside its target. Not thread-safe; it may be handed from one
     * thread to another (as a batch hands its fsync to a background thread).
     */
    public static final class Staged implements Closeable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private boolean moved;

        private Staged(Path target, Path temp, FileChannel channel) {
            this.target = target;
            this.temp = temp;
            this.channel = channel;
        }

        /** The file this write will replace or create (absolute). */
        public Path target() {
            return target;
        }

        /**
         * Appends {@code bytes} to the temporary file.
         *
         * @throws IOException when the write fails
         */
        public void write(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
        }

        /** A buffered stream onto the temporary file; its {@code close} only flushes. */
        OutputStream outputStream() {
            return new BufferedOutputStream(Channels.newOutputStream(channel), STREAM_BUFFER_BYTES) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /**
         * Forces the temporary file's content to disk ({@code fsync}).
         *
         * @throws IOException when the fsync fails
         */
        public void force() throws IOException {
            channel.force(true);
        }

        /**
         * Closes the temporary file and renames it over the target (atomic); does not force the directory (see
         * {@link AtomicFiles#forceDirectory}).
         *
         * @throws IOException when the rename fails, or the file system cannot rename atomically (names the target)
         */
        public void moveIntoPlace() throws IOException {
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            moved = true;
        }

        /** As {@link #moveIntoPlace()}, but fails with {@link FileAlreadyExistsException} when the target exists. */
        void linkIntoPlace() throws IOException {
            channel.close();
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException e) {
                if (Files.exists(target)) throw new FileAlreadyExistsException(target.toString());
                moveIntoPlace();
                return;
            }
            Files.delete(temp);
            moved = true;
        }

        /**
         * Closes the temporary file; deletes it unless it was moved into place.
         *
         * @throws IOException when the file cannot be closed or deleted
         */
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                if (!moved) Files.deleteIfExists(temp);
            }
        }
    }

    private static Path parent(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null) throw new IllegalArgumentException("no directory above " + target);
        return dir;
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
