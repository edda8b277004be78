package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not a unit test (about a minute on one core): Fashion-MNIST, 10 IID clients, 2NN, E=1, B=32,
 * 3 rounds of FedAvg in-process (no chain, no IPFS), test accuracy after each round and wall time.
 * Product target: at least 82 % after round 3 with {@link TrainConfig#DEFAULT_LEARNING_RATE}.
 *
 * <p>Run: {@code mvn -B -o -q -pl engine test -Dtest=FashionMnistFedAvgMeasurement -Ddefl.slow=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (optional {@code -Ddefl.lr=0.001 -Ddefl.rounds=3 -Ddefl.seed=2017}).
 */
@EnabledIfSystemProperty(named = "defl.slow", matches = "true")
class FashionMnistFedAvgMeasurement {
    @Test
    void fedAvgOnFashionMnistReaches82PercentAfterThreeRounds() throws Exception {
        double lr = Double.parseDouble(System.getProperty("defl.lr", Double.toString(TrainConfig.DEFAULT_LEARNING_RATE)));
        int rounds = Integer.getInteger("defl.rounds", 3);
        int clients = Integer.getInteger("defl.clients", 10);
        long seed = Long.getLong("defl.seed", 2017L);
        long t0 = System.nanoTime();
        DatasetSplit data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        LocalTrainer trainer = new LocalTrainer();
        ModelSpec spec = ModelSpec.twoNN(data.train().numFeatures(), data.train().numClasses());
        int[][] parts = IidPartitioner.partition(data.train().size(), clients, seed);
        List<LabeledDataset> shards = new ArrayList<>();
        for (int k = 0; k < clients; k++) shards.add(data.train().subset(parts[k], "fashion-mnist/client-" + k));
        ModelWeights global = trainer.initialWeights(spec, seed);
        System.out.printf("device: %s; optimizer %s lr %s; %d clients x %d samples; load %.2f s%n",
                LocalTrainer.deviceDescription(), TrainConfig.OPTIMIZER, lr, clients, shards.getFirst().size(), loadSeconds);
        EvalResult eval = trainer.evaluate(spec, global, data.test());
        System.out.printf("round 0: test accuracy %.4f loss %.4f%n", eval.accuracy(), eval.loss());
        long start = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            long rs = System.nanoTime();
            List<WeightedUpdate> updates = new ArrayList<>();
            double trainLoss = 0;
            for (int k = 0; k < clients; k++) {
                TrainResult r = trainer.train(spec, global, shards.get(k), new TrainConfig(1, 32, lr, seed * 1000 + round * 100L + k),
                        EpochListener.NONE, () -> false);
                trainLoss += r.epochs().getLast().loss() / clients;
                updates.add(r.toUpdate());
            }
            long ts = System.nanoTime();
            global = FedAvg.aggregate(updates);
            long as = System.nanoTime();
            eval = trainer.evaluate(spec, global, data.test());
            long es = System.nanoTime();
            System.out.printf("round %d: test accuracy %.4f loss %.4f (mean client train loss %.4f); train %.2f s, aggregate %.3f s, "
                            + "evaluate %.2f s, round %.2f s%n", round, eval.accuracy(), eval.loss(), trainLoss,
                    (ts - rs) / 1e9, (as - ts) / 1e9, (es - as) / 1e9, (es - rs) / 1e9);
        }
        System.out.printf("total %d rounds: %.2f s wall%n", rounds, (System.nanoTime() - start) / 1e9);
        if (rounds >= 3) assertThat(eval.accuracy()).isGreaterThanOrEqualTo(0.82);
    }
}
