package dev.defl.engine.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The data directory's writer lock ({@link DataDirLock}) is held by another process, named when it recorded itself. */
public final class DataDirInUseException extends IOException {
    private final transient DataDirLock.Holder holder;

    DataDirInUseException(Path dir, Optional<DataDirLock.Holder> holder) {
        super("data directory " + dir + " is in use by another DeFL Workbench process"
                + holder.map(h -> " (" + h.describe() + ")").orElse("") + "; wait until it ends or stop it, "
                + "or choose another --data-dir");
        this.holder = holder.orElse(null);
    }

    /** The holder, when it recorded itself. */
    public Optional<DataDirLock.Holder> holder() {
        return Optional.ofNullable(holder);
    }
}
