package dev.defl.ui.timeline;

/**
 * Test accuracy of a finalized round's global model.
 *
 * @param round   round number, from 1
 * @param percent accuracy in percent, [0, 100]
 */
public record AccuracyPoint(int round, double percent) {}
