package dev.defl.engine.network;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a peer recorded about one round before and after each step, so that a restart (even after {@code kill -9})
 * resumes the round instead of redoing or repeating it. The chain stays the truth: a resumed peer checks it before
 * resending anything ({@link ClientNode}, {@link AggregatorNode}).
 *
 * @param round      the task round
 * @param phase      how far the peer got
 * @param baseRound  the round whose finalized global model the peer started from (0: the initial model)
 * @param baseCid    that model's CID
 * @param cid        the peer's update (client) or aggregate (aggregator), or null before it exists
 * @param numSamples training samples behind a client's update (FedAvg weight), 0 for an aggregator
 * @param txHash     the transaction that submitted, proposed or voted, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundCheckpoint(long round, Phase phase, long baseRound, String baseCid, String cid, long numSamples,
                              String txHash) {

    /** Steps of a round, in order. */
    public enum Phase {
        /** A client trained and added its update; it may or may not be on chain. */
        TRAINED,
        /** The client's update is on chain (Merkle mode: signed and published off chain). */
        SUBMITTED,
        /** An aggregator computed and added its aggregate; its proposal or vote may or may not be on chain. */
        AGGREGATED,
        /** The aggregator's proposal or vote is on chain. */
        VOTED
    }

    /** This checkpoint at {@code next}, with the transaction hash that got it there. */
    public RoundCheckpoint advance(Phase next, String tx) {
        return new RoundCheckpoint(round, next, baseRound, baseCid, cid, numSamples, tx);
    }
}
