package dev.defl.ui.runs;

/**
 * One round of one selected run in the Runs pane's per-round table; texts as shown (empty where absent).
 *
 * @param run      the run's name
 * @param colour   its colour in the charts, CSS hex
 * @param round    1-based round
 * @param accuracy test accuracy, e.g. {@code "93.14 %"}
 * @param loss     test loss
 * @param rmse     test RMSE (regression)
 * @param gas      gas the round's transactions used, e.g. {@code "1,204,331"}
 * @param seconds  the round's wall-clock time, e.g. {@code "4.2 s"}
 */
public record RoundMetricRow(String run, String colour, int round, String accuracy, String loss, String rmse, String gas,
                             String seconds) {
}
