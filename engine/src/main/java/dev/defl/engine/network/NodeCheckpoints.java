package dev.defl.engine.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer's per-round checkpoints in one directory: {@code round-000003.json} ({@link RoundCheckpoint}) per round and
 * {@code sync.json} (the last chain block whose events the peer has read). The content a checkpoint names (update,
 * aggregate, global model) is in the peer's content store, pinned by the add.
 *
 * <p>Every write goes to a temporary file that is forced to disk and then renamed over the old one (atomic move), so a
 * {@code kill -9} or power loss at any moment leaves either the old or the new checkpoint, never a torn one; a
 * leftover temporary file is ignored. {@link #save} keeps the newest {@link #keep()} rounds and deletes older ones.
 */
public final class NodeCheckpoints {
    /** Rounds kept by default. */
    public static final int DEFAULT_KEEP = 5;
    private static final Pattern ROUND_FILE = Pattern.compile("round-(\\d{6,})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final int keep;
    /** The checkpoints of {@link #inMemory()} (no directory): never pruned, gone with the process. */
    private final java.util.TreeMap<Long, RoundCheckpoint> memory = new java.util.TreeMap<>();
    private long memorySeenBlock = -1;

    /** Sync position: the highest block whose events were read. */
    private record Sync(long lastSeenBlock) {}

    /**
     * Opens (creating) the directory.
     *
     * @param keep rounds kept, &ge; 1
     * @throws IOException if the directory cannot be created
     */
    public NodeCheckpoints(Path dir, int keep) throws IOException {
        if (keep < 1) throw new IllegalArgumentException("checkpoints kept must be >= 1, not " + keep);
        this.dir = Files.createDirectories(dir);
        this.keep = keep;
    }

    private NodeCheckpoints() {
        this.dir = null;
        this.keep = Integer.MAX_VALUE;
    }

    /**
     * Checkpoints turned off, for roles driven in one process ({@code defl run}): kept in memory for the node's own
     * decisions, never written, never pruned (so nothing is unpinned), gone when the process ends.
     */
    public static NodeCheckpoints inMemory() {
        return new NodeCheckpoints();
    }

    /** The directory, or {@code null} for {@link #inMemory()}. */
    public Path directory() {
        return dir;
    }

    /** Rounds kept. */
    public int keep() {
        return keep;
    }

    /**
     * Writes {@code checkpoint} atomically, replacing the round's earlier one, then prunes to the newest {@link #keep()}
     * rounds.
     *
     * @return the checkpoints pruned (their content may be unpinned by the caller)
     * @throws IOException if writing fails (the previous checkpoint of the round is then intact)
     */
    public List<RoundCheckpoint> save(RoundCheckpoint checkpoint) throws IOException {
        if (dir == null) {
            memory.put(checkpoint.round(), checkpoint);
            return List.of();
        }
        writeAtomically(dir.resolve(fileName(checkpoint.round())), JSON.writeValueAsBytes(checkpoint));
        List<Long> rounds = rounds();
        List<RoundCheckpoint> pruned = new ArrayList<>();
        for (int i = 0; i < rounds.size() - keep; i++) {
            round(rounds.get(i)).ifPresent(pruned::add);
            Files.deleteIfExists(dir.resolve(fileName(rounds.get(i))));
        }
        return pruned;
    }

    /**
     * The checkpoint of {@code round}, if kept.
     *
     * @throws IOException if the file exists but cannot be read or parsed (naming it)
     */
    public Optional<RoundCheckpoint> round(long round) throws IOException {
        if (dir == null) return Optional.ofNullable(memory.get(round));
        Path file = dir.resolve(fileName(round));
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), RoundCheckpoint.class));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint, if any. */
    public Optional<RoundCheckpoint> latest() throws IOException {
        List<Long> rounds = rounds();
        return rounds.isEmpty() ? Optional.empty() : round(rounds.getLast());
    }

    /** The rounds with a checkpoint, ascending. */
    public List<Long> rounds() throws IOException {
        if (dir == null) return new ArrayList<>(memory.keySet());
        List<Long> rounds = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "round-*.json")) {
            for (Path f : files) {
                Matcher m = ROUND_FILE.matcher(f.getFileName().toString());
                if (m.matches()) rounds.add(Long.parseLong(m.group(1)));
            }
        }
        rounds.sort(null);
        return rounds;
    }

    /** The highest block whose events were read, or -1 before the first sync. */
    public long lastSeenBlock() throws IOException {
        if (dir == null) return memorySeenBlock;
        Path file = dir.resolve("sync.json");
        if (!Files.exists(file)) return -1;
        try {
            return JSON.readValue(file.toFile(), Sync.class).lastSeenBlock();
        } catch (IOException e) {
            throw new IOException("sync position " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Records {@code block} as the highest block whose events were read (atomically). */
    public void saveLastSeenBlock(long block) throws IOException {
        if (dir == null) {
            memorySeenBlock = block;
            return;
        }
        writeAtomically(dir.resolve("sync.json"), JSON.writeValueAsBytes(new Sync(block)));
    }

    private static String fileName(long round) {
        return String.format(java.util.Locale.ROOT, "round-%06d.json", round);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        dev.defl.engine.io.AtomicFiles.write(target, bytes);
    }
}
