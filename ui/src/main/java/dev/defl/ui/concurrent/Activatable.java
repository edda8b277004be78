package dev.defl.ui.concurrent;

/** A pane that attaches to its models while shown and detaches when left (see {@link PaneLifecycle}). */
public interface Activatable {

    /** Attaches; a second call while active does nothing. UI thread. */
    void activate();

    /** Detaches; a call while inactive does nothing. UI thread. */
    void deactivate();
}
