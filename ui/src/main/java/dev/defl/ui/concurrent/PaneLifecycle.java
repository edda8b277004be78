package dev.defl.ui.concurrent;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Activation for a pane: {@link #activate()} hands the pane a fresh-for-this-activation {@link Subscriptions} to
 * record its listeners, bindings and pollers in; {@link #deactivate()} closes them all, then runs the pane's own
 * detaching. Both are idempotent. Use on the UI thread.
 */
public final class PaneLifecycle implements Activatable {

    private final Consumer<Subscriptions> onActivate;
    private final Runnable onDeactivate;
    private final Subscriptions subscriptions = new Subscriptions();
    private boolean active;

    /**
     * @param onActivate   attaches the pane, recording each undo action in the given subscriptions
     * @param onDeactivate runs after the subscriptions are closed (for what they cannot express)
     */
    public PaneLifecycle(Consumer<Subscriptions> onActivate, Runnable onDeactivate) {
        this.onActivate = Objects.requireNonNull(onActivate, "onActivate");
        this.onDeactivate = Objects.requireNonNull(onDeactivate, "onDeactivate");
    }

    /** A lifecycle whose deactivation is only closing the subscriptions. */
    public PaneLifecycle(Consumer<Subscriptions> onActivate) {
        this(onActivate, () -> {});
    }

    /** Calls {@code onActivate} unless already active; if it throws, what it recorded is closed again. */
    @Override
    public void activate() {
        if (active) return;
        active = true;
        try {
            onActivate.accept(subscriptions);
        } catch (RuntimeException | Error e) {
            active = false;
            try {
                subscriptions.closeAll();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** If active: closes the subscriptions (last first), then calls {@code onDeactivate}. */
    @Override
    public void deactivate() {
        if (!active) return;
        active = false;
        try {
            subscriptions.closeAll();
        } finally {
            onDeactivate.run();
        }
    }

    public boolean isActive() {
        return active;
    }
}
