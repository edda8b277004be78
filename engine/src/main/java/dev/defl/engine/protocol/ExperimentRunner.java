package dev.defl.engine.protocol;

import dev.defl.engine.learning.DatasetSplit;

import java.util.function.BooleanSupplier;

/**
 * Runs a federated experiment end to end: deploys the round contract, trains the clients,
 * aggregates, votes, finalizes and evaluates each round. Blocking; call it from a worker thread.
 */
@FunctionalInterface
public interface ExperimentRunner {

    /**
     * @param config    the experiment's parameters
     * @param data      training rows (partitioned over the clients) and the evaluator's test rows
     * @param listener  receives progress from the calling thread
     * @param cancelled polled between steps; when it returns true the run stops with {@link RunCancelledException}
     * @return the report of all finalized rounds
     * @throws RunCancelledException when {@code cancelled} became true
     * @throws Exception             on a training, content or chain failure, with a message naming what failed
     */
    RunReport run(ExperimentConfig config, DatasetSplit data, RunListener listener, BooleanSupplier cancelled)
            throws Exception;
}
