package dev.defl.ui.network;

import dev.defl.engine.network.InvalidSettingException;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * State of the Settings → Network dialog: the fields of {@link NetworkSettings} as texts, the error of the field at
 * fault ({@link #errorFieldProperty()} is one of the {@code FIELD_*} names), loading from and saving
 * to {@code network.json} on the background thread. Every method is called on the UI thread.
 */
public final class NetworkSettingsViewModel {
    /** The names {@link #errorFieldProperty()} takes, one per field ({@code NetworkSettings.FIELD_*}). */
    public static final String FIELD_CHAIN_URL = NetworkSettings.FIELD_CHAIN_URL,
            FIELD_CHAIN_ID = NetworkSettings.FIELD_CHAIN_ID, FIELD_IPFS = NetworkSettings.FIELD_IPFS,
            FIELD_KEYSTORE = NetworkSettings.FIELD_KEYSTORE, FIELD_IPFS_TIMEOUT = NetworkSettings.FIELD_IPFS_TIMEOUT;

    private final Path file;
    private final TaskExecutor executor;
    private final StringProperty chainUrl = new SimpleStringProperty("http://127.0.0.1:8545");
    private final StringProperty chainId = new SimpleStringProperty("0");
    private final StringProperty ipfs = new SimpleStringProperty("");
    private final StringProperty keystore = new SimpleStringProperty("");
    private final StringProperty ipfsTimeout = new SimpleStringProperty(
            Long.toString(NetworkSettings.DEFAULT_IPFS_TIMEOUT.toSeconds()));
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorField = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    /**
     * @param file     the settings file ({@link NetworkSettings#fileIn})
     * @param executor reads and writes the file in the background
     */
    public NetworkSettingsViewModel(Path file, TaskExecutor executor) {
        this.file = Objects.requireNonNull(file, "file");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Reads the file (if any) into the fields; a bad file is reported in {@link #errorProperty()}. */
    public void load() {
        busy.set(true);
        executor.execute(BackgroundTask.of(() -> NetworkSettings.load(file))
                .onSuccess(this::show)
                .onException(e -> fail("", e.getMessage()))
                .onFinished(() -> busy.set(false)));
    }

    private void show(Optional<NetworkSettings> loaded) {
        loaded.ifPresent(s -> {
            chainUrl.set(s.chainUrl());
            chainId.set(Long.toString(s.expectedChainId()));
            ipfs.set(s.ipfsText());
            keystore.set(s.keystore().toString());
            long ms = s.ipfsTimeout().toMillis();
            ipfsTimeout.set(ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0));
        });
    }

    /** The fields as settings, or empty with the error shown. */
    public Optional<NetworkSettings> validate() {
        try {
            NetworkSettings s = NetworkSettings.parse(chainUrl.get(), chainId.get(), ipfs.get(), keystore.get(),
                    ipfsTimeout.get());
            error.set("");
            errorField.set("");
            return Optional.of(s);
        } catch (InvalidSettingException e) {
            fail(e.field(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Validates and, when valid, writes the file in the background, then runs {@code onSaved} on the UI thread.
     *
     * @return false when a field is invalid (nothing written; the error is shown)
     */
    public boolean save(Runnable onSaved) {
        Optional<NetworkSettings> valid = validate();
        if (valid.isEmpty()) return false;
        busy.set(true);
        executor.execute(BackgroundTask.of(() -> {
                    valid.get().save(file);
                    return file;
                })
                .onSuccess(f -> onSaved.run())
                .onException(e -> fail("", "could not write " + file + ": " + e.getMessage()))
                .onFinished(() -> busy.set(false)));
        return true;
    }

    private void fail(String field, String message) {
        errorField.set(field);
        error.set(message == null ? "failed" : message);
    }

    /** The settings file. */
    public Path file() {
        return file;
    }

    public StringProperty chainUrlProperty() {
        return chainUrl;
    }

    public StringProperty chainIdProperty() {
        return chainId;
    }

    /** Comma-separated IPFS endpoints ({@code kubo:URL}, {@code gateway:URL} or a bare http(s) URL = an RPC API). */
    public StringProperty ipfsProperty() {
        return ipfs;
    }

    public StringProperty keystoreProperty() {
        return keystore;
    }

    /** IPFS timeout in seconds. */
    public StringProperty ipfsTimeoutProperty() {
        return ipfsTimeout;
    }

    /** The last error, or "" when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The field the error is about ({@code NetworkSettings.FIELD_*}), or "". */
    public ReadOnlyStringProperty errorFieldProperty() {
        return errorField.getReadOnlyProperty();
    }

    /** True while the file is read or written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
