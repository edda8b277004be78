package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.stream.IntStream;

/**
 * Measurement, not a unit test: CPU wall time of one local epoch of the McMahan et al. 2017 CNN on the first
 * {@code defl.rows} (default 6000) Fashion-MNIST training rows, B=32, Adam 1e-3, and test accuracy after it.
 *
 * <p>Run: {@code mvn -B -o -q -pl engine test -Dtest=CnnEpochMeasurement -Ddefl.slow=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (optional {@code -Ddefl.rows=6000 -Ddefl.epochs=1}).
 *
 * <p>Measured 2026-11-21 on the 2-core development VM while other builds ran (load average about 6.5), PyTorch 2.7.1,
 * 1 thread: 23.9 s for one epoch of 6000 rows (188 batches), train accuracy 0.77; test accuracy 0.8195 on the 10 000
 * test rows, evaluated in 16.4 s.
 */
@EnabledIfSystemProperty(named = "defl.slow", matches = "true")
class CnnEpochMeasurement {
    @Test
    void cnnEpochOnFashionMnist() throws Exception {
        int rows = Integer.getInteger("defl.rows", 6000);
        int epochs = Integer.getInteger("defl.epochs", 1);
        DatasetSplit data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        LabeledDataset train = data.train().subset(IntStream.range(0, rows).toArray(), "fashion-mnist/train[0:" + rows + "]");
        LocalTrainer trainer = new LocalTrainer();
        ModelSpec spec = ModelSpec.cnn(1, 28, 28, 10);
        ModelWeights start = trainer.initialWeights(spec, 2017);
        long t0 = System.nanoTime();
        TrainResult r = trainer.train(spec, start, train, new TrainConfig(epochs, 32, TrainConfig.DEFAULT_LEARNING_RATE, 1),
                (e, loss, acc) -> System.out.printf("epoch %d: train loss %.4f accuracy %.4f%n", e, loss, acc), () -> false);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        EvalResult eval = trainer.evaluate(spec, r.weights(), data.test());
        double evalSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("device: %s; CNN %,d parameters; %d rows x %d epochs: %.2f s (%.2f s/epoch); "
                        + "test accuracy %.4f loss %.4f over %d rows in %.2f s%n", LocalTrainer.deviceDescription(), spec.parameterCount(),
                rows, epochs, trainSeconds, trainSeconds / epochs, eval.accuracy(), eval.loss(), eval.samples(), evalSeconds);
    }
}
