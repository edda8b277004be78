package dev.defl.ui.names;

import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunNames;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableMap;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The window's address book: one label per account address, shared by every pane, so that an address reads the same
 * ("run 12 · client 3", or what the user typed) in the Chain explorer, Peers, the Round timeline and the Trainer's
 * curves. A UI-thread copy of the run database's {@code address_labels} ({@link RunNames#labels()}), read in the
 * background and refreshed when this process changes a label and when another process does (polled). Setting a
 * label writes it on the background executor and shows it at once. Holds no controls; UI thread only.
 */
public final class AddressBook extends NameMirror {

    /** Longest label kept, in characters (the run database's limit). */
    public static final int MAX_LABEL = RunNames.MAX_NAME;

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /**
     * @param db    the data directory's run database, or null: no labels, addresses show as they are
     * @param tasks reads and writes run on its background side, results on its UI side
     */
    public AddressBook(RunDatabase db, TaskExecutor tasks) {
        this(db, tasks, POLL);
    }

    /** As the public constructor, polling for other processes' changes every {@code poll}. */
    public AddressBook(RunDatabase db, TaskExecutor tasks, Duration poll) {
        super(db, tasks, RunDatabase.Change.LABELS, poll);
    }

    /** An address book without a database: every address shows as it is and cannot be labelled. */
    public static AddressBook none() {
        return new AddressBook(null, TaskExecutor.synchronous());
    }

    @Override
    Map<String, String> read(RunNames names) throws IOException {
        return names.labels();
    }

    private static String key(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    /** Every labelled address (lower-case 0x hex) and its label, as last read. */
    public ObservableMap<String, String> labels() {
        return map();
    }

    /** {@code address}'s label, or "" when it has none. Case of the address does not matter. */
    public String label(String address) {
        return map().getOrDefault(key(address), "");
    }

    /** What to show for {@code address}: its label, or the address shortened ({@code 0x3c44cd…fa4293bc}). */
    public String display(String address) {
        String label = label(address);
        return label.isEmpty() ? shorten(address) : label;
    }

    /** The label then the full address on a second line; the address alone when unlabelled (for tooltips). */
    public String describe(String address) {
        String label = label(address);
        return label.isEmpty() ? address : label + "\n" + address;
    }

    /** {@code "label (0x…full…)"}, or the address alone when unlabelled (for plain-text details). */
    public String withAddress(String address) {
        String label = label(address);
        return label.isEmpty() ? address : label + " (" + address + ")";
    }

    /** The first 8 and last 6 characters of a long address joined by an ellipsis; null as "". */
    public static String shorten(String address) {
        if (address == null || address.length() <= 16) return address == null ? "" : address;
        return address.substring(0, 8) + "…" + address.substring(address.length() - 6);
    }

    /** Whether labels can be set (there is a run database). */
    public boolean editable() {
        return backed();
    }

    /** Whether {@code text} is an account address (0x and 40 hex digits). */
    public static boolean isAddress(String text) {
        return text != null && text.strip().matches("0x[0-9a-fA-F]{40}");
    }

    /**
     * Sets {@code address}'s label (blank: removes the user's label, so the next run that uses it labels it again):
     * shown at once, written to the run database on the background executor; a failure is reported in
     * {@link #errorProperty()} and the book re-read.
     *
     * @throws IllegalStateException    if the book has no database ({@link #editable()} is false)
     * @throws IllegalArgumentException if {@code address} is not an account address, or the label is longer than
     *                                  {@value RunNames#MAX_NAME} characters
     */
    public void setLabel(String address, String label) {
        if (!editable()) throw new IllegalStateException("no run database: labels cannot be set");
        if (!isAddress(address)) throw new IllegalArgumentException("not an account address (0x and 40 hex digits): " + address);
        String text = label == null ? "" : label.strip();
        if (text.length() > RunNames.MAX_NAME) {
            throw new IllegalArgumentException("a label is at most " + RunNames.MAX_NAME + " characters, got " + text.length());
        }
        String a = key(address);
        putNow(a, text);
        error.set("");
        tasks().execute(BackgroundTask.of(() -> {
                    db().names().setLabel(a, text);
                    return null;
                })
                .onException(failure -> {
                    LoggerFactory.getLogger(AddressBook.class).warn("cannot label {}: {}", a, failure.toString());
                    error.set("Could not label " + a + ": " + failure.getMessage());
                    start(); // no-op when started; the next read restores what the database holds
                }));
    }

    /** Why the last label could not be written; empty after a good write. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
