package dev.defl.engine.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An event emitted by the FederatedRounds contract ({@code resources/contracts/FederatedRounds.sol}),
 * decoded from a log. Addresses are lower-case 0x-hex; CIDs are binary CID bytes, copied in and out
 * and compared by content, so the records are immutable values.
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

    /** A client submitted an update trained on {@code numSamples} samples. */
    record UpdateSubmitted(long round, String client, byte[] cid, long numSamples, String txHash, long blockNumber)
            implements RoundEvent {
        public UpdateSubmitted {
            cid = cid.clone();
        }

        @Override
        public byte[] cid() {
            return cid.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UpdateSubmitted e && round == e.round && Objects.equals(client, e.client)
                    && Arrays.equals(cid, e.cid) && numSamples == e.numSamples
                    && Objects.equals(txHash, e.txHash) && blockNumber == e.blockNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(round, client, Arrays.hashCode(cid), numSamples, txHash, blockNumber);
        }

        @Override
        public String toString() {
            return "UpdateSubmitted[round=" + round + ", client=" + client + ", cid=" + hex(cid)
                    + ", numSamples=" + numSamples + ", txHash=" + txHash + ", blockNumber=" + blockNumber + "]";
        }
    }

    /** An aggregator proposed an aggregate; the proposal counts as its vote. */
    record AggregateProposed(long round, String aggregator, byte[] cid, String txHash, long blockNumber)
            implements RoundEvent {
        public AggregateProposed {
            cid = cid.clone();
        }

        @Override
        public byte[] cid() {
            return cid.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AggregateProposed e && round == e.round && Objects.equals(aggregator, e.aggregator)
                    && Arrays.equals(cid, e.cid) && Objects.equals(txHash, e.txHash) && blockNumber == e.blockNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(round, aggregator, Arrays.hashCode(cid), txHash, blockNumber);
        }

        @Override
        public String toString() {
            return "AggregateProposed[round=" + round + ", aggregator=" + aggregator + ", cid=" + hex(cid)
                    + ", txHash=" + txHash + ", blockNumber=" + blockNumber + "]";
        }
    }

    /** An aggregator voted for an existing proposal. */
    record VoteCast(long round, String voter, byte[] cid, String txHash, long blockNumber) implements RoundEvent {
        public VoteCast {
            cid = cid.clone();
        }

        @Override
        public byte[] cid() {
            return cid.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VoteCast e && round == e.round && Objects.equals(voter, e.voter)
                    && Arrays.equals(cid, e.cid) && Objects.equals(txHash, e.txHash) && blockNumber == e.blockNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(round, voter, Arrays.hashCode(cid), txHash, blockNumber);
        }

        @Override
        public String toString() {
            return "VoteCast[round=" + round + ", voter=" + voter + ", cid=" + hex(cid)
                    + ", txHash=" + txHash + ", blockNumber=" + blockNumber + "]";
        }
    }

    /** A proposal reached the quorum with {@code votes} votes and became the round's global model. */
    record RoundFinalized(long round, byte[] cid, long votes, String txHash, long blockNumber) implements RoundEvent {
        public RoundFinalized {
            cid = cid.clone();
        }

        @Override
        public byte[] cid() {
            return cid.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoundFinalized e && round == e.round && Arrays.equals(cid, e.cid)
                    && votes == e.votes && Objects.equals(txHash, e.txHash) && blockNumber == e.blockNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(round, Arrays.hashCode(cid), votes, txHash, blockNumber);
        }

        @Override
        public String toString() {
            return "RoundFinalized[round=" + round + ", cid=" + hex(cid) + ", votes=" + votes
                    + ", txHash=" + txHash + ", blockNumber=" + blockNumber + "]";
        }
    }

    /** A round opened for updates (round 1 at deployment, then after each finalized round). */
    record RoundOpened(long round, String txHash, long blockNumber) implements RoundEvent {
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
