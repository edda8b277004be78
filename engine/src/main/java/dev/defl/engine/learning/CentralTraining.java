package dev.defl.engine.learning;

import java.util.function.BooleanSupplier;

/**
 * The centralized baseline of a federated experiment: the same model, initial weights, optimizer, learning rate
 * and batch size, trained on the whole training split (all clients' rows pooled) for {@code rounds × E} epochs, then
 * scored on the same test split. FedAvg with IID clients and E=1 should come close to it (McMahan et al. 2017, §3).
 */
public final class CentralTraining {
    private final LocalTrainer trainer;

    public CentralTraining(LocalTrainer trainer) {
        this.trainer = trainer;
    }

    /**
     * What the central baseline reached.
     *
     * @param test        score of the final model on the test split
     * @param epochs      epochs trained
     * @param samples     training samples processed (rows × epochs)
     * @param seconds     wall time of the training alone, in seconds
     */
    public record Result(EvalResult test, int epochs, long samples, double seconds) {
        /** Training throughput, samples per second. */
        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    /**
     * Trains {@code spec} from {@link LocalTrainer#initialWeights(ModelSpec, long) initialWeights(spec, seed)} on
     * {@code data.train()} for {@code epochs} epochs of mini-batches of {@code batchSize} rows (Adam, fixed
     * {@code learningRate}, batch order seeded by {@code seed}) and evaluates it on {@code data.test()}.
     *
     * @param listener  called after each epoch with the mean training loss and accuracy
     * @param cancelled polled before every mini-batch
     * @throws TrainingCancelledException if {@code cancelled} returned true
     * @throws IllegalArgumentException   if the model does not fit the data, or a count is below 1
     */
    public Result run(ModelSpec spec, DatasetSplit data, int epochs, int batchSize, double learningRate, long seed,
                      EpochListener listener, BooleanSupplier cancelled) throws TrainingCancelledException {
        ModelWeights start = trainer.initialWeights(spec, seed);
        long t0 = System.nanoTime();
        TrainResult trained = trainer.train(spec, start, data.train(), new TrainConfig(epochs, batchSize, learningRate, seed),
                listener, cancelled);
        double seconds = (System.nanoTime() - t0) / 1e9;
        EvalResult test = trainer.evaluate(spec, trained.weights(), data.test());
        return new Result(test, epochs, (long) data.train().size() * epochs, seconds);
    }
}
