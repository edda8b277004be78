package dev.defl.engine.protocol;

import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.IidPartitioner;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.ledger.UpdateSignature;
import dev.defl.engine.network.AggregatorNode;
import dev.defl.engine.network.ClientNode;
import dev.defl.engine.network.NetworkContent;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.SignedUpdate;
import dev.defl.engine.network.SignedUpdatePool;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskPlan;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.round.CommittedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merkle mode end to end on a real anvil, the embedded content store and real DJL (digits, 2NN, E = 1): a one-process
 * run ({@code defl run --commit merkle}) and the client and aggregator nodes stepped by hand, with faults only a
 * dishonest peer produces (a forged signature, an unregistered signer, a tampered manifest leaf) made by the test
 * itself, since honest nodes cannot produce them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MerkleModeRunTest extends EmbeddedDigitsWorkspace {
    @Test
    void merkleRunFinalizesTheSameModelsAsPerUpdateModeWithOneCommitmentPerRoundAndVerifies() throws Exception {
        var config = new ExperimentConfig(3, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        RunReport merkle = new FederatedExperiment(workspace).withCommitMode(CommitMode.MERKLE)
                .run(config, data, new RunListener() { }, () -> false);
        RunReport perUpdate = new FederatedExperiment(workspace).run(config, data, new RunListener() { }, () -> false);

        TaskContract contract = workspace.taskContract();
        TaskInfo task = contract.task(merkle.taskId());
        assertThat(task.params().merkleMode()).isTrue();
        assertThat(task.status()).isEqualTo(TaskInfo.Status.COMPLETED);
        assertThat(contract.task(perUpdate.taskId()).params().merkleMode()).isFalse();
        List<String> clients = List.of(DevAccounts.account(1).getAddress(), DevAccounts.account(2).getAddress(),
                DevAccounts.account(3).getAddress());
        assertThat(merkle.rounds()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            RoundReport m = merkle.rounds().get(i);
            // same seeds, same canonical order (registration): the same global model, byte for byte
            assertThat(m.globalModelCid()).isEqualTo(perUpdate.rounds().get(i).globalModelCid());
            assertThat(m.updates()).hasSize(3).allSatisfy(u -> assertThat(u.txHash()).isNull());
            assertThat(m.proposals()).hasSize(1);
            assertThat(m.votes()).hasSize(1);
            RoundInfo info = contract.round(merkle.taskId(), m.round());
            assertThat(info.merkleMode()).isTrue();
            assertThat(info.updateCount()).isEqualTo(3);
            CommittedManifest committed = CommittedManifest.read(contract, workspace.content(), merkle.taskId(), m.round());
            assertThat(committed.entries()).extracting(e -> e.client().toLowerCase(Locale.ROOT))
                    .containsExactlyElementsOf(clients.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
            assertThat(committed.entries()).extracting(e -> e.cid().toString())
                    .containsExactlyElementsOf(m.updates().stream().map(RunReport.UpdateRecord::cid).toList());
            // the round's gas includes the commitment (and from round 2, the claims of round 1's rewards)
            List<RunReport.TransactionRecord> commits = m.otherTransactions().stream().filter(t -> t.kind().equals("commit")).toList();
            assertThat(commits).singleElement().satisfies(t -> {
                assertThat(t.cid()).isEqualTo(committed.manifestCid().toString());
                assertThat(t.forRound()).isEqualTo(m.round());
                assertThat(t.gasUsed()).isPositive();
                assertThat(t.txHash()).startsWith("0x");
            });
            List<RunReport.TransactionRecord> claims = m.otherTransactions().stream().filter(t -> t.kind().equals("claim")).toList();
            if (i == 0) {
                assertThat(claims).isEmpty();
            } else {
                // round 1's rewards at the clients' round-2 step, then, the run being over, round 2's own
                assertThat(claims).hasSize(6).allSatisfy(t -> assertThat(t.gasUsed()).isPositive());
                for (int claimed = 1; claimed <= 2; claimed++) {
                    int of = claimed;
                    assertThat(claims.stream().filter(t -> t.forRound() == of).map(RunReport.TransactionRecord::cid).toList())
                            .as("claims for round %d", of)
                            .containsExactlyInAnyOrderElementsOf(merkle.rounds().get(of - 1).updates().stream()
                                    .map(RunReport.UpdateRecord::cid).toList());
                }
            }
            assertThat(m.gasUsed()).isEqualTo(m.proposals().getFirst().gasUsed() + m.votes().getFirst().gasUsed()
                    + m.otherTransactions().stream().mapToLong(RunReport.TransactionRecord::gasUsed).sum());
        }
        // every round's reward was proven (claimUpdateReward), the last round's too: the same rewards as per-update mode
        for (String c : clients) {
            assertThat(contract.participant(merkle.taskId(), c).lastSubmittedRound()).isEqualTo(2);
            assertThat(contract.pendingRewards(merkle.taskId(), c))
                    .isEqualTo(FederatedExperiment.REWARD.multiply(java.math.BigInteger.TWO))
                    .isEqualTo(contract.pendingRewards(perUpdate.taskId(), c));
        }

        TaskVerification verification = new RoundVerifier(contract, workspace.content()).verify(merkle.taskId());
        assertThat(verification.rounds()).hasSize(2).allSatisfy(v -> assertThat(v.ok()).as(v.line()).isTrue());
    }

    @Test
    void aPrivateMerkleTaskSignsTheEnvelopesAndVerifiesWithACommitteeKey() throws Exception {
        var config = new ExperimentConfig(3, 2, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withPrivateUpdates(true);
        RunReport report = new FederatedExperiment(workspace).withCommitMode(CommitMode.MERKLE)
                .run(config, data, new RunListener() { }, () -> false);
        TaskContract contract = workspace.taskContract();
        TaskInfo task = contract.task(report.taskId());
        assertThat(task.params().merkleMode()).isTrue();
        assertThat(task.params().privateUpdates()).isTrue();
        assertThat(task.status()).isEqualTo(TaskInfo.Status.COMPLETED);
        // the signed, committed CIDs are the envelopes'
        for (var e : CommittedManifest.read(contract, workspace.content(), report.taskId(), 1).entries()) {
            assertThat(dev.defl.engine.envelope.Envelope.isEnvelope(workspace.content().catBytes(e.cid()))).isTrue();
        }
        Credentials aggregator = DevAccounts.account(4);
        assertThat(new RoundVerifier(contract, workspace.content()).withCommitteeKey(aggregator::getEcKeyPair)
                .verify(report.taskId()).allOk()).isTrue();
        assertThat(new RoundVerifier(contract, workspace.content()).verify(report.taskId()).rounds())
                .allSatisfy(v -> assertThat(v.status()).as(v.line()).isEqualTo(RoundVerdict.Status.ENCRYPTED));
    }

    /** One Merkle task created as every peer creates one, with its nodes stepped by hand over one shared pool. */
    private record Nodes(long taskId, List<ClientNode> clients, List<AggregatorNode> aggregators, SignedUpdatePool pool,
                         Heard heard) {}

    private static final class Heard implements NodeListener {
        final Map<String, String> rejected = new ConcurrentHashMap<>();

        @Override
        public void onUpdateRejected(long round, String client, Cid update, String reason) {
            rejected.put(client.toLowerCase(Locale.ROOT), reason);
        }
    }

    private Nodes nodes(int quorum) throws Exception {
        ModelSpec spec = ModelSpec.twoNN(data.train().numFeatures(), data.train().numClasses());
        NetworkContent content = new NetworkContent(workspace.embeddedContent(), List.of(), Duration.ofSeconds(5));
        TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, data.train()),
                StrategySpec.fedAvg(), 1, 32, 1e-3, 5);
        List<String> c = List.of(DevAccounts.account(1).getAddress(), DevAccounts.account(2).getAddress(),
                DevAccounts.account(3).getAddress());
        List<String> a = List.of(DevAccounts.account(4).getAddress(), DevAccounts.account(5).getAddress());
        TaskPlan plan = new TaskPlan(1, 3, 3, quorum, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE, c, a)
                .withMerkleMode(true);
        long taskId = TaskCreator.create(workspace.taskContract(), DevAccounts.account(0), content, document, plan,
                new LocalTrainer(), (id, specCid) -> { }).taskId();
        int[][] parts = IidPartitioner.partition(data.train().size(), 3, 5);
        SignedUpdatePool pool = new SignedUpdatePool();
        List<ClientNode> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LabeledDataset shard = data.train().subset(parts[i], "digits/shard-" + i);
            ClientNode node = new ClientNode(workspace.taskContract(), taskId, DevAccounts.account(1 + i), content, shard,
                    i, new LocalTrainer(), null, NodeOptions.DEFAULT, NodeListener.NONE);
            node.shareSignedUpdates(pool);
            clients.add(node);
        }
        Heard heard = new Heard();
        List<AggregatorNode> aggregators = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            AggregatorNode node = new AggregatorNode(workspace.taskContract(), taskId, DevAccounts.account(4 + j), content,
                    null, NodeOptions.DEFAULT, heard, false);
            node.shareSignedUpdates(pool);
            aggregators.add(node);
        }
        return new Nodes(taskId, clients, aggregators, pool, heard);
    }

    @Test
    void aForgedSignatureAndAnUnregisteredSignerAreRejectedNamingThemAndTheRoundGoesOnWithout() throws Exception {
        Nodes n = nodes(2);
        TaskContract contract = workspace.taskContract();
        long chainId = contract.chain().chainId();
        Credentials outsider = DevAccounts.account(30);
        String victim = DevAccounts.account(2).getAddress().toLowerCase(Locale.ROOT);
        Cid bogus = Cid.of(1, Cid.RAW, "not a model".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // forged: the outsider's signature, claiming to be registered client 2
        UpdateSignature outsiders = UpdateSignature.sign(outsider, chainId, contract.address(), n.taskId(), 1,
                dev.defl.engine.ledger.CompactCid.of(bogus), 100);
        SignedUpdate forged = new SignedUpdate(chainId, contract.address(), n.taskId(), 1, bogus, 100,
                new UpdateSignature(victim, outsiders.signature()));
        assertThat(n.pool().offer(forged, chainId, contract.address(), n.taskId())).isPresent();
        // validly signed, by an account that is not a client of the task
        SignedUpdate stranger = SignedUpdate.sign(outsider, chainId, contract.address(), n.taskId(), 1, bogus, 100);
        assertThat(n.pool().offer(stranger, chainId, contract.address(), n.taskId())).isEmpty();

        for (ClientNode c : n.clients()) c.stepOnce(() -> false);
        n.aggregators().get(0).stepOnce(() -> false); // commits and proposes
        n.aggregators().get(1).stepOnce(() -> false); // adopts the committed manifest, votes

        assertThat(n.heard().rejected).containsOnlyKeys(victim, outsider.getAddress().toLowerCase(Locale.ROOT));
        assertThat(n.heard().rejected.get(victim)).contains("does not recover to " + victim);
        assertThat(n.heard().rejected.get(outsider.getAddress().toLowerCase(Locale.ROOT)))
                .contains("is not a registered client of task " + n.taskId());
        assertThat(contract.round(n.taskId(), 1).state()).isEqualTo(RoundInfo.State.FINALIZED);
        CommittedManifest committed = CommittedManifest.read(contract, workspace.content(), n.taskId(), 1);
        assertThat(committed.entries()).hasSize(3).noneMatch(e -> e.cid().equals(bogus));
        assertThat(new RoundVerifier(contract, workspace.content()).verify(n.taskId()).allOk()).isTrue();
    }

    @Test
    void aTamperedManifestLeafIsRefusedByHonestAggregatorsAndVerifyNamesItsClient() throws Exception {
        Nodes n = nodes(1);
        TaskContract contract = workspace.taskContract();
        for (ClientNode c : n.clients()) c.stepOnce(() -> false);
        // a dishonest aggregator (the test) commits the signed updates with client 3's sample count raised: its
        // signature no longer matches; the root is over the tampered leaves, so the chain's root matches the manifest
        List<SignedUpdate> signed = n.pool().round(1);
        String cheated = DevAccounts.account(3).getAddress().toLowerCase(Locale.ROOT);
        List<UpdateManifest.Entry> entries = new ArrayList<>();
        for (String c : List.of(DevAccounts.account(1).getAddress(), DevAccounts.account(2).getAddress(), cheated)) {
            SignedUpdate u = signed.stream().filter(s -> s.client().equalsIgnoreCase(c)).findFirst().orElseThrow();
            entries.add(new UpdateManifest.Entry(u.cid(), u.client().equals(cheated) ? u.numSamples() * 10 : u.numSamples(),
                    u.signature()));
        }
        UpdateManifest tampered = new UpdateManifest(contract.chain().chainId(), contract.address().toLowerCase(Locale.ROOT),
                n.taskId(), 1, entries);
        Cid manifestCid = workspace.content().add(tampered.toJson());
        Credentials dishonest = DevAccounts.account(4);
        contract.commitUpdates(dishonest, n.taskId(), 1, tampered.tree().root(), manifestCid, 3, tampered.totalSamples());

        AggregatorNode honest = n.aggregators().get(1);
        honest.stepOnce(() -> false);
        assertThat(honest.failure(1)).hasValueSatisfying(f -> assertThat(f).contains(cheated));
        assertThat(contract.participant(n.taskId(), honest.address()).lastVotedRound()).isZero();

        // quorum 1: the dishonest aggregator finalizes what it likes (here the initial model)
        TxResult proposed = contract.propose(dishonest, n.taskId(), 1, contract.task(n.taskId()).params().initialModel());
        assertThat(contract.round(n.taskId(), 1).state()).isEqualTo(RoundInfo.State.FINALIZED);
        assertThat(proposed.gasUsed()).isPositive();

        TaskVerification verification = new RoundVerifier(contract, workspace.content()).verify(n.taskId());
        RoundVerdict verdict = verification.rounds().getFirst();
        assertThat(verdict.status()).as(verdict.line()).isEqualTo(RoundVerdict.Status.MISMATCH);
        assertThat(verdict.problem()).contains("entry 2").contains(cheated).contains("does not recover");
    }

    @Test
    void aManifestWhoseRootIsNotTheCommittedRootIsAMismatch() throws Exception {
        Nodes n = nodes(1);
        TaskContract contract = workspace.taskContract();
        for (ClientNode c : n.clients()) c.stepOnce(() -> false);
        List<UpdateManifest.Entry> entries = n.pool().round(1).stream().map(SignedUpdate::entry).toList();
        UpdateManifest honest = new UpdateManifest(contract.chain().chainId(), contract.address().toLowerCase(Locale.ROOT),
                n.taskId(), 1, entries);
        UpdateManifest fewer = new UpdateManifest(honest.chainId(), honest.contract(), n.taskId(), 1, entries.subList(0, 2));
        Cid manifestCid = workspace.content().add(honest.toJson());
        Credentials dishonest = DevAccounts.account(4);
        // every leaf is signed, but the root on chain covers only two of them
        contract.commitUpdates(dishonest, n.taskId(), 1, fewer.tree().root(), manifestCid, 3, honest.totalSamples());
        contract.propose(dishonest, n.taskId(), 1, contract.task(n.taskId()).params().initialModel());

        RoundVerdict verdict = new RoundVerifier(contract, workspace.content()).verify(n.taskId()).rounds().getFirst();
        assertThat(verdict.status()).as(verdict.line()).isEqualTo(RoundVerdict.Status.MISMATCH);
        assertThat(verdict.problem()).contains("is not the root on chain");
    }
}
