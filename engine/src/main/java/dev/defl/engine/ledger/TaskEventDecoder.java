package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.generated.FederatedTasks;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Decodes the raw logs of a {@link LogIndex} over the FederatedTasks contract
 * ({@code resources/contracts/FederatedTasks.sol}) into typed {@link TaskEvent}s, the same records
 * {@link dev.defl.engine.ledger.TaskContract#events} returns, so that readers of the index (the round
 * timeline) need no chain round trip. Event layouts: the contract's ABI via the generated wrapper;
 * CIDs are rebuilt as CIDv1 from the emitted digest and codec ({@link CompactCid}).
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskEventDecoder {
    private static final TaskEventDecoder INSTANCE = new TaskEventDecoder();

    private final Map<String, Function<Log, TaskEvent>> decoders = decoders();

    private TaskEventDecoder() {
    }

    /** The decoder (it holds no state besides the topic table). */
    public static TaskEventDecoder federatedTasks() {
        return INSTANCE;
    }

    /**
     * The event of {@code log}; empty for a log this decoder does not know (another contract's event,
     * ERC-20 Approval).
     *
     * @throws IllegalArgumentException if topic 0 is a known event but its topics or data do not decode
     *     (names the transaction and log index)
     */
    public Optional<TaskEvent> decode(ChainLog log) {
        if (log.topics().isEmpty()) {
            return Optional.empty();
        }
        Function<Log, TaskEvent> decoder = decoders.get(log.topics().getFirst().toLowerCase(Locale.ROOT));
        if (decoder == null) {
            return Optional.empty();
        }
        Log web3 = new Log(false, Numeric.toHexStringWithPrefix(BigInteger.valueOf(log.logIndex())),
                Numeric.toHexStringWithPrefix(BigInteger.valueOf(log.txIndex())), log.txHash(), log.blockHash(),
                Numeric.toHexStringWithPrefix(BigInteger.valueOf(log.blockNumber())), log.address(), log.data(), null,
                log.topics());
        try {
            return Optional.of(decoder.apply(web3));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("log " + log.logIndex() + " of transaction " + log.txHash() + " in block "
                    + log.blockNumber() + " does not decode as a FederatedTasks event: " + e.getMessage(), e);
        }
    }

    /**
     * The event of a log as web3j returns it (a receipt's or {@code eth_getLogs}'); empty for a log this
     * decoder does not know.
     *
     * @throws IllegalArgumentException if topic 0 is a known event but its topics or data do not decode
     */
    public Optional<TaskEvent> decode(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.isEmpty()) {
            return Optional.empty();
        }
        Function<Log, TaskEvent> decoder = decoders.get(topics.getFirst().toLowerCase(Locale.ROOT));
        if (decoder == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.apply(log));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("log " + log.getLogIndexRaw() + " of transaction " + log.getTransactionHash()
                    + " does not decode as a FederatedTasks event: " + e.getMessage(), e);
        }
    }

    /** The events of {@code logs} in their order; unknown logs are skipped. */
    public List<TaskEvent> decodeAll(List<ChainLog> logs) {
        List<TaskEvent> out = new ArrayList<>(logs.size());
        for (ChainLog log : logs) {
            decode(log).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private static Cid cid(byte[] digest, BigInteger codec) {
        return new CompactCid(digest, codec.longValueExact()).toCid();
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private static String tx(Log log) {
        return log.getTransactionHash();
    }

    private static long block(Log log) {
        return log.getBlockNumber().longValueExact();
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Function<Log, TaskEvent>> decoders() {
        Map<String, Function<Log, TaskEvent>> m = new HashMap<>();
        m.put(EventEncoder.encode(FederatedTasks.TASKCREATED_EVENT), log -> {
            var e = FederatedTasks.getTaskCreatedEventFromLog(log);
            var p = e.params;
            TaskParams params = new TaskParams(cid(p.modelSpecDigest, p.modelSpecCodec),
                    cid(p.initialModelDigest, p.initialModelCodec), p.rounds.longValueExact(),
                    p.clientsPerRound.longValueExact(), p.minUpdates.longValueExact(), p.quorum.intValueExact(),
                    p.submissionBlocks.longValueExact(), p.votingBlocks.longValueExact(), p.merkleMode,
                    p.rewardPerUpdate, p.rewardPerVote, p.aggregationRule.intValueExact(), p.privateUpdates);
            return new TaskEvent.TaskCreated(e.taskId.longValueExact(), lower(e.creator), params, tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.PARTICIPANTADDED_EVENT), log -> {
            var e = FederatedTasks.getParticipantAddedEventFromLog(log);
            return new TaskEvent.ParticipantAdded(e.taskId.longValueExact(), lower(e.account),
                    Role.fromMask(e.roles.intValueExact()), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.ROUNDOPENED_EVENT), log -> {
            var e = FederatedTasks.getRoundOpenedEventFromLog(log);
            return new TaskEvent.RoundOpened(e.taskId.longValueExact(), e.round.longValueExact(),
                    e.baseRound.longValueExact(), e.submissionDeadline.longValueExact(),
                    e.voteDeadline.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.UPDATESUBMITTED_EVENT), log -> {
            var e = FederatedTasks.getUpdateSubmittedEventFromLog(log);
            return new TaskEvent.UpdateSubmitted(e.taskId.longValueExact(), e.round.longValueExact(), lower(e.client),
                    cid(e.digest, e.codec), e.numSamples.longValueExact(), e.index.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.UPDATESCOMMITTED_EVENT), log -> {
            var e = FederatedTasks.getUpdatesCommittedEventFromLog(log);
            return new TaskEvent.UpdatesCommitted(e.taskId.longValueExact(), e.round.longValueExact(),
                    lower(e.aggregator), hex(e.root), cid(e.manifestDigest, e.manifestCodec), e.count.longValueExact(),
                    e.totalSamples.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.SUBMISSIONSCLOSED_EVENT), log -> {
            var e = FederatedTasks.getSubmissionsClosedEventFromLog(log);
            return new TaskEvent.SubmissionsClosed(e.taskId.longValueExact(), e.round.longValueExact(),
                    e.count.longValueExact(), e.totalSamples.longValueExact(), hex(e.commitment), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.AGGREGATEPROPOSED_EVENT), log -> {
            var e = FederatedTasks.getAggregateProposedEventFromLog(log);
            return new TaskEvent.AggregateProposed(e.taskId.longValueExact(), e.round.longValueExact(),
                    lower(e.aggregator), cid(e.digest, e.codec), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.VOTECAST_EVENT), log -> {
            var e = FederatedTasks.getVoteCastEventFromLog(log);
            return new TaskEvent.VoteCast(e.taskId.longValueExact(), e.round.longValueExact(), lower(e.voter),
                    cid(e.digest, e.codec), e.votes.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.ROUNDFINALIZED_EVENT), log -> {
            var e = FederatedTasks.getRoundFinalizedEventFromLog(log);
            return new TaskEvent.RoundFinalized(e.taskId.longValueExact(), e.round.longValueExact(),
                    cid(e.digest, e.codec), e.votes.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.ROUNDFAILED_EVENT), log -> {
            var e = FederatedTasks.getRoundFailedEventFromLog(log);
            return new TaskEvent.RoundFailed(e.taskId.longValueExact(), e.round.longValueExact(),
                    TaskEvent.FailureReason.values()[e.reason.intValueExact()], e.updateCount.longValueExact(),
                    tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.TASKCOMPLETED_EVENT), log -> {
            var e = FederatedTasks.getTaskCompletedEventFromLog(log);
            return new TaskEvent.TaskCompleted(e.taskId.longValueExact(), e.modelRound.longValueExact(),
                    cid(e.digest, e.codec), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.TASKABANDONED_EVENT), log -> {
            var e = FederatedTasks.getTaskAbandonedEventFromLog(log);
            return new TaskEvent.TaskAbandoned(e.taskId.longValueExact(), e.round.longValueExact(),
                    e.modelRound.longValueExact(), tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.UPDATEREWARDED_EVENT), log -> {
            var e = FederatedTasks.getUpdateRewardedEventFromLog(log);
            return new TaskEvent.UpdateRewarded(e.taskId.longValueExact(), e.round.longValueExact(), lower(e.client),
                    tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.REWARDSCLAIMED_EVENT), log -> {
            var e = FederatedTasks.getRewardsClaimedEventFromLog(log);
            return new TaskEvent.RewardsClaimed(e.taskId.longValueExact(), lower(e.account), e.amount, tx(log),
                    block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.AGGREGATORKEYPUBLISHED_EVENT), log -> {
            var e = FederatedTasks.getAggregatorKeyPublishedEventFromLog(log);
            return new TaskEvent.AggregatorKeyPublished(e.taskId.longValueExact(), lower(e.aggregator), e.publicKey,
                    e.signature, tx(log), block(log));
        });
        m.put(EventEncoder.encode(FederatedTasks.TRANSFER_EVENT), log -> {
            var e = FederatedTasks.getTransferEventFromLog(log);
            return new TaskEvent.TokenTransfer(lower(e.from), lower(e.to), e.value, tx(log), block(log));
        });
        return Map.copyOf(m);
    }
}
