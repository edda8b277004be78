package dev.defl.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * {@link TaskActivity} over the events of a real FederatedTasks contract on a real anvil: its earned rewards agree with
 * what the contract mints and owes.
 */
class TaskActivityOnChainTest {

    static Cid cid(String label) {
        return Cid.of(1, Cid.RAW, label.getBytes(StandardCharsets.UTF_8));
    }

    static String address(Credentials c) {
        return c.getAddress().toLowerCase(Locale.ROOT);
    }

    @Test
    void theActivityOfARealTaskMatchesTheContractsRewards(@TempDir Path dir) {
        Credentials creator = DevAccounts.account(0);
        Credentials c1 = DevAccounts.account(1), c2 = DevAccounts.account(2);
        Credentials a1 = DevAccounts.account(3), a2 = DevAccounts.account(4), a3 = DevAccounts.account(5);
        try (AnvilFixture fixture = new AnvilFixture(dir)) {
            TaskContract contract = TaskContract.deploy(fixture.chain, creator);
            TaskParams params = TaskParams.of(cid("spec"), cid("initial"), 3, 2, 2, 2, 100, 100)
                    .withRewards(BigInteger.TEN, BigInteger.valueOf(100));
            long task = contract.createTask(creator, params).taskId();
            contract.addParticipants(creator, task, List.of(c1.getAddress(), c2.getAddress()), Set.of(Role.CLIENT));
            contract.addParticipants(creator, task, List.of(a1.getAddress(), a2.getAddress(), a3.getAddress()),
                    Set.of(Role.AGGREGATOR));
            contract.submitUpdate(c1, task, 1, cid("c1 r1"), 600);
            contract.submitUpdate(c2, task, 1, cid("c2 r1"), 400);
            contract.propose(a1, task, 1, cid("X"));
            contract.propose(a2, task, 1, cid("Y"));
            contract.vote(a3, task, 1, cid("X")); // quorum 2: X finalizes, round 2 opens
            contract.submitUpdate(c1, task, 2, cid("c1 r2"), 500);

            TaskActivity activity = TaskActivity.of(task, contract.events(0, fixture.chain.blockNumber()), 1);

            assertThat(activity.peers()).extracting(PeerRow::address)
                    .containsExactly(address(c1), address(c2), address(a1), address(a2), address(a3));
            RoundFlow r1 = activity.round(1).orElseThrow();
            assertThat(r1.state()).isEqualTo(RoundFlow.State.FINALIZED);
            assertThat(r1.finalized()).contains(cid("X"));
            assertThat(r1.proposals()).extracting(RoundFlow.Proposal::cid).containsExactly(cid("X"), cid("Y"));
            assertThat(r1.proposals().getFirst().voters()).containsExactly(address(a1), address(a3));
            assertThat(r1.cell(address(a3), cid("X"))).isEqualTo(RoundFlow.VoteCell.VOTED);
            assertThat(activity.round(2).orElseThrow().state()).isEqualTo(RoundFlow.State.OPEN);
            assertThat(activity.peers()).filteredOn(PeerRow::online).extracting(PeerRow::address)
                    .as("only c1 acted in round 2").containsExactly(address(c1));

            // vote rewards are minted at finalization: the token balance of each aggregator
            for (Credentials a : List.of(a1, a2, a3)) {
                assertThat(activity.peer(address(a)).orElseThrow().rewardsEarned())
                        .as("aggregator %s", address(a)).isEqualTo(contract.rewardBalance(a.getAddress()));
            }
            // c1's round-1 update was counted when it submitted in round 2; c2's is not yet (lazy settlement)
            assertThat(activity.peer(address(c1)).orElseThrow().rewardsEarned())
                    .isEqualTo(contract.pendingRewards(task, c1.getAddress())).isEqualTo(BigInteger.TEN);
            assertThat(activity.peer(address(c2)).orElseThrow().updatesAccepted()).isEqualTo(1);
        }
    }
}
