package dev.defl.engine.ledger;

/**
 * An event emitted by the FederatedRounds contract ({@code resources/contracts/FederatedRounds.sol}),
 * decoded from a log. Addresses are lower-case 0x-hex; CIDs are binary CID bytes.
 */
public sealed interface RoundEvent {
    /** Hash of the transaction that emitted the event. */
    String txHash();

    /** Block the transaction was mined in. */
    long blockNumber();

    /** The owner registered a client. */
    record ClientRegistered(String client, String txHash, long blockNumber) implements RoundEvent {
    }

    /** The owner registered an aggregator. */
    record AggregatorRegistered(String aggregator, String txHash, long blockNumber) implements RoundEvent {
    }

    /** A client submitted an update trained on {@code numSamples} samples. */
    record UpdateSubmitted(long round, String client, byte[] cid, long numSamples, String txHash, long blockNumber)
            implements RoundEvent {
    }

    /** An aggregator proposed an aggregate; the proposal counts as its vote. */
    record AggregateProposed(long round, String aggregator, byte[] cid, String txHash, long blockNumber)
            implements RoundEvent {
    }

    /** An aggregator voted for an existing proposal. */
    record VoteCast(long round, String voter, byte[] cid, String txHash, long blockNumber) implements RoundEvent {
    }

    /** A proposal reached the quorum with {@code votes} votes and became the round's global model. */
    record RoundFinalized(long round, byte[] cid, long votes, String txHash, long blockNumber) implements RoundEvent {
    }

    /** A round opened for updates (round 1 at deployment, then after each finalized round). */
    record RoundOpened(long round, String txHash, long blockNumber) implements RoundEvent {
    }
}
