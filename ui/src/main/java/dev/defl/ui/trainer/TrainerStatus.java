package dev.defl.ui.trainer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The state the Trainer's sub-panes share: whether a run is under way (and paused), the one error line and the
 * step line. {@link RunControlViewModel} alone starts and ends runs; every sub-pane may report an error or a step.
 * UI thread only.
 */
public final class TrainerStatus {

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("Idle");

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** Whether the running experiment is held by a pause. */
    public ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }
    /** Empty, or the last load, publish, run or export failure with the exception's message. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** The last step: a load ("Loading digits …") or the run's progress text. */
    public ReadOnlyStringProperty stepProperty() { return step.getReadOnlyProperty(); }

    boolean isRunning() {
        return running.get();
    }

    void setRunning(boolean value) {
        running.set(value);
    }

    void setPaused(boolean value) {
        paused.set(value);
    }

    void setError(String message) {
        error.set(message);
    }

    void setStep(String text) {
        step.set(text);
    }

    /** Clears the error message (the user dismissed it). */
    public void clearError() {
        error.set("");
    }

    static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
