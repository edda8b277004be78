package dev.defl.ui;

import dev.defl.engine.protocol.ExperimentRunner;

import java.util.Objects;

/**
 * Makes the experiment runner for a run on the compute device the Trainer form picked. The app builds a
 * {@code new FederatedExperiment(workspace, ComputeDevice.resolve(device))}; called on a background thread, never the
 * FX thread (resolving {@code cuda} or {@code auto} loads the PyTorch engine).
 */
@FunctionalInterface
public interface ExperimentRunners {

    /**
     * @param device {@code "cpu"}, {@code "cuda"} or {@code "auto"} (see
     *               {@link dev.defl.engine.learning.ComputeDevice#resolve})
     * @return the runner that trains on that device
     * @throws IllegalArgumentException for another device name
     * @throws Exception                if the device cannot be set up, with a message naming it
     */
    ExperimentRunner onDevice(String device) throws Exception;

    /** The same runner whatever device is asked for (it chooses its own, e.g. a test double). */
    static ExperimentRunners always(ExperimentRunner runner) {
        Objects.requireNonNull(runner, "runner");
        return device -> runner;
    }
}
