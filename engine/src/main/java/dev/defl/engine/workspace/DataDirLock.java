package dev.defl.engine.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The data directory's writer lock: an exclusive OS file lock ({@code fcntl}) on {@code DIR/.lock}, held by every
 * process that writes the content store or the chain state — a run, a node, the window, {@code add}, {@code gc},
 * {@code pin}, {@code car import}, {@code dataset publish}, {@code get} when it keeps fetched blocks — so that two
 * processes never run two chains over one state file, and a GC never races another process's writes. Readers
 * ({@code cat}, {@code chain events}, {@code verify}, …) take no lock and keep working while it is held.
 *
 * <p>A brief command ({@code add}, {@code gc}, …) that finds the lock held by another brief command waits for it (up
 * to {@link #BRIEF_WAIT}), so {@code add} and {@code gc} run one after the other, as kubo's GC lock makes them do; a
 * lock held by a long-lived process (a run, a node, the window) is refused at once, naming it.
 *
 * <p>The holder writes who it is into the file ({@link Holder}: pid, what it is, since when, and the JSON-RPC URL of
 * the chain it serves, if any), so a refused process can name it and a chain reader can reach the owner's chain. The
 * OS releases the lock when the process dies, however it dies, so a crash leaves no stale lock.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of the file drops them all (checked
 * on Linux with JDK 25: a second {@link FileChannel} opened and closed in the holding JVM lets another process take
 * the lock). So this JVM's held locks are kept in a table, and neither {@link #acquire} nor {@link #holder(Path)} opens
 * the file while this JVM holds it.
 */
public final class DataDirLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The locks this JVM holds, by real directory path; guarded by {@code DataDirLock.class}. */
    private static final java.util.Map<Path, DataDirLock> HELD = new java.util.HashMap<>();
    /** How long a brief command waits for another brief command's lock: 60 s. */
    public static final java.time.Duration BRIEF_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * Who holds the lock.
     *
     * @param pid    process id
     * @param holder what it is, e.g. {@code defl run} or {@code DeFL Workbench window}
     * @param since  when it took the lock, ISO-8601
     * @param rpc    JSON-RPC URL of the chain it serves (its managed anvil, or the chain it uses); null when none
     * @param brief  whether it is a brief command ({@code add}, {@code gc}, …) that others may wait for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(long pid, String holder, String since, String rpc, boolean brief) {
        /** e.g. {@code pid 1234: defl run, since 2026-12-06T21:00:00Z}. */
        public String describe() {
            return "pid " + pid + ": " + holder + ", since " + since;
        }
    }

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private volatile Holder holder;

    private DataDirLock(Path key, Path file, FileChannel channel, FileLock lock, Holder holder) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the lock of {@code dir} (which must exist) for {@code holder}.
     *
     * @param holder what this process is, for the message another process gets, e.g. {@code "defl add"}
     * @throws DataDirInUseException naming the directory and the holder when another process (or another workspace or
     *     command in this process) holds it
     * @throws IOException when the lock file cannot be created
     */
    public static DataDirLock acquire(Path dir, String holder) throws IOException {
        return acquire(dir, holder, false);
    }

    /**
     * As {@link #acquire(Path, String)}; a {@code brief} command (one that ends on its own within seconds to minutes:
     * {@code add}, {@code gc}, {@code pin}, …) waits up to {@link #BRIEF_WAIT} while another brief command holds the
     * lock, and is recorded as brief so that others wait for it too.
     *
     * @throws DataDirInUseException naming the holder when a long-lived process holds the lock, or a brief one still
     *     does after {@link #BRIEF_WAIT}
     * @throws IOException when the lock file cannot be created
     */
    public static DataDirLock acquire(Path dir, String holder, boolean brief) throws IOException {
        long start = System.nanoTime();
        long deadline = start + BRIEF_WAIT.toNanos();
        while (true) {
            try {
                return tryAcquire(dir, holder, brief);
            } catch (DataDirInUseException e) {
                // a holder that has not written its record yet is given 2 s to do so
                boolean waitable = brief && e.holder().map(Holder::brief)
                        .orElse(System.nanoTime() - start < 2_000_000_000L);
                if (!waitable || System.nanoTime() > deadline) throw e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static synchronized DataDirLock tryAcquire(Path dir, String holder, boolean brief) throws IOException {
        Path key = key(dir);
        DataDirLock held = HELD.get(key);
        if (held != null) throw new DataDirInUseException(dir, Optional.of(held.holder)); // never reopen: see above
        Path file = dir.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DataDirInUseException(dir, holder(dir));
        }
        Holder self = new Holder(ProcessHandle.current().pid(), holder, Instant.now().toString(), null, brief);
        DataDirLock taken = new DataDirLock(key, file, channel, lock, self);
        taken.write(self);
        HELD.put(key, taken);
        return taken;
    }

    /**
     * Who holds the lock of {@code dir} now, as its holder wrote it; empty when nobody holds it, or the holder wrote
     * nothing readable (a workbench from before holders were recorded).
     */
    public static synchronized Optional<Holder> holder(Path dir) {
        DataDirLock held = HELD.get(key(dir));
        if (held != null) return Optional.of(held.holder);
        Path file = dir.resolve(".lock");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null; // held in this JVM
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) return Optional.empty();
            return Optional.of(JSON.readValue(bytes, Holder.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This process's holder record. */
    public Holder holder() {
        return holder;
    }

    /**
     * Records the JSON-RPC URL of the chain this holder serves, so that chain readers in other processes reach it.
     *
     * @throws IOException when the lock file cannot be written
     */
    public void recordChain(String rpcUrl) throws IOException {
        Holder updated = new Holder(holder.pid(), holder.holder(), holder.since(), rpcUrl, holder.brief());
        write(updated);
        holder = updated;
    }

    private void write(Holder h) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(h);
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = 0;
        while (buffer.hasRemaining()) position += channel.write(buffer, position);
        channel.force(true);
    }

    private static Path key(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;
        }
    }

    @Override
    public void close() {
        synchronized (DataDirLock.class) {
            if (HELD.get(key) == this) HELD.remove(key);
        }
        try {
            // the record stays: holder(dir) reports it only while the lock is held
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot release the data directory lock " + file, e);
        }
    }
}
