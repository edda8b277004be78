package dev.defl.ui.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboException;
import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.network.Announcement;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.concurrent.TaskExecutor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * {@link PeersViewModel} over a real event index of a real FederatedTasks contract on anvil. Task 1 (quorum 2, rewards
 * 1.5 tokens per update and 2 per vote): two clients submit, aggregators a1 and a2 propose different aggregates, a3
 * votes for a1's, which finalizes; round 2 opens. Task 2 has one client and no update.
 */
class PeersViewModelTest {
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    static Path dir;
    static AnvilFixture fixture;
    static TaskContract contract;
    static ChainServices services;
    static long task1, task2;
    static final Credentials C1 = DevAccounts.account(1), C2 = DevAccounts.account(2), A1 = DevAccounts.account(3),
            A2 = DevAccounts.account(4), A3 = DevAccounts.account(5);

    static Cid cid(String label) {
        return Cid.of(1, Cid.RAW, label.getBytes(StandardCharsets.UTF_8));
    }

    static String address(Credentials c) {
        return c.getAddress().toLowerCase(Locale.ROOT);
    }

    @BeforeAll
    static void runATaskOnChain(@TempDir Path tmp) throws Exception {
        dir = tmp;
        fixture = new AnvilFixture(dir);
        Credentials owner = DevAccounts.account(0);
        contract = TaskContract.deploy(fixture.chain, owner);
        task1 = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial"), 3, 2, 2, 2, 100, 100)
                .withRewards(TOKEN.multiply(BigInteger.valueOf(3)).shiftRight(1), TOKEN.shiftLeft(1))).taskId();
        contract.addParticipants(owner, task1, List.of(C1.getAddress(), C2.getAddress()), Set.of(Role.CLIENT));
        contract.addParticipants(owner, task1, List.of(A1.getAddress(), A2.getAddress(), A3.getAddress()),
                Set.of(Role.AGGREGATOR));
        contract.submitUpdate(C1, task1, 1, cid("c1 r1"), 600);
        contract.submitUpdate(C2, task1, 1, cid("c2 r1"), 400);
        contract.propose(A1, task1, 1, cid("X"));
        contract.propose(A2, task1, 1, cid("Y"));
        contract.vote(A3, task1, 1, cid("X"));
        task2 = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial"), 1, 1, 1, 1, 100, 100)).taskId();
        contract.addParticipants(owner, task2, List.of(C1.getAddress()), Set.of(Role.CLIENT));
        LogIndex index = LogIndex.open(dir.resolve("index"), fixture.chain, contract.address(), 0);
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainExplorer explorer = new ChainExplorer(fixture.chain,
                ContractRecognizer.create(fixture.chain).withArtifactResource(base), 32);
        services = new ChainServices(explorer, () -> {
            index.sync();
            return index;
        }, () -> contract);
    }

    @AfterAll
    static void stopChain() {
        if (fixture != null) fixture.close();
    }

    @Test
    void showsTheNewestTaskAndPickingAnotherShowsItsParticipantsRoundsAndRewards() {
        PeersViewModel model = new PeersViewModel(services, TaskExecutor.synchronous());
        model.start();
        assertThat(model.tasks()).containsExactly(task1, task2);
        assertThat(model.selectedTask()).as("the newest").isEqualTo(task2);
        assertThat(model.peers()).extracting(ParticipantRow::address).containsExactly(address(C1));
        assertThat(model.topicProperty().get())
                .isEqualTo(Announcement.topic(fixture.chain.chainId(), contract.address(), task2));

        model.selectTask(task1);
        assertThat(model.peers()).extracting(ParticipantRow::address)
                .containsExactly(address(C1), address(C2), address(A1), address(A2), address(A3));
        assertThat(model.headerProperty().get()).startsWith("Task " + task1 + " · 5 participants, 5 online");
        assertThat(model.rounds()).extracting(RoundPicture::round).containsExactly(1L, 2L);
        assertThat(model.selectedRoundProperty().get().round()).as("the latest round").isEqualTo(2);
        model.selectedRoundProperty().set(model.rounds().getFirst());
        int[] changes = {0};
        model.peers().addListener((javafx.collections.ListChangeListener<ParticipantRow>) c -> changes[0]++);
        model.refresh();
        assertThat(changes[0]).as("nothing new on chain: the rows stay, and with them the table selection").isZero();
        assertThat(model.selectedRoundProperty().get().round()).as("kept across a refresh").isEqualTo(1);
        assertThat(model.selectedRoundProperty().get().finalized()).contains(cid("X").toString());
        ParticipantRow a1 = model.peers().get(2);
        assertThat(PeersViewModel.tokens(a1.rewardsEarned())).isEqualTo("2");
        assertThat(PeersViewModel.tokens(model.peers().getFirst().rewardsEarned())).isEqualTo("1.5");
        assertThat(PeersViewModel.tokens(model.peers().get(3).rewardsEarned())).as("a2 lost").isEqualTo("0");
        model.stop();
    }

    @Test
    void suspectedRoundsAreCountedPerClientAndShownInTheRowsOfTheirTask() {
        PeersViewModel model = new PeersViewModel(services, TaskExecutor.synchronous());
        model.start();
        model.selectTask(task1);
        assertThat(model.peers()).allSatisfy(r -> assertThat(r.suspected()).isZero());
        String c2 = address(C2);
        model.recordSuspected(task1, 1, c2.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"));
        model.recordSuspected(task1, 1, c2); // the same round again (a second aggregator): counted once
        model.recordSuspected(task1, 2, c2);
        model.recordSuspected(task2, 1, address(C1)); // another task: not in these rows
        assertThat(model.peers()).filteredOn(r -> r.address().equalsIgnoreCase(c2)).singleElement()
                .satisfies(r -> assertThat(r.suspected()).isEqualTo(2));
        assertThat(model.peers()).filteredOn(r -> !r.address().equalsIgnoreCase(c2))
                .allSatisfy(r -> assertThat(r.suspected()).isZero());
        model.refresh(); // rows rebuilt from the chain keep the count
        assertThat(model.peers()).filteredOn(r -> r.address().equalsIgnoreCase(c2)).singleElement()
                .satisfies(r -> assertThat(r.suspected()).isEqualTo(2));
        model.selectTask(task2);
        assertThat(model.peers()).singleElement().satisfies(r -> assertThat(r.suspected()).isEqualTo(1));
        model.stop();
    }

    @Test
    void aRunsTaskIsShownUnlessTheUserPinnedAnotherAndTheHeaderSaysItsState() {
        PeersViewModel model = new PeersViewModel(services, TaskExecutor.synchronous());
        model.start();
        assertThat(model.shownTaskProperty().get()).as("the newest").isEqualTo(task2);
        assertThat(model.headerProperty().get()).endsWith(" · active");
        model.followRun(task1); // as a run in the window that created task 1 tells it
        assertThat(model.shownTaskProperty().get()).isEqualTo(task1);
        model.selectTask(task2); // the newest: not pinned
        assertThat(model.pinned()).isFalse();
        model.selectTask(task1); // an older one: pinned
        assertThat(model.pinned()).isTrue();
        model.followRun(task2);
        assertThat(model.shownTaskProperty().get()).as("pinned by the user").isEqualTo(task1);
        model.stop();
    }

    @Test
    void followingATaskOfAnotherContractShowsItFromItsEventsAndGoesBackOnNull() {
        // a window without a workspace chain, following the task joined in the Network pane
        PeersViewModel model = new PeersViewModel(null, TaskExecutor.synchronous());
        model.start();
        assertThat(model.tasks()).isEmpty();

        model.follow(contract, task1);
        assertThat(model.tasks()).containsExactly(task1);
        assertThat(model.peers()).extracting(ParticipantRow::address)
                .containsExactly(address(C1), address(C2), address(A1), address(A2), address(A3));
        assertThat(model.headerProperty().get()).startsWith("Network: Task " + task1 + " on " + contract.address()
                + " (chain " + fixture.chain.chainId() + ") · 5 participants");
        assertThat(model.topicProperty().get())
                .isEqualTo(Announcement.topic(fixture.chain.chainId(), contract.address(), task1));
        model.refresh(); // reads only the blocks after the last one read: nothing new, nothing doubled
        assertThat(model.peers().getFirst().updatesSubmitted()).isEqualTo(1);

        PeersViewModel workspace = new PeersViewModel(services, TaskExecutor.synchronous());
        workspace.start();
        workspace.follow(contract, task2);
        workspace.follow(null, 0);
        assertThat(workspace.tasks()).as("the workspace's tasks again").containsExactly(task1, task2);
        model.stop();
        workspace.stop();
    }

    @Test
    void tokensAreShownWith18DecimalsExactly() {
        assertThat(PeersViewModel.tokens(BigInteger.TEN)).isEqualTo("0.00000000000000001");
        assertThat(PeersViewModel.tokens(TOKEN.multiply(BigInteger.valueOf(1234)))).isEqualTo("1234");
        assertThat(PeersViewModel.tokens(BigInteger.ZERO)).isEqualTo("0");
    }

    @Test
    void trafficIsOffWithoutAUrlAndADeadNodeIsOneErrorLine() {
        PeersViewModel model = new PeersViewModel(services, TaskExecutor.synchronous());
        model.start();
        assertThat(model.trafficStatusProperty().get()).isEqualTo(PeersViewModel.TRAFFIC_OFF);
        model.ipfsUrlProperty().set("http://127.0.0.1:1");
        assertThat(model.trafficStatusProperty().get()).startsWith("IPFS node http://127.0.0.1:1: ");
        model.ipfsUrlProperty().set("not a url at all");
        assertThat(model.trafficStatusProperty().get()).startsWith("IPFS node not a url at all: ")
                .contains("'not a url at all' is not a URL");
        model.ipfsUrlProperty().set("");
        assertThat(model.trafficStatusProperty().get()).isEqualTo(PeersViewModel.TRAFFIC_OFF);
        model.stop();
    }

    @Test
    void announcementsOnTheTasksTopicAppearNewestFirstAndGarbageWithItsParseError() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        try (JsIpfsDaemon listening = JsIpfsDaemon.start(dir.resolve("node-a"));
                JsIpfsDaemon sending = JsIpfsDaemon.start(dir.resolve("node-b"));
                KuboRpcClient sender = sending.client(Duration.ofSeconds(30))) {
            sender.swarmConnect(listening.swarmAddress());
            PeersViewModel model = on(ui, () -> new PeersViewModel(services, new TaskExecutor(Runnable::run, ui)));
            on(ui, () -> {
                model.start();
                model.selectTask(task1);
                model.ipfsUrlProperty().set(listening.apiUrl().toString());
                return null;
            });
            String topic = Announcement.topic(fixture.chain.chainId(), contract.address(), task1);
            until(() -> on(ui, () -> model.trafficStatusProperty().get()).startsWith("Listening on " + topic));
            byte[] update = new Announcement(Announcement.Kind.UPDATE, 1, cid("c1 r1")).bytes();
            publishUntilSeen(sender, topic, update, model, ui, 1);
            publishUntilSeen(sender, topic, "hello".getBytes(StandardCharsets.UTF_8), model, ui, 2);
            List<TrafficLine> seen = on(ui, () -> List.copyOf(model.traffic()));
            assertThat(seen.getFirst().text()).isEqualTo("hello");
            assertThat(seen.getFirst().parseError()).contains("is not <KIND>:<round>:<cid>");
            Announcement announced = Announcement.parse(update);
            assertThat(seen.getLast().announces()).isEqualTo("update of round " + announced.round());
            assertThat(seen.getLast().cid()).isEqualTo(announced.cid().toString());
            assertThat(seen.getLast().fromPeer()).isEqualTo(sender.id().peerId());
            listening.close(); // the node goes away: the next refresh says so
            until(() -> on(ui, () -> {
                model.refresh();
                return model.trafficStatusProperty().get();
            }).startsWith("IPFS node " + listening.apiUrl() + ": subscription ended: "));
            on(ui, () -> {
                model.stop();
                return null;
            });
            assertThat(on(ui, () -> model.trafficStatusProperty().get())).isEqualTo("Paused while the pane is hidden.");
        } finally {
            ui.shutdownNow();
        }
    }

    /** Publishes until the model holds {@code count} messages: gossipsub needs a heartbeat before it forwards. */
    private static void publishUntilSeen(KuboRpcClient sender, String topic, byte[] data, PeersViewModel model,
            ExecutorService ui, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (on(ui, () -> model.traffic().size()) < count && System.nanoTime() < deadline) {
            try {
                sender.pubsubPub(topic, data);
            } catch (KuboException e) {
                // js-ipfs refuses to publish while it knows no subscriber of the topic
            }
            for (int i = 0; i < 10 && on(ui, () -> model.traffic().size()) < count; i++) Thread.sleep(50);
        }
        assertThat(on(ui, () -> model.traffic().size())).isEqualTo(count);
    }

    private static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within 20 s");
            Thread.sleep(50);
        }
    }

    private static <T> T on(ExecutorService ui, Callable<T> call) throws Exception {
        return ui.submit(call).get();
    }
}
