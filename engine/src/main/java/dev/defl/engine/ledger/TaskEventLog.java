package dev.defl.engine.ledger;

import dev.defl.engine.ledger.generated.FederatedTasks;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link TaskContract} reads from a FederatedTasks deployment's event log ({@code eth_getLogs}), decoded
 * ({@link TaskEventDecoder}): all events of a block range, a round's updates (checked against its on-chain
 * commitment) and the registration order of a task's participants. The contract's calls and transactions stay in
 * {@link TaskContract}, which hands this class the task and round state it reads.
 */
final class TaskEventLog {
    private static final String UPDATE_SUBMITTED_TOPIC = EventEncoder.encode(FederatedTasks.UPDATESUBMITTED_EVENT);
    private static final String PARTICIPANT_ADDED_TOPIC = EventEncoder.encode(FederatedTasks.PARTICIPANTADDED_EVENT);
    private static final String KEY_PUBLISHED_TOPIC = EventEncoder.encode(FederatedTasks.AGGREGATORKEYPUBLISHED_EVENT);
    private static final String UPDATES_COMMITTED_TOPIC = EventEncoder.encode(FederatedTasks.UPDATESCOMMITTED_EVENT);

    private final ChainConnection chain;
    private final String address;

    TaskEventLog(ChainConnection chain, String address) {
        this.chain = chain;
        this.address = address;
    }

    /**
     * The contract's events in blocks {@code fromBlock .. toBlock} (inclusive), in chain order.
     *
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node refuses the query (e.g. range too large)
     */
    List<TaskEvent> events(long fromBlock, long toBlock) {
        return logs(fromBlock, toBlock, List.of());
    }

    /**
     * Round {@code round}'s updates in submission order, from its UpdateSubmitted events since the block that opened it
     * up to {@code head}, checked against {@code info}'s commitment and count ({@link UpdatesHash}); {@code task} and
     * {@code info} must be read at {@code head}.
     *
     * @throws IllegalStateException when the events do not match the commitment or the count (a node that drops logs),
     *     or the round is in Merkle mode
     */
    List<UpdateEntry> updates(long taskId, long round, TaskInfo task, RoundInfo info, long head) {
        if (info.state() == RoundInfo.State.NONE) {
            return List.of();
        }
        if (info.merkleMode()) {
            throw new IllegalStateException("round " + round + " of task " + taskId
                    + " is in Merkle mode: its updates are in the committed manifest, not in events");
        }
        long opened = Math.max(0, info.submissionDeadline() - task.params().submissionBlocks());
        List<TaskEvent> events = logs(opened, head, List.of(UPDATE_SUBMITTED_TOPIC, topic(taskId), topic(round)));
        List<UpdateEntry> entries = events.stream()
                .map(e -> (TaskEvent.UpdateSubmitted) e)
                .map(u -> new UpdateEntry(u.client(), u.cid(), u.numSamples()))
                .toList();
        byte[] expected = UpdatesHash.of(taskId, round, entries);
        if (entries.size() != info.updateCount() || !Arrays.equals(expected, info.commitment())) {
            throw new IllegalStateException("the " + entries.size() + " UpdateSubmitted events of task " + taskId
                    + " round " + round + " in blocks " + opened + ".." + head + " do not match the on-chain commitment"
                    + " (" + info.updateCount() + " updates, hash " + Numeric.toHexString(info.commitment())
                    + ", events hash " + Numeric.toHexString(expected) + ")");
        }
        return entries;
    }

    /**
     * The accounts holding {@code role} in task {@code taskId}, in the order of their first {@code ParticipantAdded}
     * event with that role, read from block {@code created} (the task's creation) to {@code head}.
     */
    List<String> registrationOrder(long taskId, Role role, long created, long head) {
        List<String> accounts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TaskEvent e : logs(created, head, List.of(PARTICIPANT_ADDED_TOPIC, topic(taskId)))) {
            if (e instanceof TaskEvent.ParticipantAdded p && p.roles().contains(role)
                    && seen.add(p.account().toLowerCase(Locale.ROOT))) {
                accounts.add(p.account());
            }
        }
        return List.copyOf(accounts);
    }

    /** The UpdatesCommitted events of task {@code taskId} round {@code round} in blocks {@code from .. head} (at most one). */
    List<TaskEvent.UpdatesCommitted> updatesCommitted(long taskId, long round, long from, long head) {
        return logs(from, head, List.of(UPDATES_COMMITTED_TOPIC, topic(taskId), topic(round))).stream()
                .map(e -> (TaskEvent.UpdatesCommitted) e).toList();
    }

    /** Task {@code taskId}'s AggregatorKeyPublished events in blocks {@code created .. head}, in chain order. */
    List<TaskEvent.AggregatorKeyPublished> publishedKeys(long taskId, long created, long head) {
        return logs(created, head, List.of(KEY_PUBLISHED_TOPIC, topic(taskId))).stream()
                .map(e -> (TaskEvent.AggregatorKeyPublished) e).toList();
    }

    /** The event of {@code log}; empty for an event this class does not decode (ERC-20 Approval). */
    static java.util.Optional<TaskEvent> decode(Log log) {
        return TaskEventDecoder.federatedTasks().decode(log);
    }

    private List<TaskEvent> logs(long fromBlock, long toBlock, List<String> topics) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), address);
        topics.forEach(filter::addSingleTopic);
        try {
            EthLog response = chain.web3j().ethGetLogs(filter).send();
            if (response.hasError()) {
                throw new IllegalStateException("eth_getLogs " + fromBlock + ".." + toBlock + " failed: "
                        + ChainConnection.errorText(response.getError()));
            }
            List<TaskEvent> events = new ArrayList<>();
            for (EthLog.LogResult<?> result : response.getLogs()) {
                decode((Log) result.get()).ifPresent(events::add);
            }
            return List.copyOf(events);
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    private static String topic(long value) {
        return Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(value), 64);
    }
}
