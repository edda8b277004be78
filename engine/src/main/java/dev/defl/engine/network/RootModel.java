package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.FlTrust;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.TrainConfig;
import dev.defl.engine.learning.TrainingCancelledException;

import java.io.IOException;

/**
 * An FLTrust aggregator's server model ({@link FlTrust.ServerModel}): trains the round's global model on the task's
 * root dataset, the training part of the dataset manifest at {@link dev.defl.engine.learning.StrategySpec#rootDataset()},
 * with the task's B and learning rate, epochs matched to the clients' ({@link #trainOnRoot}) and the fixed shuffling
 * seed {@code trainConfig(0, }{@value #ROOT_SALT}{@code )} of the task document, on the CPU with one PyTorch thread. Every honest aggregator of the task therefore computes the
 * same root model bits, hence the same aggregate CID.
 */
public final class RootModel implements FlTrust.ServerModel {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RootModel.class);
    /** The client salt of the root model's shuffling seed: no client has it (their salts are partition indices). */
    public static final long ROOT_SALT = -1;

    private final TaskDocument document;
    private final ModelSpec model;
    private final LabeledDataset root;
    private final LocalTrainer trainer = new LocalTrainer();

    private RootModel(TaskDocument document, ModelSpec model, LabeledDataset root) {
        this.document = document;
        this.model = model;
        this.root = root;
    }

    /**
     * Fetches the task's root dataset.
     *
     * @throws IllegalArgumentException if the task's fltrust spec names no root dataset, or its rows do not fit the model
     * @throws IOException              if the manifest or a shard cannot be fetched or is malformed
     *                                  ({@link DatasetPublisher#fetch})
     */
    public static RootModel load(TaskDocument document, ModelSpec model, ContentStore content) throws IOException {
        String cid = document.strategy().rootDataset();
        if (cid == null) {
            throw new IllegalArgumentException("the task's fltrust strategy names no root dataset (task-spec key "
                    + dev.defl.engine.learning.StrategySpec.KEY_ROOT_DATASET + ")");
        }
        LabeledDataset root = DatasetPublisher.fetch(Cid.parse(cid), content).train();
        if (root.numFeatures() != model.inputSize()) {
            throw new IllegalArgumentException("the root dataset " + cid + " has " + root.numFeatures()
                    + " features per row, the task's model takes " + model.inputSize());
        }
        return new RootModel(document, model, root);
    }

    /** Rows of a root dataset sampled from the training set: the paper's default, 100 (Cao et al. 2021, Section V-A). */
    public static final int DEFAULT_ROOT_ROWS = 100;

    /**
     * Samples {@code rows} rows of {@code train} uniformly without replacement (seeded) and publishes them as a dataset
     * whose train and test parts are both that sample; returns the manifest's CID, for
     * {@link dev.defl.engine.learning.StrategySpec#withRootDataset}. The one-process run's root dataset: a clean sample
     * of the same distribution, as the paper assumes the server can collect.
     *
     * @throws IllegalArgumentException if {@code rows} is not in {@code 1 .. train.size()}
     * @throws IOException              if the store fails
     */
    public static Cid publishSample(LabeledDataset train, int rows, long seed, ContentStore content) throws IOException {
        if (rows < 1 || rows > train.size()) {
            throw new IllegalArgumentException("a root dataset of " + rows + " rows cannot be drawn from " + train.size());
        }
        java.util.Random random = new java.util.Random(seed * 1_000_003L + 0x526f6f74L);
        int[] all = new int[train.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        for (int i = 0; i < rows; i++) { // a partial Fisher–Yates shuffle: the first `rows` are the sample
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(all, rows);
        java.util.Arrays.sort(picked);
        LabeledDataset sample = train.subset(picked, train.name() + "/root");
        return DatasetPublisher.publish(new dev.defl.engine.learning.DatasetSplit(sample, sample), content,
                DatasetPublisher.DEFAULT_SHARD_ROWS).manifestCid();
    }

    /**
     * {@code strategy}, and for an fltrust spec that names no root dataset yet, the same spec naming a sample of
     * {@value #DEFAULT_ROOT_ROWS} rows of {@code train} just published ({@link #publishSample}): the one-process run's
     * root dataset.
     *
     * @throws IOException if the store fails
     */
    public static dev.defl.engine.learning.StrategySpec withSampledRoot(dev.defl.engine.learning.StrategySpec strategy,
                                                                      LabeledDataset train, long seed,
                                                                      ContentStore content) throws IOException {
        if (!"fltrust".equals(strategy.name()) || strategy.rootDataset() != null) return strategy;
        Cid root = publishSample(train, DEFAULT_ROOT_ROWS, seed, content);
        log.info("fltrust: root dataset of {} rows sampled from {}: {}", DEFAULT_ROOT_ROWS, train.name(), root);
        return strategy.withRootDataset(root.toString());
    }

    /** The root dataset's rows. */
    public LabeledDataset rows() {
        return root;
    }

    /** The most epochs a root model trains in a round (a cap on what claimed sample counts can ask). */
    public static final int MAX_ROOT_EPOCHS = 100;

    /**
     * Trains {@code global} on the root rows for {@code E · ⌈clientSamples / rootRows⌉} epochs (at most
     * {@value #MAX_ROOT_EPOCHS}): about as many steps of batch size B as a client of the median claimed size takes.
     */
    @Override
    public ModelWeights trainOnRoot(ModelWeights global, long clientSamples) {
        long ratio = Math.max(1, (clientSamples + root.size() - 1) / root.size());
        int epochs = (int) Math.min(MAX_ROOT_EPOCHS, document.localEpochs() * ratio);
        TrainConfig base = document.trainConfig(0, ROOT_SALT);
        TrainConfig cfg = new TrainConfig(epochs, base.batchSize(), base.learningRate(), base.seed(), base.proximalMu());
        try {
            return trainer.train(model, global, root, cfg, (epoch, loss, acc) -> { }, () -> false).weights();
        } catch (TrainingCancelledException e) {
            throw new IllegalStateException("root model training was cancelled", e);
        }
    }
}
