package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.StreamingAggregation;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.UpdateEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one round aggregation on a real anvil chain and the real embedded store: updates come back in canonical
 * (registration) order whatever order they were mined in, so the aggregate's bytes do not depend on network timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundAggregationTest {
    static final Credentials CREATOR = DevAccounts.account(0);
    static final List<Credentials> CLIENTS = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
    static final Map<String, String> METADATA = Map.of("format", "pt");

    private AnvilFixture fixture;
    private TaskContract contract;
    private EmbeddedContentStore store;

    @BeforeAll
    void deploy(@TempDir Path dir) throws Exception {
        fixture = new AnvilFixture(dir);
        contract = TaskContract.deploy(fixture.chain, CREATOR);
        store = new EmbeddedContentStore(dir.resolve("ipfs"));
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    /** A task with the three clients registered in list order; the round opens at once. */
    private long task(Cid initial) throws Exception {
        Cid spec = store.add("{}".getBytes());
        long id = contract.createTask(CREATOR, TaskParams.of(spec, initial, 2, 3, 3, 1, 1000, 1000)).taskId();
        contract.addParticipants(CREATOR, id, CLIENTS.stream().map(Credentials::getAddress).toList(), Set.of(Role.CLIENT));
        contract.addParticipants(CREATOR, id, List.of(DevAccounts.account(4).getAddress()), Set.of(Role.AGGREGATOR));
        return id;
    }

    @Test
    void updatesMinedInReverseComeBackInRegistrationOrderAndAggregateAsIfSubmittedInOrder() throws Exception {
        ModelWeights global = ModelFetcherTest.weights(0f, 3, 4);
        Cid initial = store.add(SafetensorsCodec.encode(global, METADATA));
        long taskId = task(initial);
        List<ModelWeights> updates = List.of(ModelFetcherTest.weights(1f, 3, 4), ModelFetcherTest.weights(2f, 3, 4),
                ModelFetcherTest.weights(4f, 3, 4));
        long[] samples = {10, 20, 70};
        List<Cid> cids = new ArrayList<>();
        for (ModelWeights u : updates) cids.add(store.add(SafetensorsCodec.encode(u, METADATA)));
        for (int i = CLIENTS.size() - 1; i >= 0; i--) { // mined in reverse registration order
            contract.submitUpdate(CLIENTS.get(i), taskId, 1, cids.get(i), samples[i]);
        }
        assertThat(contract.updates(taskId, 1).stream().map(UpdateEntry::cid).toList())
                .containsExactly(cids.get(2), cids.get(1), cids.get(0));

        RoundAggregation aggregation = new RoundAggregation(contract, taskId, ModelFetcher.forModel(store, global), METADATA);
        assertThat(aggregation.updates(1).stream().map(UpdateEntry::cid).toList())
                .containsExactly(cids.get(0), cids.get(1), cids.get(2));
        AggregationStrategy fedAvg = StrategySpec.fedAvg().create();
        RoundAggregation.Aggregate aggregate = aggregation.aggregate(1, global, fedAvg);

        List<WeightedUpdate> inOrder = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) inOrder.add(new WeightedUpdate(updates.get(i), samples[i]));
        byte[] expected = SafetensorsCodec.encode(StrategySpec.fedAvg().create().aggregate(global, inOrder), METADATA);
        assertThat(aggregate.file()).isEqualTo(expected);
        assertThat(aggregation.withStreamBuffer(0).aggregate(1, global, fedAvg).file())
                .as("fetching every update whole, as before streaming").isEqualTo(expected);
        assertThat(aggregate.updates()).isEqualTo(3);
        assertThat(aggregate.weights().tensor("0.weight").values()[0]).isEqualTo((10f * 1 + 20f * 2 + 70f * 4) / 100);
    }

    @Test
    void anUpdateThatIsNotAModelOfTheTaskIsLeftOutNamedWithItsIndexRoundAndClient() throws Exception {
        ModelWeights global = ModelFetcherTest.weights(0f, 3, 4);
        Cid initial = store.add(SafetensorsCodec.encode(global, METADATA));
        long taskId = task(initial);
        Cid good = store.add(SafetensorsCodec.encode(ModelFetcherTest.weights(1f, 3, 4), METADATA));
        Cid wrong = store.add(SafetensorsCodec.encode(ModelFetcherTest.weights(1f, 2, 4), METADATA));
        contract.submitUpdate(CLIENTS.get(0), taskId, 1, good, 5);
        contract.submitUpdate(CLIENTS.get(1), taskId, 1, wrong, 5);
        contract.submitUpdate(CLIENTS.get(2), taskId, 1, good, 5);
        RoundAggregation aggregation = new RoundAggregation(contract, taskId, ModelFetcher.forModel(store, global), METADATA);
        byte[] twoGood = SafetensorsCodec.encode(StrategySpec.fedAvg().create().aggregate(global, List.of(
                new WeightedUpdate(ModelFetcherTest.weights(1f, 3, 4), 5), new WeightedUpdate(ModelFetcherTest.weights(1f, 3, 4), 5))),
                METADATA);
        for (long buffer : new long[]{StreamingAggregation.DEFAULT_BUFFER_BYTES, 0}) { // streamed, then whole
            RoundAggregation.Aggregate a = aggregation.withStreamBuffer(buffer).aggregate(1, global, StrategySpec.fedAvg().create());
            assertThat(a.updates()).isEqualTo(2);
            assertThat(a.file()).as("the other two, aggregated as if alone").isEqualTo(twoGood);
            assertThat(a.rejected()).singleElement().satisfies(r -> {
                assertThat(r.client()).isEqualTo(CLIENTS.get(1).getAddress());
                assertThat(r.reason()).startsWith("update 1 (of 3) of round 1 from client " + CLIENTS.get(1).getAddress()
                        + ": CID " + wrong + " has tensors");
            });
        }
    }

    @Test
    void anUpdateWithNanValuesIsLeftOutAndTheRoundGoesOnWithTheOthers() throws Exception {
        ModelWeights global = ModelFetcherTest.weights(0f, 3, 4);
        Cid initial = store.add(SafetensorsCodec.encode(global, METADATA));
        long taskId = task(initial);
        ModelWeights nan = ModelFetcherTest.weights(1f, 3, 4);
        nan.tensor("0.weight").values()[5] = Float.NaN;
        Cid good = store.add(SafetensorsCodec.encode(ModelFetcherTest.weights(2f, 3, 4), METADATA));
        Cid bad = store.add(SafetensorsCodec.encode(nan, METADATA));
        contract.submitUpdate(CLIENTS.get(0), taskId, 1, good, 5);
        contract.submitUpdate(CLIENTS.get(1), taskId, 1, bad, 5);
        contract.submitUpdate(CLIENTS.get(2), taskId, 1, good, 15);
        RoundAggregation aggregation = new RoundAggregation(contract, taskId, ModelFetcher.forModel(store, global), METADATA);
        for (String rule : List.of("fedavg", "fedmedian", "norm-bounding", "geometric-median")) {
            for (long buffer : new long[]{StreamingAggregation.DEFAULT_BUFFER_BYTES, 0}) {
                AggregationStrategy s = StrategySpec.of(rule).create();
                RoundAggregation.Aggregate a = aggregation.withStreamBuffer(buffer).aggregate(1, global, s);
                assertThat(a.updates()).as(rule).isEqualTo(2);
                assertThat(a.weights().tensor("0.weight").values()[0]).as(rule).isEqualTo(2f);
                assertThat(a.rejected()).as(rule).singleElement().satisfies(r -> {
                    assertThat(r.cid()).isEqualTo(bad);
                    assertThat(r.reason()).contains("tensor '0.weight' element 5 is NaN");
                });
            }
        }
    }
}
