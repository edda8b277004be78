package dev.defl.ui.status;

import dev.defl.ui.ByteText;
import dev.defl.engine.workspace.WorkspaceStatus;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Status bar state: chain RPC URL and block height, content store path, size and block count, and
 * training device. {@link #refresh()} calls the status supplier on the background executor only.
 */
public final class StatusViewModel {

    private final Supplier<WorkspaceStatus> status;
    private final TaskExecutor tasks;
    private final ReadOnlyStringWrapper chain = new ReadOnlyStringWrapper("Chain: …");
    private final ReadOnlyStringWrapper store = new ReadOnlyStringWrapper("Store: …");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("Device: …");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private boolean inFlight;

    public StatusViewModel(Supplier<WorkspaceStatus> status, TaskExecutor tasks) {
        this.status = Objects.requireNonNull(status, "status");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    /** Asks for a new snapshot on the background executor; ignored while the previous one is still running. */
    public void refresh() {
        if (inFlight) return;
        inFlight = true;
        tasks.execute(BackgroundTask.of(status::get)
                .onSuccess(this::show)
                .onException(failure -> error.set("Status unavailable: " + messageOf(failure)))
                .onFinished(() -> inFlight = false));
    }

    void show(WorkspaceStatus s) {
        error.set("");
        chain.set("Chain " + s.rpcUrl() + " · " + (s.blockNumber() < 0 ? "not answering" : "block " + s.blockNumber()));
        store.set("Store " + s.storePath() + " · " + humanBytes(s.storeSizeBytes()) + " · "
                + s.blockCount() + (s.blockCount() == 1 ? " block" : " blocks"));
        device.set("Device " + s.device());
    }

    /** Bytes in binary units ({@link ByteText#human}): {@code 512 B}, {@code 1.5 KiB}, … ; {@code bytes} ≥ 0. */
    public static String humanBytes(long bytes) {
        return ByteText.human(bytes);
    }

    static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    public ReadOnlyStringProperty chainProperty() { return chain.getReadOnlyProperty(); }
    public ReadOnlyStringProperty storeProperty() { return store.getReadOnlyProperty(); }
    public ReadOnlyStringProperty deviceProperty() { return device.getReadOnlyProperty(); }
    /** Empty, or why the last snapshot failed. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}
