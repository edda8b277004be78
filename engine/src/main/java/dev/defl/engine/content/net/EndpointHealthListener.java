package dev.defl.engine.content.net;

/**
 * Told of every change of an endpoint's health, on the thread that made the attempt (not the UI
 * thread: a UI hops over itself). Must return quickly and not call back into the store.
 */
@FunctionalInterface
public interface EndpointHealthListener {
    /** {@code health} is the endpoint's state after an attempt. */
    void healthChanged(EndpointHealth health);
}
