package dev.defl.engine.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tasks that a run in this data directory is driving right now, one JSON file each under
 * {@code DIR/runs/live/<chain id>-<contract>-<task>.json}. A run records its task as soon as it is created and removes
 * the record when the task completes, or after it abandoned the task on chain (stopped, or failed). A record left
 * behind therefore means the run's process died (kill -9, power loss): the next workspace opened on the data directory
 * abandons that task on chain ({@link Workspace#abandonedTasks()}), so it is never silently left active.
 *
 * <p>Files are written atomically and durably ({@link AtomicFiles}); a file that cannot be parsed is skipped and
 * logged by the caller, never deleted.
 */
public final class LiveTasks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One live task.
     *
     * @param chainId  chain id the task is on
     * @param contract FederatedTasks contract address, 0x-hex
     * @param taskId   the task id
     * @param creator  the creator's address, 0x-hex (the account that can abandon the task)
     * @param spec     the task's model spec CID: dev chains share chain id 31337, dev accounts and contract addresses,
     *                 so only a task with this spec is taken for the one recorded
     * @param pid      process id of the run that drives it
     * @param started  when the run recorded it, ISO-8601
     */
    public record Entry(long chainId, String contract, long taskId, String creator, String spec, long pid,
                        String started) {
    }

    private final Path dir;

    private LiveTasks(Path dir) {
        this.dir = dir;
    }

    /** The records under {@code dataDir/runs/live} (nothing is created until {@link #begin}). */
    public static LiveTasks in(Path dataDir) {
        return new LiveTasks(dataDir.resolve("runs").resolve("live"));
    }

    /**
     * Records that this process drives {@code taskId}.
     *
     * @throws IOException when the record cannot be written
     */
    public Entry begin(long chainId, String contract, long taskId, String creator, String spec) throws IOException {
        Entry entry = new Entry(chainId, contract, taskId, creator, spec, ProcessHandle.current().pid(),
                Instant.now().toString());
        AtomicFiles.write(file(chainId, contract, taskId), JSON.writeValueAsBytes(entry));
        return entry;
    }

    /**
     * Removes the record of {@code taskId} (absent: nothing happens).
     *
     * @throws IOException when it exists and cannot be deleted
     */
    public void end(long chainId, String contract, long taskId) throws IOException {
        AtomicFiles.delete(file(chainId, contract, taskId));
    }

    /**
     * Every record, in file-name order; unreadable files are reported in {@code unreadable}.
     *
     * @throws IOException when the directory exists but cannot be listed
     */
    public List<Entry> list(List<Path> unreadable) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) return entries;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            try {
                entries.add(JSON.readValue(file.toFile(), Entry.class));
            } catch (IOException e) {
                unreadable.add(file);
            }
        }
        return entries;
    }

    private Path file(long chainId, String contract, long taskId) {
        return dir.resolve(chainId + "-" + contract.toLowerCase(Locale.ROOT) + "-" + taskId + ".json");
    }
}
