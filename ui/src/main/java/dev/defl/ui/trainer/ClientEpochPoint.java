package dev.defl.ui.trainer;

/**
 * One client's training metrics after one local epoch, as reported by
 * {@link dev.defl.engine.protocol.RunListener#onClientEpoch}.
 *
 * @param client   the client, 0-based
 * @param round    the round, from 1
 * @param step     local epoch counted across rounds, from 1: {@code (round − 1)·E + epoch}
 * @param loss     mean training cross-entropy over the epoch
 * @param accuracy training accuracy over the epoch, in [0, 1]
 */
public record ClientEpochPoint(int client, int round, int step, double loss, double accuracy) {

    /** This point's value of {@code metric}. */
    public double value(Metric metric) {
        return metric == Metric.LOSS ? loss : accuracy;
    }
}
