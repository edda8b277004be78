package dev.defl.ui.concurrent;

/**
 * The base of a pane's view: active while its tab is shown ({@link TabActivation}), inactive when it is left. On
 * activation {@link #attach} binds the view to its view-model, recording every listener and binding in the
 * {@link Subscriptions} it is given; deactivation undoes them all in one call, then runs {@link #detached()}. Both are
 * idempotent ({@link PaneLifecycle}). Call on the JavaFX thread.
 */
public abstract class ActivatablePane implements Activatable {
    private final PaneLifecycle lifecycle = new PaneLifecycle(this::attach, this::detached);

    @Override
    public final void activate() {
        lifecycle.activate();
    }

    @Override
    public final void deactivate() {
        lifecycle.deactivate();
    }

    /** Whether the pane is active (bound to its view-model). */
    public final boolean isActive() {
        return lifecycle.isActive();
    }

    /**
     * Binds the view to its view-model; every listener and binding goes through {@code subs}, so that deactivation
     * removes them.
     */
    protected abstract void attach(Subscriptions subs);

    /** After deactivation has undone {@link #attach}'s subscriptions; nothing by default. */
    protected void detached() {
    }
}
