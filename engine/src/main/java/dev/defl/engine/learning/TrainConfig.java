package dev.defl.engine.learning;

/**
 * Client-side training settings (the E and B of McMahan et al. 2017, plus the optimizer step size).
 *
 * @param localEpochs  E, passes over the client's data per round, {@code >= 1}
 * @param batchSize    B, mini-batch size in samples, {@code >= 1} (the last batch of an epoch may be smaller)
 * @param learningRate step size of the optimizer {@link #OPTIMIZER}, {@code > 0}
 * @param seed         seed of the per-epoch mini-batch shuffle
 * @param proximalMu   FedProx proximal coefficient μ {@code >= 0} (Li et al. 2020, "Federated Optimization in
 *                     Heterogeneous Networks", MLSys, Eq. 2): the local objective becomes
 *                     {@code loss + μ/2·‖w − w_start‖²}; 0 (the default) is plain FedAvg ClientUpdate
 */
public record TrainConfig(int localEpochs, int batchSize, double learningRate, long seed, double proximalMu) {
    /** The optimizer used by {@link LocalTrainer}: Adam (Kingma &amp; Ba 2015), β1 0.9, β2 0.999, ε 1e-8, state reset per call. */
    public static final String OPTIMIZER = "Adam";
    /** Default Adam step size; measured on Fashion-MNIST, 10 IID clients, 2NN, E=1, B=32 (see LocalTrainer). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public TrainConfig {
        if (localEpochs < 1) throw new IllegalArgumentException("localEpochs must be >= 1, got " + localEpochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
            throw new IllegalArgumentException("FedProx proximal μ must be a finite number >= 0, got " + proximalMu);
        }
    }

    /** Settings without a proximal term (μ = 0). */
    public TrainConfig(int localEpochs, int batchSize, double learningRate, long seed) {
        this(localEpochs, batchSize, learningRate, seed, 0);
    }
}
