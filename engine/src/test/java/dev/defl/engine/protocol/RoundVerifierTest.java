package dev.defl.engine.protocol;

import dev.defl.engine.workspace.Workspace;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.FedAvgStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.UpdateEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auditor against real runs: {@link FederatedExperiment} on the bundled digits (3 clients, 2 aggregators,
 * 2 rounds) through the real trainer, embedded store and anvil, then {@link RoundVerifier} reading only the contract
 * and the store. Faults are caused for real: a dishonest aggregator's aggregate finalized on chain, an update
 * garbage-collected from the store.
 */
class RoundVerifierTest {
    @TempDir
    Path dir;

    private static RunReport run(Workspace workspace, StrategySpec strategy) throws Exception {
        var config = new ExperimentConfig(3, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withStrategy(strategy);
        return new FederatedExperiment(workspace).run(config, Datasets.load("digits", 7), new RunListener() {}, () -> false);
    }

    @Test
    void everyFedAvgRoundRecomputesToItsFinalizedCid() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, StrategySpec.fedAvg());

            TaskVerification v = new RoundVerifier(workspace.taskContract(), workspace.content()).verify(report.taskId());

            assertThat(v.allOk()).isTrue();
            assertThat(v.notes()).isEmpty();
            assertThat(v.strategy()).isEqualTo(StrategySpec.fedAvg());
            assertThat(v.rounds()).extracting(RoundVerdict::round).containsExactly(1L, 2L);
            for (int i = 0; i < 2; i++) {
                RoundVerdict verdict = v.rounds().get(i);
                assertThat(verdict.recomputedCid()).isEqualTo(verdict.finalizedCid());
                assertThat(verdict.finalizedCid().toString()).isEqualTo(report.rounds().get(i).globalModelCid());
                assertThat(verdict.line()).isEqualTo("round " + (i + 1) + " OK " + verdict.finalizedCid());
            }
        }
    }

    @Test
    void theTaskSpecRecordsTheStrategyNextToTheModelMetadataAndTheInitialModelKeepsItsMetadata() throws Exception {
        StrategySpec strategy = new StrategySpec("fedavgm", 0.5, 0.8, 0.1, 1, 0, 0.01);
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, strategy);
            TaskInfo task = workspace.taskContract().task(report.taskId());
            Map<String, String> spec = new ObjectMapper().readValue(workspace.content().catBytes(task.params().modelSpec()),
                    new TypeReference<TreeMap<String, String>>() {});
            SafetensorsFile initial = SafetensorsCodec.decode(workspace.content().catBytes(task.params().initialModel()));

            assertThat(spec).containsEntry("aggregation", "fedavgm").containsEntry("aggregation_server_lr", "0.5")
                    .containsEntry("aggregation_momentum", "0.8").containsAllEntriesOf(initial.metadata());
            assertThat(initial.metadata()).doesNotContainKey("aggregation");
            assertThat(StrategySpec.fromTaskSpec(spec)).contains(strategy);
        }
    }

    @Test
    void serverMomentumIsReplayedFromRoundOneWithTheRecordedParameters() throws Exception {
        StrategySpec strategy = new StrategySpec("fedavgm", 0.5, 0.8, 0.1, 1, 0, 0.01); // not the defaults
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, strategy);

            TaskVerification v = new RoundVerifier(workspace.taskContract(), workspace.content()).verify(report.taskId());

            assertThat(v.strategy()).isEqualTo(strategy);
            assertThat(v.rounds()).extracting(RoundVerdict::line)
                    .containsExactly("round 1 OK " + report.rounds().get(0).globalModelCid(),
                            "round 2 OK " + report.rounds().get(1).globalModelCid());
        }
    }

    /**
     * Caused for real, no fake: on the experiment's contract a second task (quorum 1, one aggregator) where the
     * clients resubmit the experiment's round updates and the aggregator, dishonest in round 1, proposes the honest
     * aggregate with one weight moved by 0.01 (added to the store, as a dishonest aggregator would); its single
     * proposal reaches the quorum and finalizes. In round 2 it proposes the honest FedAvg of round 2's updates from
     * that finalized model.
     */
    @Test
    void aDishonestAggregateThatFinalizedIsAMismatchAndTheNextHonestRoundIsOk() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, StrategySpec.fedAvg());
            TaskContract contract = workspace.taskContract();
            TaskParams original = contract.task(report.taskId()).params();
            Credentials owner = DevAccounts.account(0);
            Credentials aggregator = DevAccounts.account(9);
            TaskParams params = TaskParams.of(original.modelSpec(), original.initialModel(), 2, 3, 3, 1,
                    FederatedExperiment.PERIOD_BLOCKS, FederatedExperiment.PERIOD_BLOCKS);
            long task = contract.createTask(owner, params).taskId();
            List<Credentials> clients = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
            contract.addParticipants(owner, task, clients.stream().map(Credentials::getAddress).toList(), Set.of(Role.CLIENT));
            contract.addParticipants(owner, task, List.of(aggregator.getAddress()), Set.of(Role.AGGREGATOR));
            var store = workspace.content();
            SafetensorsFile initial = SafetensorsCodec.decode(store.catBytes(original.initialModel()));

            // round 1: the experiment's round-1 updates; the honest aggregate is the experiment's round-1 model
            List<UpdateEntry> round1 = resubmit(contract, report.taskId(), task, 1, clients);
            ModelWeights honest = SafetensorsCodec.decode(store.catBytes(Cid.parse(report.rounds().get(0).globalModelCid()))).weights();
            ModelWeights tampered = nudged(honest, "0.weight", 0.01f);
            Cid dishonest = store.add(SafetensorsCodec.encode(tampered, initial.metadata()));
            assertFinalizes(contract.propose(aggregator, task, 1, dishonest), dishonest);

            // round 2: an honest aggregate from the finalized (tampered) model
            List<UpdateEntry> round2 = resubmit(contract, report.taskId(), task, 2, clients);
            List<WeightedUpdate> updates = new ArrayList<>();
            for (UpdateEntry e : round2) {
                updates.add(new WeightedUpdate(SafetensorsCodec.decode(store.catBytes(e.cid())).weights(), e.numSamples()));
            }
            Cid honest2 = store.add(SafetensorsCodec.encode(new FedAvgStrategy().aggregate(tampered, updates), initial.metadata()));
            assertFinalizes(contract.propose(aggregator, task, 2, honest2), honest2);

            TaskVerification v = new RoundVerifier(contract, store).verify(task);

            assertThat(round1).hasSize(3);
            assertThat(v.allOk()).isFalse();
            RoundVerdict first = v.rounds().get(0);
            assertThat(first.ok()).isFalse();
            assertThat(first.finalizedCid()).isEqualTo(dishonest);
            assertThat(first.recomputedCid().toString()).isEqualTo(report.rounds().get(0).globalModelCid());
            assertThat(first.problem()).contains("not the fedavg aggregate of the round's 3 on-chain updates")
                    .containsPattern("largest weight difference 0\\.0(0999|100)\\d* at 0\\.weight\\[0\\]");
            assertThat(first.line()).startsWith("round 1 MISMATCH finalized " + dishonest + " recomputed "
                    + report.rounds().get(0).globalModelCid() + ": ");
            assertThat(v.rounds().get(1).line()).isEqualTo("round 2 OK " + honest2);
        }
    }

    @Test
    void anUpdateMissingFromTheStoreIsNamedWithItsClient() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, StrategySpec.fedAvg());
            RunReport.UpdateRecord lost = report.rounds().get(1).updates().get(2);
            EmbeddedContentStore store = workspace.embeddedContent();
            store.unpin(Cid.parse(lost.cid()));
            store.gc();
            assertThat(store.has(Cid.parse(lost.cid()))).isFalse();

            TaskVerification v = new RoundVerifier(workspace.taskContract(), store).verify(report.taskId());

            assertThat(v.rounds().get(0).ok()).isTrue();
            RoundVerdict second = v.rounds().get(1);
            assertThat(second.ok()).isFalse();
            assertThat(second.recomputedCid()).isNull();
            assertThat(second.problem()).startsWith("update 2 (of 3) of round 2 from client " + lost.client().toLowerCase())
                    .contains("CID " + lost.cid() + " is not in the content store");
            assertThat(second.status()).isEqualTo(RoundVerdict.Status.UNAVAILABLE); // not the aggregators' fault
            assertThat(v.anyMismatch()).isFalse();
            assertThat(second.line()).startsWith("round 2 UNAVAILABLE finalized " + report.rounds().get(1).globalModelCid()
                    + " recomputed (none): update 2");
        }
    }

    /**
     * The finalized model is read back, not only recomputed: a damaged block of it is CORRUPT, a finalized model
     * missing from the store UNAVAILABLE; neither is a MISMATCH, and the other round stays OK.
     */
    @Test
    void aCorruptOrMissingFinalizedModelIsReportedAsSuchNotAsOkOrMismatch() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, StrategySpec.fedAvg());
            EmbeddedContentStore store = workspace.embeddedContent();
            Cid first = Cid.parse(report.rounds().get(0).globalModelCid());
            Cid second = Cid.parse(report.rounds().get(1).globalModelCid());
            Path block = store.blockStore().blockPath(second); // the root block: read first
            byte[] intact = Files.readAllBytes(block);
            byte[] damaged = intact.clone();
            damaged[damaged.length / 2] ^= 1;
            Files.write(block, damaged);

            // a fresh store on the same directory, as `defl verify` opens: the run's store holds the block in its cache
            EmbeddedContentStore fresh = new EmbeddedContentStore(store.root());
            TaskVerification corrupt = new RoundVerifier(workspace.taskContract(), fresh).verify(report.taskId());

            assertThat(corrupt.rounds().get(0).line()).isEqualTo("round 1 OK " + first);
            RoundVerdict verdict = corrupt.rounds().get(1);
            assertThat(verdict.status()).isEqualTo(RoundVerdict.Status.CORRUPT);
            assertThat(verdict.recomputedCid()).isEqualTo(second);
            assertThat(verdict.line()).startsWith("round 2 CORRUPT finalized " + second + " recomputed " + second
                    + ": the global model finalized in round 2: CID " + second + " failed hash verification");
            assertThat(corrupt.allOk()).isFalse();
            assertThat(corrupt.anyMismatch()).isFalse();

            // gone instead (as after an unpin and a GC): not retrievable
            store.unpin(second);
            store.gc();
            assertThat(store.has(second)).isFalse();
            TaskVerification missing = new RoundVerifier(workspace.taskContract(), store).verify(report.taskId());
            assertThat(missing.rounds().get(1).line()).startsWith("round 2 UNAVAILABLE finalized " + second + " recomputed "
                    + second + ": the global model finalized in round 2: CID " + second + " is not in the content store");
        }
    }

    @Test
    void anUnknownTaskIdIsRefusedNamingTheTaskCount() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RoundVerifier verifier = new RoundVerifier(workspace.taskContract(), workspace.content());
            assertThatThrownBy(() -> verifier.verify(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("task 3 does not exist on contract " + workspace.taskContract().address() + " (it has 0 tasks)");
        }
    }

    /**
     * A task whose spec document is not a task document (here the model metadata alone, as runs wrote before the
     * training keys and strategy parameters were recorded): its rule code (fedavgm) is replayed with the defaults, said
     * in a note naming what the document lacks; its open round is noted too.
     */
    @Test
    void aSpecDocumentThatCannotBeReadFallsBackToTheRuleDefaultsWithANote() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            RunReport report = run(workspace, StrategySpec.fedAvg());
            TaskContract contract = workspace.taskContract();
            TaskParams original = contract.task(report.taskId()).params();
            SafetensorsFile initial = SafetensorsCodec.decode(workspace.content().catBytes(original.initialModel()));
            Cid oldSpec = workspace.content().add(new ObjectMapper().writeValueAsBytes(new TreeMap<>(initial.metadata())));
            long task = contract.createTask(DevAccounts.account(0), TaskParams.of(oldSpec, original.initialModel(), 2, 3, 3,
                    1, FederatedExperiment.PERIOD_BLOCKS, FederatedExperiment.PERIOD_BLOCKS)
                    .withAggregationRule(StrategySpec.of("fedavgm").aggregationCode())).taskId();

            TaskVerification v = new RoundVerifier(contract, workspace.content()).verify(task);

            assertThat(v.strategy()).isEqualTo(StrategySpec.of("fedavgm"));
            assertThat(v.rounds()).isEmpty();
            assertThat(v.allOk()).isTrue();
            assertThat(v.notes()).containsExactly(
                    "the task's spec document " + oldSpec + " cannot be read (the task's spec document " + oldSpec
                            + ": key local_epochs is missing): replaying fedavgm with its default parameters "
                            + StrategySpec.of("fedavgm"),
                    "round 1 is OPEN: no global model to verify");
        }
    }

    /** The updates of {@code fromTask}'s round {@code round}, submitted again to {@code task} by the same clients. */
    private static List<UpdateEntry> resubmit(TaskContract contract, long fromTask, long task, int round,
                                              List<Credentials> clients) {
        List<UpdateEntry> entries = contract.updates(fromTask, round);
        for (UpdateEntry e : entries) {
            Credentials client = clients.stream().filter(c -> c.getAddress().equalsIgnoreCase(e.client())).findFirst().orElseThrow();
            contract.submitUpdate(client, task, round, e.cid(), e.numSamples());
        }
        return entries;
    }

    private static void assertFinalizes(TxResult tx, Cid cid) {
        assertThat(tx.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.RoundFinalized.class,
                f -> assertThat(f.cid()).isEqualTo(cid)));
    }

    /** {@code weights} with {@code delta} added to element 0 of {@code tensor}. */
    private static ModelWeights nudged(ModelWeights weights, String tensor, float delta) {
        Map<String, Tensor> tensors = new TreeMap<>(weights.tensors());
        Tensor t = tensors.get(tensor);
        float[] values = t.values().clone();
        values[0] += delta;
        tensors.put(tensor, new Tensor(t.shape(), values));
        return new ModelWeights(tensors);
    }
}
