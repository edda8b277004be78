package dev.defl.ui.trainer;

import dev.defl.engine.learning.PartitionSummary;

import java.util.Objects;

/**
 * What the Partition tab's stacked bar chart draws, as view-level values (the view holds no engine types): rows of
 * each class (for regression, each target bin) on each client. Built by {@link ExperimentFormViewModel} from the
 * engine's {@link PartitionSummary}.
 *
 * @param classCounts rows of each class on each client, shape {@code [clients][numClasses]}; treated as immutable
 */
public record PartitionCounts(int[][] classCounts) {

    public PartitionCounts {
        Objects.requireNonNull(classCounts, "classCounts");
    }

    /** Number of clients (bars). */
    public int clients() {
        return classCounts.length;
    }

    /** Number of classes or target bins (stacked segments per bar). */
    public int numClasses() {
        return classCounts.length == 0 ? 0 : classCounts[0].length;
    }

    /** Rows per client. */
    public int[] sizes() {
        return new PartitionSummary(classCounts).sizes();
    }

    /** The clients' mean label entropy in bits ({@link PartitionSummary#meanLabelEntropy()}). */
    public double meanLabelEntropy() {
        return new PartitionSummary(classCounts).meanLabelEntropy();
    }

    static PartitionCounts of(PartitionSummary summary) {
        return new PartitionCounts(summary.classCounts());
    }
}
