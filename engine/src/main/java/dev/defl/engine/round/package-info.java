/**
 * One round's shared work, used by every role that handles models: fetching a model by CID and checking it against
 * the task's model ({@link dev.defl.engine.round.ModelFetcher}), and the round's aggregation — the updates in
 * canonical order, fetched, verified, aggregated and encoded ({@link dev.defl.engine.round.RoundAggregation}). The
 * aggregator role ({@code network.AggregatorNode}) and the auditor ({@code protocol.RoundVerifier}) both use it, so an
 * honest aggregate and its audit cannot drift apart. Depends on {@code content}, {@code learning} and {@code ledger}
 * only.
 */
package dev.defl.engine.round;
