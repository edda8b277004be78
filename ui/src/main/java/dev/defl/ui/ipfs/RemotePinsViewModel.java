package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.PinQuery;
import dev.defl.engine.content.remotepin.PinState;
import dev.defl.engine.content.remotepin.PinStatus;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.engine.content.remotepin.RemotePinningClient;
import dev.defl.engine.content.remotepin.RemotePinningException;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The "Remote pinning" part of the IPFS pane: a remote pinning service (an
 * <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a> v1.0.0 endpoint such
 * as Pinata's or Filebase's), the pin requests there (queued, pinning, pinned, failed), pinning local roots
 * remotely, removing a remote pin, and polling unsettled requests until they settle. Holds no controls; every
 * public method is called on the UI thread and every request runs on the background executor.
 *
 * <p><b>The access token is a secret.</b> It lives only in {@link #tokenProperty()} (bound to a password field),
 * for this session; it may start from {@code $DEFL_PINNING_TOKEN} (the app passes it in). It is never written
 * to disk, never logged, and every message this model shows is scrubbed of it (the engine's client already
 * leaves it out). Only the service URL is saved, to {@code <data dir>/settings/pinning-service.json}
 * ({@link PinningServiceSettings}).
 *
 * <p><b>Polling.</b> After a refresh or a pin, while some request is queued or pinning, the model asks the
 * service for each such request ({@code GET /pins/{requestid}}) every poll interval, on the background
 * executor; {@link #pollingProperty()} and {@link #statusTextProperty()} show it. Polling stops when every
 * request has settled, on an error (shown; Refresh resumes it), or at {@link #close()}.
 */
public final class RemotePinsViewModel {

    /** Limit of each HTTP request to the service. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final TaskExecutor tasks;
    private final Path settingsFile;
    private final Duration pollInterval;

    private final StringProperty endpoint = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final ObservableList<RemotePinRow> pins = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners once the caller lets it go. */
    private final ObservableList<RemotePinRow> pinsView = FXCollections.unmodifiableObservableList(pins);
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper polling = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("Not connected to a pinning service.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final boolean tokenFromEnvironment;

    /** UI thread: the client of the connected service, or null. */
    private RemotePinningClient client;
    private int running;
    /** UI thread: bumped by every connect and close, so the answers and polls of an older client are dropped. */
    private long generation;
    private boolean closed;

    /**
     * @param tasks        background and UI executors
     * @param settingsFile where the service URL is kept ({@link PinningServiceSettings}), read now on the
     *                     background executor; or null to keep it in memory only
     * @param initialToken the access token to start with (e.g. {@code $DEFL_PINNING_TOKEN}), or null/blank for none
     * @param pollInterval how long to wait between polls of unsettled requests (zero in tests)
     */
    public RemotePinsViewModel(TaskExecutor tasks, Path settingsFile, String initialToken, Duration pollInterval) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.settingsFile = settingsFile;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative()) throw new IllegalArgumentException("poll interval " + pollInterval + " is negative");
        tokenFromEnvironment = initialToken != null && !initialToken.isBlank();
        if (tokenFromEnvironment) token.set(initialToken.strip());
        if (settingsFile != null) {
            tasks.execute(BackgroundTask.of(() -> PinningServiceSettings.load(settingsFile))
                    .onSuccess(saved -> saved.ifPresent(uri -> {
                        if (endpoint.get() == null || endpoint.get().isBlank()) endpoint.set(uri.toString());
                        if (tokenFromEnvironment && !closed) connect();
                        else statusText.set("Enter the access token of " + uri + " and connect.");
                    }))
                    .onException(failure -> error.set("Could not read the pinning service setting: " + scrub(messageOf(failure)))));
        }
    }

    // ---- connecting ------------------------------------------------------------------------------------

    /** The service's base URL as typed, e.g. {@code https://api.pinata.cloud/psa}. */
    public StringProperty endpointProperty() {
        return endpoint;
    }

    /** The access token, in memory only (never saved, never shown in a message). */
    public StringProperty tokenProperty() {
        return token;
    }

    /** Whether the token came from {@code $DEFL_PINNING_TOKEN}. */
    public boolean tokenFromEnvironment() {
        return tokenFromEnvironment;
    }

    /**
     * Connects to the service at {@link #endpointProperty()} with {@link #tokenProperty()}: checks both (a bad
     * URL or a missing token goes to {@link #errorProperty()}), saves the URL (not the token), and lists the
     * pins ({@link #refresh()}); a refused token shows there as HTTP 401.
     */
    public void connect() {
        clearMessages();
        URI uri;
        try {
            uri = PinningServiceSettings.checked(endpoint.get() == null ? "" : endpoint.get());
        } catch (IllegalArgumentException e) {
            error.set(scrub(e.getMessage()) + ".");
            return;
        }
        String secret = token.get() == null ? "" : token.get().strip();
        if (secret.isEmpty()) {
            error.set("Enter the access token of " + uri + " (kept in memory for this session only), or start the "
                    + "workbench with $DEFL_PINNING_TOKEN set.");
            return;
        }
        RemotePinningClient next;
        try {
            next = new RemotePinningClient(uri, secret, REQUEST_TIMEOUT);
        } catch (IllegalArgumentException e) {
            error.set(scrub(e.getMessage()) + ".");
            return;
        }
        retireClient();
        client = next;
        generation++;
        connected.set(true);
        statusText.set("Connecting to " + uri + "…");
        if (settingsFile != null) {
            Path file = settingsFile;
            tasks.execute(BackgroundTask.<Void>of(() -> {
                        PinningServiceSettings.save(file, uri);
                        return null;
                    })
                    .onException(failure -> error.set("Could not save the pinning service URL to " + file + ": "
                            + scrub(messageOf(failure)))));
        }
        refresh();
    }

    /** Lists every pin request at the service (all statuses, newest first) on the background executor. */
    public void refresh() {
        RemotePinningClient c = client;
        if (c == null) {
            error.set("Connect to a pinning service first.");
            return;
        }
        long gen = generation;
        PinQuery all = PinQuery.builder().status(PinState.values()).limit(PinQuery.MAX_LIMIT).build();
        run(BackgroundTask.of(() -> c.listAll(all))
                .onSuccess(list -> {
                    if (gen != generation) return;
                    pins.setAll(list.stream().map(RemotePinRow::of)
                            .sorted(Comparator.comparing(RemotePinRow::created).reversed()).toList());
                    statusText.set(summary() + " · listed at " + LocalTime.now().format(CLOCK));
                    startPolling();
                })
                .onException(failure -> {
                    if (gen == generation) failed("list the pins at", c, failure);
                }));
    }

    // ---- pins ------------------------------------------------------------------------------------------

    /** The pin requests at the service, newest first, as last listed or polled. */
    public ObservableList<RemotePinRow> pins() {
        return pinsView;
    }

    /**
     * Asks the service to pin each of {@code rows} (local roots) recursively, named as in the store table (or
     * unnamed), then polls the new requests until they settle. The service fetches the content over IPFS
     * itself: it must be reachable there (e.g. through a kubo node that has it).
     */
    public void pinRemotely(List<PinRow> rows) {
        Objects.requireNonNull(rows, "rows");
        RemotePinningClient c = client;
        if (c == null) {
            error.set("Connect to a pinning service first.");
            return;
        }
        if (rows.isEmpty()) {
            error.set("Select one or more roots in the store table to pin them remotely.");
            return;
        }
        List<PinRow> chosen = List.copyOf(rows);
        long gen = generation;
        run(BackgroundTask.of(() -> {
                    List<PinStatus> added = new ArrayList<>();
                    for (PinRow row : chosen) {
                        String name = row.name().isEmpty() ? null : row.name().length() > 255 ? row.name().substring(0, 255) : row.name();
                        added.add(c.add(Cid.parse(row.cid()), name, List.of(), Map.of("app", "defl-workbench")));
                    }
                    return added;
                })
                .onSuccess(added -> {
                    if (gen != generation) return;
                    for (PinStatus status : added) pins.addFirst(RemotePinRow.of(status));
                    message.set("Asked " + c.endpoint() + " to pin " + added.size() + (added.size() == 1 ? " CID" : " CIDs")
                            + "; its status is polled until it settles.");
                    startPolling();
                })
                .onException(failure -> {
                    if (gen == generation) failed("pin remotely at", c, failure);
                }));
    }

    /** Removes the pin request {@code row} at the service ({@code DELETE /pins/{requestid}}); confirm first. */
    public void remove(RemotePinRow row) {
        Objects.requireNonNull(row, "row");
        RemotePinningClient c = client;
        if (c == null) {
            error.set("Connect to a pinning service first.");
            return;
        }
        long gen = generation;
        run(BackgroundTask.<Void>of(() -> {
                    c.remove(row.requestId());
                    return null;
                })
                .onSuccess(none -> {
                    if (gen != generation) return;
                    pins.removeIf(p -> p.requestId().equals(row.requestId()));
                    message.set("Removed the remote pin of " + row.cid() + " at " + c.endpoint() + ".");
                    statusText.set(summary());
                })
                .onException(failure -> {
                    if (gen == generation) failed("remove the remote pin of " + row.cid() + " at", c, failure);
                }));
    }

    // ---- polling ---------------------------------------------------------------------------------------

    private void startPolling() {
        if (polling.get() || closed || pins.stream().noneMatch(RemotePinRow::unsettled)) return;
        polling.set(true);
        poll();
    }

    /** One round: wait the interval, then ask for each unsettled request; repeats while any is unsettled. */
    private void poll() {
        RemotePinningClient c = client;
        long gen = generation;
        List<String> ids = pins.stream().filter(RemotePinRow::unsettled).map(RemotePinRow::requestId).toList();
        if (c == null || ids.isEmpty() || closed) {
            polling.set(false);
            statusText.set(summary());
            return;
        }
        statusText.set("Waiting for " + ids.size() + (ids.size() == 1 ? " remote pin" : " remote pins") + " to settle ("
                + counts() + ")…");
        Duration wait = pollInterval;
        tasks.execute(BackgroundTask.of(() -> {
                    if (!wait.isZero()) Thread.sleep(wait);
                    List<PinStatus> now = new ArrayList<>();
                    for (String id : ids) now.add(c.get(id));
                    return now;
                })
                .onSuccess(now -> {
                    if (gen != generation) return;
                    for (PinStatus status : now) {
                        for (int i = 0; i < pins.size(); i++) {
                            if (pins.get(i).requestId().equals(status.requestId())) pins.set(i, RemotePinRow.of(status));
                        }
                    }
                    statusText.set(summary() + " · checked at " + LocalTime.now().format(CLOCK));
                    poll();
                })
                .onException(failure -> {
                    if (gen != generation) return;
                    polling.set(false);
                    failed("check the pin status at", c, failure);
                }));
    }

    /** "3 remote pins: 1 queued, 2 pinned". */
    private String summary() {
        if (pins.isEmpty()) return "No remote pins at " + (client == null ? "the service" : client.endpoint());
        return pins.size() + (pins.size() == 1 ? " remote pin: " : " remote pins: ") + counts();
    }

    private String counts() {
        List<String> parts = new ArrayList<>();
        for (PinState state : PinState.values()) {
            long n = pins.stream().filter(p -> p.status() == state).count();
            if (n > 0) parts.add(n + " " + state.wireName());
        }
        return String.join(", ", parts);
    }

    // ---- errors and lifecycle --------------------------------------------------------------------------

    private void failed(String action, RemotePinningClient c, Throwable failure) {
        error.set(scrub(failureText(action, c.endpoint(), failure)));
        statusText.set(summary());
    }

    /**
     * What the user reads for {@code failure}: a refused token (HTTP 401/403) and an unreachable or silent service
     * in plain words, naming the service; any other failure with the service's reason and details.
     */
    static String failureText(String action, URI endpoint, Throwable failure) {
        if (failure instanceof RemotePinningException e) {
            return switch (e.kind()) {
                case SERVICE_ERROR -> e.httpStatus() == 401 || e.httpStatus() == 403
                        ? "The pinning service " + endpoint + " refused the access token (HTTP " + e.httpStatus()
                        + (e.httpStatus() == 401 ? " Unauthorized" : " Forbidden") + "). Check the token and connect again."
                        : "Could not " + action + " " + endpoint + ": " + e.getMessage();
                case UNREACHABLE -> "Cannot reach the pinning service " + endpoint + " (is the URL right, and is it up?): "
                        + e.getMessage();
                case TIMEOUT -> "The pinning service " + endpoint + " did not answer within "
                        + REQUEST_TIMEOUT.toSeconds() + " s: " + e.getMessage();
                default -> "Could not " + action + " " + endpoint + ": " + e.getMessage();
            };
        }
        return "Could not " + action + " " + endpoint + ": " + messageOf(failure);
    }

    /** {@code text} with the current token (if any) replaced by "•••", in case some layer quoted it. */
    private String scrub(String text) {
        String secret = token.get() == null ? "" : token.get().strip();
        return secret.length() >= 4 ? text.replace(secret, "•••") : text;
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private void clearMessages() {
        error.set("");
        message.set("");
    }

    private <T> void run(BackgroundTask<T> task) {
        tasks.execute(task
                .onRunning(() -> {
                    clearMessages();
                    if (running++ == 0) busy.set(true);
                })
                .onFinished(() -> {
                    if (--running == 0) busy.set(false);
                }));
    }

    private void retireClient() {
        RemotePinningClient old = client;
        client = null;
        polling.set(false);
        if (old != null) {
            tasks.execute(BackgroundTask.<Void>of(() -> {
                old.close();
                return null;
            }));
        }
    }

    /**
     * Forgets the service for this session: stops polling and closes the client (on the background executor);
     * the table empties. The saved URL stays; the token stays in its field.
     */
    public void disconnect() {
        generation++;
        retireClient();
        connected.set(false);
        pins.clear();
        statusText.set("Not connected to a pinning service.");
    }

    /** When the window closes: stops polling and closes the client. A second call does nothing. */
    public void close() {
        if (closed) return;
        closed = true;
        generation++;
        retireClient();
    }

    // ---- properties ------------------------------------------------------------------------------------

    /** Whether a client is set up (after {@link #connect()}); the service may still refuse it. */
    public ReadOnlyBooleanProperty connectedProperty() { return connected.getReadOnlyProperty(); }
    /** Whether a list, pin or remove request runs. */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** Whether unsettled requests are being polled. */
    public ReadOnlyBooleanProperty pollingProperty() { return polling.getReadOnlyProperty(); }
    /** "2 remote pins: 1 queued, 1 pinned · checked at 21:40:03", or what is being waited for. */
    public ReadOnlyStringProperty statusTextProperty() { return statusText.getReadOnlyProperty(); }
    /** Empty, or the last failure (never containing the token). */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Empty, or the outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** The service the model is connected to, if any. */
    public Optional<URI> service() { return Optional.ofNullable(client).map(RemotePinningClient::endpoint); }
}
