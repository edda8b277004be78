package dev.defl.ui.trainer;

/**
 * Mean training loss of all clients that reported a given local epoch.
 *
 * @param epoch   local epoch counted across rounds, from 1: {@code (round-1)·E + epoch}
 * @param round   the round, from 1
 * @param loss    mean softmax cross-entropy over the clients that reported so far
 * @param clients how many clients the mean covers
 */
public record LossPoint(int epoch, int round, double loss, int clients) {}
