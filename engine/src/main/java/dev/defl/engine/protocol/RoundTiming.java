package dev.defl.engine.protocol;

/**
 * Where one round of a one-process run ({@link FederatedExperiment}) spent its wall time, in seconds, reported through
 * {@link RunListener#onRoundTiming} just before the round's {@link RunListener#onRoundFinalized}.
 *
 * <p>With client parallelism K &gt; 1, or with K = 1 while the driver submits one client's update as the next trains,
 * several of these run at once: {@link #training()} is the wall time during which at least one client trained (the
 * union of the clients' training intervals), while {@link #content()} and {@link #chain()} sum the time spent in those
 * layers on all threads, so the parts may add up to more than {@link #round()}. {@link #outsideTraining()} is the
 * figure the round-overhead goal is about.
 *
 * <p>Rounds partition the run's wall time: a round starts when its clients are handed to the training pool, which
 * for round r+1 is as soon as round r finalizes, and ends there (the last round: after its evaluation). Round r's
 * evaluation so runs during round r+1; it is reported with round r ({@link #evaluation()}) but its wall time, like its
 * chain and content calls, falls in round r+1's {@link #roundSeconds()}.
 *
 * @param round            the round number (1-based)
 * @param clients          clients that trained and submitted in the round
 * @param parallelism      clients trained at once at most (K)
 * @param roundSeconds     from the start of the round's training to the next round's (the last round: to its evaluation's end)
 * @param training         wall time with at least one client training (DJL, local epochs)
 * @param trainingSum      the clients' training times summed (CPU-bound work; K·training at most)
 * @param content          time in the embedded content store's add and cat (updates, global models, the aggregate)
 * @param chain            time waiting for JSON-RPC answers (reads, transactions, receipts)
 * @param aggregation      the aggregators' strategy computation, summed over aggregators
 * @param evaluation       the evaluator's scoring of the round's finalized model on the test set (its fetch counts as content)
 * @param rpcRequests      JSON-RPC requests sent during the round
 */
public record RoundTiming(int round, int clients, int parallelism, double roundSeconds, double training,
                          double trainingSum, double content, double chain, double aggregation, double evaluation,
                          long rpcRequests) {

    /** The round's wall time outside local training: {@code roundSeconds − training}, in seconds. */
    public double outsideTraining() {
        return Math.max(0, roundSeconds - training);
    }

    /** {@link #outsideTraining()} as a fraction of the round, in [0, 1]. */
    public double outsideFraction() {
        return roundSeconds > 0 ? outsideTraining() / roundSeconds : 0;
    }

    /**
     * The rest: round time not in training, content, chain, aggregation or evaluation (thread hand-offs, decoding,
     * encoding, bookkeeping), in seconds; 0 when the parts overlap enough to exceed the round. An estimate: the
     * evaluation subtracted is this round's, which ran during the next.
     */
    public double other() {
        return Math.max(0, roundSeconds - training - content - chain - aggregation - evaluation);
    }
}
