package dev.defl.ui.explorer;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.ParticipantInfo;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TaskParams;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The contract state of the workspace's FederatedTasks contract as a detail tree: every task with its
 * parameters, participants (roles, reward balance) and rounds (state, updates, deadlines, proposals
 * with their voters, global model). Contract views give the state; the contract's events give the
 * lists the contract does not store (participants, proposals, votes). Reads the chain: call it off the
 * UI thread.
 */
final class TaskStateTree {
    /** Newest tasks shown; older ones are summarized in one row. */
    static final int MAX_TASKS = 20;

    private TaskStateTree() {
    }

    static DetailNode build(TaskContract contract, long headBlock) {
        long count = contract.taskCount();
        List<TaskEvent> events = contract.events(0, headBlock);
        List<DetailNode> tasks = new ArrayList<>();
        for (long id = count; id >= 1 && tasks.size() < MAX_TASKS; id--) {
            tasks.add(task(contract, contract.task(id), events));
        }
        if (count > MAX_TASKS) {
            tasks.add(DetailNode.of("…", (count - MAX_TASKS) + " older tasks (search \"task N\")"));
        }
        return new DetailNode("FederatedTasks", contract.address() + " · " + count + (count == 1 ? " task" : " tasks"),
                new DetailNode.Link.ToAddress(contract.address()), tasks);
    }

    static DetailNode task(TaskContract contract, TaskInfo task, List<TaskEvent> events) {
        long id = task.taskId();
        TaskParams p = task.params();
        List<DetailNode> rows = new ArrayList<>();
        rows.add(DetailNode.link("Creator", task.creator(), new DetailNode.Link.ToAddress(task.creator())));
        rows.add(cid("Model spec", p.modelSpec()));
        rows.add(cid("Initial model", p.initialModel()));
        rows.add(DetailNode.of("Rounds", task.currentRound() + " opened of " + p.rounds()));
        rows.add(DetailNode.of("Clients per round", p.clientsPerRound() + " (at least " + p.minUpdates() + " updates)"));
        rows.add(DetailNode.of("Quorum", p.quorum() + " aggregator votes"));
        rows.add(DetailNode.of("Periods", p.submissionBlocks() + " blocks for updates, " + p.votingBlocks() + " for votes"));
        rows.add(DetailNode.of("Mode", p.merkleMode() ? "Merkle root per round" : "one transaction per update"));
        if (p.privateUpdates()) {
            long keys = events.stream().filter(e -> e instanceof TaskEvent.AggregatorKeyPublished k && k.taskId() == id).count();
            rows.add(DetailNode.of("Updates", "private: sealed for " + keys + (keys == 1 ? " aggregator key" : " aggregator keys")
                    + " on chain"));
        } else {
            rows.add(DetailNode.of("Updates", "public"));
        }
        rows.add(DetailNode.of("Rewards", tokens(p.rewardPerUpdate()) + " per update, " + tokens(p.rewardPerVote()) + " per winning vote"));
        rows.add(participants(contract, id, events));
        List<DetailNode> rounds = new ArrayList<>();
        for (long r = task.currentRound(); r >= 1; r--) {
            rounds.add(round(contract.round(id, r), id, r, events));
        }
        rows.add(new DetailNode("Rounds", String.valueOf(rounds.size()), null, rounds));
        return new DetailNode("Task " + id, task.status() + ", round " + task.currentRound() + ", model of round "
                + task.modelRound(), null, rows);
    }

    private static DetailNode participants(TaskContract contract, long task, List<TaskEvent> events) {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.ParticipantAdded a && a.taskId() == task) {
                accounts.putIfAbsent(a.account(), "");
            }
        }
        List<DetailNode> rows = new ArrayList<>();
        for (String account : accounts.keySet()) {
            ParticipantInfo info = contract.participant(task, account);
            String roles = info.roles().stream().map(Role::name).map(n -> n.toLowerCase(Locale.ROOT)).sorted()
                    .collect(Collectors.joining(" + "));
            rows.add(DetailNode.link(roles.isEmpty() ? "participant" : roles, account + " · " + tokens(contract.rewardBalance(account)) + " held, "
                    + tokens(contract.pendingRewards(task, account)) + " to claim", new DetailNode.Link.ToAddress(account)));
        }
        return new DetailNode("Participants", String.valueOf(rows.size()), null, rows);
    }

    private static DetailNode round(RoundInfo info, long task, long round, List<TaskEvent> events) {
        List<DetailNode> rows = new ArrayList<>();
        rows.add(DetailNode.of("Updates", info.updateCount() + " of " + info.maxUpdates() + ", " + info.totalSamples()
                + " samples"));
        rows.add(DetailNode.of("Deadlines", "updates until block " + info.submissionDeadline() + ", votes until block "
                + info.voteDeadline()));
        info.globalModel().ifPresent(cid -> rows.add(cid("Global model", cid)));
        Map<Cid, List<String>> voters = new LinkedHashMap<>();
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.AggregateProposed p && p.taskId() == task && p.round() == round) {
                voters.computeIfAbsent(p.cid(), c -> new ArrayList<>());
            } else if (e instanceof TaskEvent.VoteCast v && v.taskId() == task && v.round() == round) {
                voters.computeIfAbsent(v.cid(), c -> new ArrayList<>()).add(v.voter());
            } else if (e instanceof TaskEvent.UpdateSubmitted u && u.taskId() == task && u.round() == round) {
                rows.add(new DetailNode("Update " + u.index(), u.cid() + " · " + u.numSamples() + " samples",
                        new DetailNode.Link.ToCid(u.cid().toString()),
                        List.of(DetailNode.link("client", u.client(), new DetailNode.Link.ToAddress(u.client())),
                                DetailNode.link("transaction", u.txHash(), new DetailNode.Link.ToTx(u.txHash())))));
            }
        }
        voters.forEach((cid, list) -> rows.add(new DetailNode("Proposal", cid + " · " + list.size()
                + (list.size() == 1 ? " vote" : " votes"), new DetailNode.Link.ToCid(cid.toString()),
                list.stream().map(v -> DetailNode.link("vote", v, new DetailNode.Link.ToAddress(v))).toList())));
        return new DetailNode("Round " + round, info.state().name().toLowerCase(Locale.ROOT), null, rows);
    }

    private static DetailNode cid(String field, Cid cid) {
        return DetailNode.link(field, cid.toString(), new DetailNode.Link.ToCid(cid.toString()));
    }

    /** Reward token units (18 decimals) as tokens, e.g. {@code 2 DFLR}. */
    static String tokens(BigInteger units) {
        return new BigDecimal(units).movePointLeft(18).setScale(4, RoundingMode.DOWN).stripTrailingZeros().toPlainString()
                + " DFLR";
    }
}
