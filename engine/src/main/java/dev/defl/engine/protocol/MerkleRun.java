package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import dev.defl.engine.network.AggregatorNode;
import dev.defl.engine.network.SignedUpdatePool;
import dev.defl.engine.protocol.RunReport.UpdateRecord;

import java.util.List;

/**
 * What a one-process run ({@link FederatedExperiment}) does differently in {@link CommitMode#MERKLE}: its nodes share
 * one {@link SignedUpdatePool}, the off-chain channel between the clients' signatures and the aggregators' manifest
 * (between machines the pubsub {@code SIG:} announcements feed each aggregator's own pool), and a signed update is
 * reported as an update record without a transaction.
 */
final class MerkleRun {
    private MerkleRun() {
    }

    /**
     * Makes every aggregator of the run use one new shared pool of signed updates, and returns it for the run's
     * clients ({@code ClientNode.shareSignedUpdates}; the driver makes a client when it is first sampled).
     */
    static SignedUpdatePool share(List<AggregatorNode> aggregators) {
        SignedUpdatePool pool = new SignedUpdatePool();
        aggregators.forEach(a -> a.shareSignedUpdates(pool));
        return pool;
    }

    /** A signed update as the run reports it: no transaction hash, 0 gas (nothing was sent). */
    static UpdateRecord record(String client, Cid update, long numSamples) {
        return new UpdateRecord(client, update.toString(), numSamples, null, 0);
    }
}
