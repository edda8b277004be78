package dev.defl.ui.run;

import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunListener;

/**
 * A {@link RunListener} that is also told when a run is about to start, with its configuration.
 * All calls arrive on the UI thread (see {@link UiThreadRunListener}).
 */
public interface RunObserver extends RunListener {

    /** A run with {@code config} is starting; forget the previous run. */
    default void begin(ExperimentConfig config) {}
}
