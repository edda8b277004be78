package dev.defl.ui.names;

import dev.defl.engine.runs.ContentName;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunNames;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The names of the content store's roots ("run 12 · round 3 · global model", "dataset digits"), for the IPFS pane: a
 * UI-thread copy of the run database's name index ({@link RunNames#contentNames()}), read in the background and
 * refreshed when a run names what it adds and when another process does (polled). Holds no controls; UI thread only.
 */
public final class ContentNameIndex extends NameMirror {

    /**
     * @param db    the data directory's run database, or null: no names
     * @param tasks reads run on its background side, results on its UI side
     */
    public ContentNameIndex(RunDatabase db, TaskExecutor tasks) {
        this(db, tasks, POLL);
    }

    /** As the public constructor, polling for other processes' changes every {@code poll}. */
    public ContentNameIndex(RunDatabase db, TaskExecutor tasks, Duration poll) {
        super(db, tasks, RunDatabase.Change.NAMES, poll);
    }

    /** An index without a database: nothing is named. */
    public static ContentNameIndex none() {
        return new ContentNameIndex(null, TaskExecutor.synchronous());
    }

    @Override
    Map<String, String> read(RunNames names) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (ContentName n : names.contentNames().values()) out.put(n.cid(), n.name());
        return out;
    }

    /** CID text → name, as last read. */
    public ObservableMap<String, String> names() {
        return map();
    }

    /** The name of root {@code cid} (its text form), or "" when it has none. */
    public String nameOf(String cid) {
        return cid == null ? "" : map().getOrDefault(cid, "");
    }
}
