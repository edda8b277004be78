package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;

/**
 * An event emitted by the FederatedRounds contract ({@code resources/contracts/FederatedRounds.sol}),
 * decoded from a log. Addresses are lower-case 0x-hex; CIDs are decoded from the binary CID bytes
 * the contract emits. The records are immutable values.
 */
public sealed interface RoundEvent {
    /** Hash of the transaction that emitted the event, 0x-hex. */
    String txHash();

    /** Block the transaction was mined in. */
    long blockNumber();

    /** The owner registered a client. */
    record ClientRegistered(String client, String txHash, long blockNumber) implements RoundEvent {
    }

    /** The owner registered an aggregator. */
    record AggregatorRegistered(String aggregator, String txHash, long blockNumber) implements RoundEvent {
    }

    /** A client submitted the update {@code cid} trained on {@code numSamples} samples. */
    record UpdateSubmitted(long round, String client, Cid cid, long numSamples, String txHash, long blockNumber)
            implements RoundEvent {
    }

    /** An aggregator proposed the aggregate {@code cid}; the proposal counts as its vote. */
    record AggregateProposed(long round, String aggregator, Cid cid, String txHash, long blockNumber)
            implements RoundEvent {
    }

    /** An aggregator voted for the existing proposal {@code cid}. */
    record VoteCast(long round, String voter, Cid cid, String txHash, long blockNumber) implements RoundEvent {
    }

    /** The proposal {@code cid} reached the quorum with {@code votes} votes and became the round's global model. */
    record RoundFinalized(long round, Cid cid, long votes, String txHash, long blockNumber) implements RoundEvent {
    }

    /** A round opened for updates (round 1 at deployment, then after each finalized round). */
    record RoundOpened(long round, String txHash, long blockNumber) implements RoundEvent {
    }
}
