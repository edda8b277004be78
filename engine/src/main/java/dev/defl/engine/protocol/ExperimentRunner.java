package dev.defl.engine.protocol;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;

import java.util.function.BooleanSupplier;

/**
 * Runs a federated experiment end to end: deploys the round contract, trains the clients,
 * aggregates, votes, finalizes and evaluates each round. Blocking; call it from a worker thread.
 */
@FunctionalInterface
public interface ExperimentRunner {

    /**
     * Runs the experiment training {@code model}.
     *
     * @param config    the experiment's parameters
     * @param data      training rows (partitioned over the clients) and the evaluator's test rows
     * @param model     the model every client trains and the evaluator scores (e.g. {@link ModelKind#spec})
     * @param listener  receives progress from the calling thread
     * @param cancelled polled between steps; when it returns true the run stops with {@link RunCancelledException}
     * @return the report of all finalized rounds
     * @throws IllegalArgumentException if {@code model} does not take the dataset's rows
     * @throws RunCancelledException    when {@code cancelled} became true
     * @throws Exception                on a training, content or chain failure, with a message naming what failed
     */
    RunReport run(ExperimentConfig config, DatasetSplit data, ModelSpec model, RunListener listener,
                  BooleanSupplier cancelled) throws Exception;

    /**
     * As {@link #run(ExperimentConfig, DatasetSplit, ModelSpec, RunListener, BooleanSupplier)} with
     * {@link #defaultModel}: the 2NN, or for a regression dataset the {@link ModelKind#MLP_REG} regressor.
     */
    default RunReport run(ExperimentConfig config, DatasetSplit data, RunListener listener, BooleanSupplier cancelled)
            throws Exception {
        return run(config, data, defaultModel(data), listener, cancelled);
    }

    /** The model a run trains when none is named: {@link ModelKind#MLP_REG} for a regression dataset, else {@link ModelKind#MLP}. */
    static ModelSpec defaultModel(DatasetSplit data) {
        return (data.train().isRegression() ? ModelKind.MLP_REG : ModelKind.MLP).spec(data);
    }
}
