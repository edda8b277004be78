package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The IPFS pane's one error line and one message line, shared by its sub-panes (store, transfers, inspector,
 * endpoints): the last failure, naming the CID or file involved, and the outcome of the last action. UI thread.
 */
public final class IpfsFeedback {
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /** Empty, or the last failure, naming the CID or file involved. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Empty, or the outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void error(String text) {
        error.set(text);
    }

    public void message(String text) {
        message.set(text);
    }

    /** Empties both lines. */
    public void clear() {
        error.set("");
        message.set("");
    }

    /**
     * Clears the error and parses {@code cidText}; reports "Enter a CID first." or "Not a CID: …" and returns
     * null when it is empty or not a CID.
     */
    public Cid parseOrReport(String cidText) {
        error.set("");
        String text = cidText == null ? "" : cidText.strip();
        if (text.isEmpty()) {
            error.set("Enter a CID first.");
            return null;
        }
        try {
            return Cid.parse(text);
        } catch (MalformedCidException e) {
            error.set("Not a CID: " + e.getMessage());
            return null;
        }
    }

    /** The failure's message, or its class's simple name when it has none. */
    public static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
