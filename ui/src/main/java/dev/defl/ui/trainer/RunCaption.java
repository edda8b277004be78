package dev.defl.ui.trainer;

import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.protocol.ExperimentConfig;

import java.util.Locale;

/**
 * The caption drawn under an exported chart: the run's parameters in one line, e.g. {@code "dataset digits · model
 * mlp · strategy fedavg · partition iid · N = 10 · C = 1 · E = 1 · B = 32 · lr = 0.01 · seed 7 · 3 rounds"}, so that
 * a PNG taken out of the workbench still says what it shows.
 */
final class RunCaption {

    private RunCaption() {}

    /**
     * @param dataset the dataset's spec or name as loaded (e.g. {@code "digits"} or a path); blank when unknown
     */
    static String of(ExperimentConfig config, ModelKind model, String dataset) {
        return String.join(" · ",
                "dataset " + (dataset == null || dataset.isBlank() ? "—" : shortName(dataset)),
                "model " + model.cliName(),
                "strategy " + config.strategy().name(),
                "partition " + config.partitioner().describe(),
                "N = " + config.clients(),
                "C = " + number(config.clientFraction()),
                "E = " + config.localEpochs(),
                "B = " + config.batchSize(),
                "lr = " + number(config.learningRate()),
                "seed " + config.seed(),
                config.rounds() + (config.rounds() == 1 ? " round" : " rounds"));
    }

    /** The file name of a path-like spec ({@code /data/boston.csv → boston.csv}); a built-in name as is. */
    private static String shortName(String spec) {
        String s = spec.strip();
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
