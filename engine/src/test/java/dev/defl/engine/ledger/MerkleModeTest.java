package dev.defl.engine.ledger;

import static dev.defl.engine.ledger.AnvilFixture.big;
import static dev.defl.engine.ledger.AnvilFixture.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Merkle mode: clients sign off chain, one aggregator commits the root; O(1) gas per round in clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MerkleModeTest {
    static final Credentials CREATOR = DevAccounts.account(0);
    static final Credentials CLIENT = DevAccounts.account(1);
    static final Credentials OTHER_CLIENT = DevAccounts.account(2);
    static final Credentials AGG = DevAccounts.account(4);
    static final Credentials STRANGER = DevAccounts.account(6);

    private AnvilFixture fixture;
    private TaskContract contract;

    @BeforeAll
    void deploy(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        contract = TaskContract.deploy(fixture.chain, CREATOR);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private long merkleTask(int clientsPerRound, int minUpdates) {
        long id = contract.createTask(CREATOR, TaskParams.of(cid("spec"), cid("init"), 2, clientsPerRound, minUpdates,
                1, 20, 20).withMerkleMode(true).withRewards(big(10), big(100))).taskId();
        contract.addParticipants(CREATOR, id, List.of(CLIENT.getAddress(), OTHER_CLIENT.getAddress()), Set.of(Role.CLIENT));
        contract.addParticipants(CREATOR, id, List.of(AGG.getAddress()), Set.of(Role.AGGREGATOR));
        return id;
    }

    /** n signed updates: client 0 is the funded CLIENT, the others keys that never touch the chain. */
    private UpdateManifest manifest(long taskId, long round, int n) {
        List<UpdateManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Credentials c = i == 0 ? CLIENT : Credentials.create(Numeric.toHexStringNoPrefix(
                    Hash.sha3(("client-" + i).getBytes())));
            Cid update = cid("update-" + taskId + "-" + round + "-" + i);
            entries.add(new UpdateManifest.Entry(update, 10 + i, UpdateSignature.sign(c, fixture.chain.chainId(),
                    contract.address(), taskId, round, CompactCid.of(update), 10 + i)));
        }
        return new UpdateManifest(fixture.chain.chainId(), contract.address(), taskId, round, entries);
    }

    private static void assertRevert(Runnable action, String function, String error, Object... args) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.functionName()).isEqualTo(function);
            assertThat(e.errorName()).isEqualTo(error);
            assertThat(e.errorArgs()).containsExactly(args);
        });
    }

    @Test
    void hundredClientRoundCommitsInOneTransactionAndEachClientCanProveItsUpdate() {
        long id = merkleTask(100, 1);
        UpdateManifest manifest = manifest(id, 1, 100);
        manifest.verify();
        UpdateManifest published = UpdateManifest.fromJson(manifest.toJson());
        assertThat(published).usingRecursiveComparison().isEqualTo(manifest);
        UpdateMerkleTree tree = published.tree();
        Cid manifestCid = Cid.of(1, Cid.RAW, manifest.toJson());

        TxResult commit = contract.commitUpdates(AGG, id, 1, tree.root(), manifestCid, 100, manifest.totalSamples());

        assertThat(commit.events()).containsExactly(
                new TaskEvent.UpdatesCommitted(id, 1, AGG.getAddress(), Numeric.toHexString(tree.root()), manifestCid,
                        100, manifest.totalSamples(), commit.txHash(), commit.blockNumber()),
                new TaskEvent.SubmissionsClosed(id, 1, 100, manifest.totalSamples(), Numeric.toHexString(tree.root()),
                        commit.txHash(), commit.blockNumber()));
        RoundInfo round = contract.round(id, 1);
        assertThat(round.state()).isEqualTo(RoundInfo.State.AGGREGATING);
        assertThat(round.commitment()).isEqualTo(tree.root());
        System.out.printf("GAS commitUpdates, 100 clients: %,d in all, %,.0f per update%n", commit.gasUsed(),
                commit.gasUsed() / 100.0);

        for (int i : new int[] {0, 1, 57, 99}) {
            UpdateManifest.Entry e = manifest.updates().get(i);
            List<byte[]> proof = tree.proof(i);
            assertThat(UpdateMerkleTree.verify(proof, tree.root(),
                    UpdateMerkleTree.leafHash(e.signature().client(), CompactCid.of(e.cid()), e.numSamples()))).isTrue();
            assertThat(contract.verifyUpdate(id, 1, e.signature().client(), e.cid(), e.numSamples(), proof)).isTrue();
            assertThat(contract.verifyUpdate(id, 1, e.signature().client(), e.cid(), e.numSamples() + 1, proof)).isFalse();
            // the contract recovers the same signer from the Java signature: same hash, same EIP-191 prefix
            assertThat(contract.updateSigner(id, 1, e.cid(), e.numSamples(), e.signature().signature()))
                    .isEqualTo(e.signature().client());
        }

        contract.propose(AGG, id, 1, cid("aggregate"));
        UpdateManifest.Entry mine = manifest.updates().getFirst();
        TxResult claim = contract.claimUpdateReward(CLIENT, id, 1, mine.cid(), mine.numSamples(), tree.proof(0));
        assertThat(claim.events()).containsExactly(
                new TaskEvent.UpdateRewarded(id, 1, CLIENT.getAddress(), claim.txHash(), claim.blockNumber()));
        assertRevert(() -> contract.claimUpdateReward(CLIENT, id, 1, mine.cid(), mine.numSamples(), tree.proof(0)),
                "claimUpdateReward", "ClaimOutOfOrder", big(id), big(1), big(1));
        assertRevert(() -> contract.claimUpdateReward(OTHER_CLIENT, id, 1, mine.cid(), mine.numSamples(), tree.proof(0)),
                "claimUpdateReward", "InvalidProof", big(id), big(1), OTHER_CLIENT.getAddress());
        assertThat(contract.pendingRewards(id, CLIENT.getAddress())).isEqualTo(big(10));
        assertThat(contract.claimRewards(CLIENT, id).events()).last().isInstanceOf(TaskEvent.RewardsClaimed.class);
    }

    @Test
    void commitGasDoesNotGrowWithTheNumberOfClients() {
        long small = merkleTask(100, 1);
        UpdateManifest ten = manifest(small, 1, 10);
        long gasTen = contract.commitUpdates(AGG, small, 1, ten.tree().root(), cid("m10"), 10, ten.totalSamples()).gasUsed();
        long large = merkleTask(100, 1);
        UpdateManifest hundred = manifest(large, 1, 100);
        long gasHundred = contract.commitUpdates(AGG, large, 1, hundred.tree().root(), cid("m100"), 100,
                hundred.totalSamples()).gasUsed();
        System.out.printf("GAS commitUpdates: 10 clients %,d (%,.0f per update), 100 clients %,d (%,.0f per update)%n",
                gasTen, gasTen / 10.0, gasHundred, gasHundred / 100.0);
        assertThat(gasHundred).isEqualTo(gasTen);
        assertThat(gasHundred / 100).isLessThan(1_000);
    }

    @Test
    void tamperedManifestIsRefusedNamingTheEntry() {
        long id = merkleTask(10, 1);
        UpdateManifest manifest = manifest(id, 1, 3);
        List<UpdateManifest.Entry> entries = new ArrayList<>(manifest.updates());
        UpdateManifest.Entry e = entries.get(1);
        entries.set(1, new UpdateManifest.Entry(e.cid(), e.numSamples() + 1, e.signature()));
        UpdateManifest tampered = new UpdateManifest(manifest.chainId(), manifest.contract(), id, 1, entries);
        assertThatThrownBy(tampered::verify).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("manifest entry 1: signature of " + e.signature().client() + " does not match");
        UpdateManifest otherChain = new UpdateManifest(1, manifest.contract(), id, 1, manifest.updates());
        assertThatThrownBy(otherChain::verify).hasMessageStartingWith("manifest entry 0:");
        assertThatThrownBy(() -> UpdateManifest.fromJson("{\"version\":1,\"updates\":[{}]}".getBytes()))
                .hasMessage("update manifest entry 0: field \"cid\" missing or not a string");
    }

    @Test
    void commitAndModeRefusals() {
        long id = merkleTask(3, 2);
        UpdateManifest manifest = manifest(id, 1, 3);
        byte[] root = manifest.tree().root();
        assertRevert(() -> contract.submitUpdate(CLIENT, id, 1, cid("u"), 1), "submitUpdate", "WrongMode", big(id), true);
        assertRevert(() -> contract.commitUpdates(STRANGER, id, 1, root, cid("m"), 3, 30), "commitUpdates",
                "NotAggregator", big(id), STRANGER.getAddress());
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, root, cid("m"), 1, 30), "commitUpdates",
                "NotEnoughUpdates", big(id), big(1), big(1), big(2));
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, root, cid("m"), 4, 30), "commitUpdates",
                "TooManyUpdates", big(id), big(1), big(4), big(3));
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, new byte[32], cid("m"), 3, 30), "commitUpdates", "ZeroDigest");
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, root, cid("m"), 3, 2), "commitUpdates", "ZeroSamples");
        assertRevert(() -> contract.commitUpdates(AGG, id, 2, root, cid("m"), 3, 30), "commitUpdates",
                "WrongRound", big(id), big(1), big(2));
        assertRevert(() -> contract.propose(AGG, id, 1, cid("agg")), "propose", "NotEnoughUpdates", big(id), big(1),
                big(0), big(2));
        assertRevert(() -> contract.claimUpdateReward(CLIENT, id, 1, cid("u"), 1, List.of()), "claimUpdateReward",
                "RoundNotFinalized", big(id), big(1));
        contract.commitUpdates(AGG, id, 1, root, cid("m"), 3, manifest.totalSamples());
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, root, cid("m"), 3, 30), "commitUpdates",
                "UpdatesClosed", big(id), big(1));

        long perUpdate = contract.createTask(CREATOR, TaskParams.of(cid("spec"), cid("init"), 1, 1, 1, 1, 20, 20)).taskId();
        contract.addParticipants(CREATOR, perUpdate, List.of(CLIENT.getAddress()), Set.of(Role.CLIENT));
        contract.addParticipants(CREATOR, perUpdate, List.of(AGG.getAddress()), Set.of(Role.AGGREGATOR));
        assertRevert(() -> contract.commitUpdates(AGG, perUpdate, 1, root, cid("m"), 1, 30), "commitUpdates",
                "WrongMode", big(perUpdate), false);
        assertRevert(() -> contract.claimUpdateReward(CLIENT, perUpdate, 1, cid("u"), 1, List.of()), "claimUpdateReward",
                "WrongMode", big(perUpdate), false);
        assertThatThrownBy(() -> contract.updates(id, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Merkle mode");
    }

    @Test
    void roundWithoutCommitmentFailsAfterTheVoteDeadline() {
        long id = merkleTask(3, 1);
        assertRevert(() -> contract.closeRound(STRANGER, id, 1), "closeRound", "VotingOpen", big(id), big(1),
                big(contract.round(id, 1).voteDeadline()));
        fixture.mine(41);
        UpdateManifest manifest = manifest(id, 1, 1);
        assertRevert(() -> contract.commitUpdates(AGG, id, 1, manifest.tree().root(), cid("m"), 1, 10), "commitUpdates",
                "VotingClosed", big(id), big(1), big(contract.round(id, 1).voteDeadline()));
        TxResult failed = contract.closeRound(STRANGER, id, 1);
        assertThat(failed.events().getFirst()).isEqualTo(new TaskEvent.RoundFailed(id, 1,
                TaskEvent.FailureReason.TOO_FEW_UPDATES, 0, failed.txHash(), failed.blockNumber()));
        assertThat(contract.round(id, 2).merkleMode()).isTrue();
        assertThat(contract.round(id, 2).commitment()).isEqualTo(new byte[32]);
    }
}
