package dev.defl.ui.concurrent;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.Property;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The undo actions of what a pane attached while active (listeners, bindings, pollers), so that detaching is one
 * call: {@link #closeAll()} runs them in reverse order. Not thread-safe; use it on the UI thread.
 */
public final class Subscriptions {

    private final List<Runnable> undo = new ArrayList<>();

    /** Records an action to run on {@link #closeAll()}. */
    public void add(Runnable unsubscribe) {
        undo.add(Objects.requireNonNull(unsubscribe, "unsubscribe"));
    }

    /** Adds {@code listener} to {@code value} and records its removal. */
    public <T> void listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        Objects.requireNonNull(listener, "listener");
        value.addListener(listener);
        add(() -> value.removeListener(listener));
    }

    /** Adds {@code listener} to {@code value} and records its removal. */
    public void listen(Observable value, InvalidationListener listener) {
        Objects.requireNonNull(listener, "listener");
        value.addListener(listener);
        add(() -> value.removeListener(listener));
    }

    /** Binds {@code target} to {@code source} and records the unbind. */
    public <T> void bind(Property<T> target, ObservableValue<? extends T> source) {
        target.bind(source);
        add(target::unbind);
    }

    /** Binds {@code a} and {@code b} both ways and records the unbind. */
    public <T> void bindBidirectional(Property<T> a, Property<T> b) {
        a.bindBidirectional(b);
        add(() -> a.unbindBidirectional(b));
    }

    /**
     * Runs the recorded actions, last first, and forgets them; a second call does nothing. Every action runs even
     * if one throws; the first failure is then rethrown with the others suppressed.
     */
    public void closeAll() {
        RuntimeException first = null;
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        undo.clear();
        if (first != null) throw first;
    }

    /** How many undo actions are recorded. */
    public int size() {
        return undo.size();
    }
}
