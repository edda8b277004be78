package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.PubsubMessage;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TxResult;

import java.time.Duration;
import java.util.List;

/**
 * What a running {@link TaskNode} reports, for a window or a log. Called on the node's thread (the pubsub callback on
 * the subscription's thread); implementations must return quickly and hand UI work to their own thread.
 */
public interface NodeListener {
    /** A line of what the node is doing or waiting for (also logged at INFO when it changes). */
    default void onStatus(String status) {
    }

    /** The task's events from newly read blocks, in chain order ({@code lastSeenBlock} advanced past them). */
    default void onEvents(List<TaskEvent> events, long lastSeenBlock) {
    }

    /** A message on the task's pubsub topic, parsed or not. */
    default void onPubsub(PubsubMessage message) {
    }

    /**
     * A client trained its update of {@code round}.
     *
     * @param samples training samples per epoch ({@code n_k})
     * @param epochs  local epochs run
     * @param time    wall time of the training alone (not fetching the model or publishing the update)
     */
    default void onTrained(long round, long samples, int epochs, Duration time) {
    }

    /**
     * A client finished local epoch {@code epoch} (1-based) of its training in {@code round}.
     *
     * @param loss     mean training loss over the epoch
     * @param accuracy training accuracy over the epoch, in [0, 1] (NaN for regression)
     */
    default void onEpoch(long round, int epoch, double loss, double accuracy) {
    }

    /** A client's update of {@code round} is on chain: its {@code submitUpdate} transaction was mined. */
    default void onUpdateSubmitted(long round, Cid update) {
    }

    /**
     * As {@link #onUpdateSubmitted(long, Cid)}, with the update's sample count {@code n_k} and the mined transaction
     * (hash, gas used, block); by default calls {@link #onUpdateSubmitted(long, Cid)}.
     */
    default void onUpdateSubmitted(long round, Cid update, long numSamples, TxResult tx) {
        onUpdateSubmitted(round, update);
    }

    /**
     * An aggregator computed its aggregate of {@code round}.
     *
     * @param updates the round's updates aggregated
     * @param time    wall time of fetching the updates, aggregating and publishing the aggregate
     */
    default void onAggregated(long round, int updates, Duration time) {
    }

    /**
     * An aggregator left a client's update of {@code round} out of its aggregate because it could not open it (a private
     * task's update: plaintext, not sealed for this aggregator, malformed or tampered envelope).
     *
     * @param client the client that submitted it, 0x-hex
     * @param update the update's CID
     * @param reason one line naming the CID, the client and the cause
     */
    default void onUpdateRejected(long round, String client, Cid update, String reason) {
    }

    /**
     * This aggregator's screening of {@code round} reports an update ({@link dev.defl.engine.round.UpdateScreening}):
     * the rule discarded or down-weighted it, or its norm stands out. Called once per reported update, in submission
     * order, after the aggregate is computed.
     */
    default void onUpdateScreened(long round, dev.defl.engine.round.UpdateScreening.ScreenedUpdate screened) {
    }

    /**
     * Merkle mode: a client signed its update of {@code round} and published it off chain ({@code statement}: the CID
     * of the {@link SignedUpdate} JSON); nothing went on chain.
     */
    default void onUpdateSigned(long round, Cid update, long numSamples, Cid statement) {
    }

    /**
     * Merkle mode: this aggregator committed the round's update set ({@code commitUpdates} mined): the manifest's CID
     * and the number of updates in it.
     */
    default void onUpdatesCommitted(long round, Cid manifest, int updates, TxResult tx) {
    }

    /** A private task's aggregator published its public key ({@code publishKey} mined). */
    default void onKeyPublished(TxResult tx) {
    }

    /**
     * Merkle mode: this client proved its update of an earlier round for that round's reward ({@code claimUpdateReward}
     * mined).
     *
     * @param round  the round whose reward was claimed (before the current one)
     * @param update the update proved to be a leaf of that round's committed manifest
     */
    default void onRewardClaimed(long round, Cid update, TxResult tx) {
    }

    /** An aggregator's vote for {@code aggregate} in {@code round} is on chain ({@code proposed}: as its proposer). */
    default void onVoted(long round, Cid aggregate, boolean proposed) {
    }

    /**
     * As {@link #onVoted(long, Cid, boolean)}, with the mined transaction (hash, gas used, block, events: a
     * {@code RoundFinalized} among them when this vote reached the quorum); by default calls
     * {@link #onVoted(long, Cid, boolean)}.
     */
    default void onVoted(long round, Cid aggregate, boolean proposed, TxResult tx) {
        onVoted(round, aggregate, proposed);
    }

    /** Nothing to report. */
    NodeListener NONE = new NodeListener() {
    };

    /** Tells each of {@code listeners}, in order, everything this listener hears (e.g. metrics and a log). */
    static NodeListener all(NodeListener... listeners) {
        List<NodeListener> list = List.of(listeners);
        return new NodeListener() {
            @Override
            public void onStatus(String status) {
                list.forEach(l -> l.onStatus(status));
            }

            @Override
            public void onEvents(List<TaskEvent> events, long lastSeenBlock) {
                list.forEach(l -> l.onEvents(events, lastSeenBlock));
            }

            @Override
            public void onPubsub(PubsubMessage message) {
                list.forEach(l -> l.onPubsub(message));
            }

            @Override
            public void onTrained(long round, long samples, int epochs, Duration time) {
                list.forEach(l -> l.onTrained(round, samples, epochs, time));
            }

            @Override
            public void onEpoch(long round, int epoch, double loss, double accuracy) {
                list.forEach(l -> l.onEpoch(round, epoch, loss, accuracy));
            }

            @Override
            public void onUpdateSubmitted(long round, Cid update) {
                list.forEach(l -> l.onUpdateSubmitted(round, update));
            }

            @Override
            public void onUpdateSubmitted(long round, Cid update, long numSamples, TxResult tx) {
                list.forEach(l -> l.onUpdateSubmitted(round, update, numSamples, tx));
            }

            @Override
            public void onAggregated(long round, int updates, Duration time) {
                list.forEach(l -> l.onAggregated(round, updates, time));
            }

            @Override
            public void onUpdateRejected(long round, String client, Cid update, String reason) {
                list.forEach(l -> l.onUpdateRejected(round, client, update, reason));
            }

            @Override
            public void onUpdateScreened(long round, dev.defl.engine.round.UpdateScreening.ScreenedUpdate screened) {
                list.forEach(l -> l.onUpdateScreened(round, screened));
            }

            @Override
            public void onUpdateSigned(long round, Cid update, long numSamples, Cid statement) {
                list.forEach(l -> l.onUpdateSigned(round, update, numSamples, statement));
            }

            @Override
            public void onUpdatesCommitted(long round, Cid manifest, int updates, TxResult tx) {
                list.forEach(l -> l.onUpdatesCommitted(round, manifest, updates, tx));
            }

            @Override
            public void onRewardClaimed(long round, Cid update, TxResult tx) {
                list.forEach(l -> l.onRewardClaimed(round, update, tx));
            }

            @Override
            public void onKeyPublished(TxResult tx) {
                list.forEach(l -> l.onKeyPublished(tx));
            }

            @Override
            public void onVoted(long round, Cid aggregate, boolean proposed) {
                list.forEach(l -> l.onVoted(round, aggregate, proposed));
            }

            @Override
            public void onVoted(long round, Cid aggregate, boolean proposed, TxResult tx) {
                list.forEach(l -> l.onVoted(round, aggregate, proposed, tx));
            }
        };
    }
}
