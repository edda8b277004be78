package dev.defl.ui.network;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.engine.network.NodeOptions;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.WalletUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Network pane's view models on a real anvil (automine), real keystores (light scrypt) and the real DJL engine:
 * a task created through the Create task form (digits, logreg, 2 clients, 1 aggregator, quorum 1, 1 round) and run by
 * three peers joined through Join task forms. The "UI thread" is a single-thread executor; state is read on it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NetworkViewModelTest {
    @TempDir
    static Path shared;
    static AnvilFixture fixture;
    /** Keystores of dev accounts 1 (creator and aggregator), 2 and 3 (clients); password "pw". */
    static Path[] keys = new Path[4];

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "network-test-background");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final TaskExecutor executor = new TaskExecutor(background, ui);

    @BeforeAll
    static void startChain() throws Exception {
        fixture = new AnvilFixture(shared);
        Path k = Files.createDirectories(shared.resolve("keys"));
        for (int i = 1; i <= 3; i++) {
            keys[i] = k.resolve(WalletUtils.generateWalletFile("pw", DevAccounts.account(i).getEcKeyPair(), k.toFile(),
                    false));
        }
    }

    @AfterAll
    static void stopChain() {
        fixture.close();
    }

    @AfterEach
    void stopThreads() {
        background.shutdownNow();
        ui.shutdownNow();
    }

    private <T> T onUi(Callable<T> read) throws Exception {
        return ui.submit(read).get(10, TimeUnit.SECONDS);
    }

    private void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!onUi(condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    /** A peer: its own data directory with network.json pointing at the anvil and its keystore. */
    private NetworkServices peer(String name, int account) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        new NetworkSettings(fixture.anvil.rpcUrl(), fixture.chain.chainId(), List.of(), keys[account],
                Duration.ofSeconds(5)).save(NetworkSettings.fileIn(data));
        return new NetworkServices(data, new EmbeddedContentStore(data.resolve("ipfs")),
                (spec, seed, content) -> Datasets.load(spec, seed, dev.defl.engine.learning.DatasetOptions.defaults(), content));
    }

    private static NodeOptions fast() {
        return NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(100));
    }

    @Test
    void aTaskCreatedInThePaneRunsToCompletionWithPeersJoinedFromThePane() throws Exception {
        NetworkServices creator = peer("creator", 1);
        // every peer shares the creator's content store here: there is no IPFS node between them
        NetworkServices client2 = new NetworkServices(Files.createDirectories(dir.resolve("c2")), creator.store(),
                creator.datasets());
        NetworkServices client3 = new NetworkServices(Files.createDirectories(dir.resolve("c3")), creator.store(),
                creator.datasets());
        for (int i = 2; i <= 3; i++) {
            new NetworkSettings(fixture.anvil.rpcUrl(), 0, List.of(), keys[i], Duration.ofSeconds(5))
                    .save(NetworkSettings.fileIn(dir.resolve("c" + i)));
        }

        CreateTaskViewModel create = onUi(() -> new CreateTaskViewModel(creator, executor));
        boolean started = onUi(() -> {
            create.modelProperty().set("logreg");
            create.roundsProperty().set("1");
            create.clientsPerRoundProperty().set("2");
            create.quorumProperty().set("1");
            create.seedProperty().set("5");
            create.clientsProperty().set(DevAccounts.account(2).getAddress() + "\n\n" + DevAccounts.account(3).getAddress());
            create.aggregatorsProperty().set(DevAccounts.account(1).getAddress());
            return create.create("pw".toCharArray());
        });
        assertThat(started).isTrue();
        waitFor("the task to be created", () -> !create.busyProperty().get());
        assertThat(onUi(() -> create.errorProperty().get())).isEmpty();
        CreatedTaskRow task = onUi(() -> create.createdProperty().get());
        assertThat(task.taskId()).isEqualTo(1);
        assertThat(onUi(() -> create.progressProperty().get())).contains("Created task 1");

        JoinTaskViewModel aggregator = onUi(() -> new JoinTaskViewModel(creator, executor, fast()));
        JoinTaskViewModel c2 = onUi(() -> new JoinTaskViewModel(client2, executor, fast()));
        JoinTaskViewModel c3 = onUi(() -> new JoinTaskViewModel(client3, executor, fast()));
        onUi(() -> {
            aggregator.fill(task.contract(), task.taskId());
            aggregator.roleProperty().set(Role.AGGREGATOR);
            c2.fill(task.contract(), task.taskId());
            c2.shardProperty().set("0/2");
            c3.fill(task.contract(), task.taskId());
            c3.shardProperty().set("1/2");
            c3.samplesProperty().set("300");
            return aggregator.join("pw".toCharArray()) && c2.join("pw".toCharArray()) && c3.join("pw".toCharArray());
        });

        TaskContract contract = TaskContract.at(fixture.chain, task.contract());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (contract.task(task.taskId()).status() != TaskInfo.Status.COMPLETED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task did not complete; aggregator: " + onUi(() -> aggregator.statusProperty().get()
                        + " / " + aggregator.errorProperty().get()) + "; client: " + onUi(() -> c2.statusProperty().get()
                        + " / " + c2.errorProperty().get()));
            }
            Thread.sleep(200);
        }
        for (JoinTaskViewModel peer : List.of(aggregator, c2, c3)) {
            waitFor("the node to finish", () -> peer.stateProperty().get() == JoinTaskViewModel.State.IDLE);
            assertThat(onUi(() -> peer.errorProperty().get())).isEmpty();
            assertThat(onUi(() -> peer.statusProperty().get())).isEqualTo("Task 1 completed.");
            assertThat(onUi(() -> peer.roundProperty().get())).isEqualTo(1);
            assertThat(onUi(() -> peer.joinedProperty().get().taskId())).as("what the Peers pane follows").isEqualTo(1);
        }
        List<String> log = onUi(() -> List.copyOf(aggregator.log()));
        assertThat(log).anyMatch(l -> l.contains("round 1 finalized"));
        assertThat(log.getFirst()).contains("task 1 completed");
        assertThat(onUi(() -> aggregator.accountProperty().get())).isEqualToIgnoringCase(DevAccounts.account(1).getAddress());
        assertThat(onUi(() -> List.copyOf(c3.log()))).anyMatch(l -> l.contains("shard-1-of-2 (300 rows)"));
    }

    @Test
    void aWrongPasswordIsShownAndJoinIsEnabledAgain() throws Exception {
        NetworkServices peer = peer("p", 2);
        JoinTaskViewModel join = onUi(() -> new JoinTaskViewModel(peer, executor, fast()));
        char[] password = "nope".toCharArray();
        onUi(() -> {
            join.fill("0x" + "ab".repeat(20), 1);
            return join.join(password);
        });
        waitFor("the join to fail", () -> join.stateProperty().get() == JoinTaskViewModel.State.IDLE
                && !join.errorProperty().get().isEmpty());
        assertThat(onUi(() -> join.errorProperty().get())).contains("wrong password").contains(keys[2].toString());
        assertThat(onUi(() -> join.joinDisabled().get())).isFalse();
        assertThat(password).containsOnly('\0');
    }

    @Test
    void aJoinWithABadShardIsRefusedBeforeAnythingStarts() throws Exception {
        NetworkServices peer = peer("p", 2);
        JoinTaskViewModel join = onUi(() -> new JoinTaskViewModel(peer, executor, fast()));
        boolean started = onUi(() -> {
            join.fill("0x" + "ab".repeat(20), 1);
            join.shardProperty().set("2/2");
            return join.join("pw".toCharArray());
        });
        assertThat(started).isFalse();
        assertThat(onUi(() -> join.errorProperty().get())).contains("K/N").contains("2/2");
    }

    @Test
    void aBadAddressLineIsReportedWithItsLineNumber() throws Exception {
        NetworkServices peer = peer("p", 1);
        CreateTaskViewModel create = onUi(() -> new CreateTaskViewModel(peer, executor));
        boolean started = onUi(() -> {
            create.clientsProperty().set(DevAccounts.account(2).getAddress() + "\n\n0x1234");
            create.aggregatorsProperty().set(DevAccounts.account(1).getAddress());
            return create.create("pw".toCharArray());
        });
        assertThat(started).isFalse();
        assertThat(onUi(() -> create.errorProperty().get())).isEqualTo(
                "clients, line 3: '0x1234' is not an address (0x + 40 hex digits)");
        assertThatThrownBy(() -> AddressList.parse("0x" + "a".repeat(40) + "\n0x" + "A".repeat(40), "aggregators"))
                .hasMessage("aggregators, line 2: 0x" + "A".repeat(40) + " is listed twice");
    }

    @Test
    void settingsSurviveASaveAndALoad() throws Exception {
        Path file = dir.resolve("network.json");
        NetworkSettingsViewModel form = onUi(() -> new NetworkSettingsViewModel(file, executor));
        onUi(() -> {
            form.chainUrlProperty().set("http://10.0.0.2:8545");
            form.chainIdProperty().set("31337");
            form.ipfsProperty().set("http://10.0.0.3:5001, gateway:https://gw.example");
            form.keystoreProperty().set(keys[1].toString());
            form.ipfsTimeoutProperty().set("12");
            return form.save(() -> { });
        });
        waitFor("the save", () -> !form.busyProperty().get());
        NetworkSettingsViewModel again = onUi(() -> new NetworkSettingsViewModel(file, executor));
        onUi(() -> {
            again.load();
            return null;
        });
        waitFor("the load", () -> !again.busyProperty().get());
        assertThat(onUi(() -> List.of(again.chainUrlProperty().get(), again.chainIdProperty().get(),
                again.ipfsProperty().get(), again.keystoreProperty().get(), again.ipfsTimeoutProperty().get())))
                .containsExactly("http://10.0.0.2:8545", "31337", "kubo:http://10.0.0.3:5001,gateway:https://gw.example",
                        keys[1].toString(), "12");
        assertThat(Files.readString(file)).doesNotContain("pw");
    }

    @Test
    void anInvalidSettingNamesItsFieldAndWritesNothing() throws Exception {
        Path file = dir.resolve("network.json");
        NetworkSettingsViewModel form = onUi(() -> new NetworkSettingsViewModel(file, executor));
        boolean saved = onUi(() -> {
            form.keystoreProperty().set("/k.json");
            form.chainIdProperty().set("abc");
            return form.save(() -> { });
        });
        assertThat(saved).isFalse();
        assertThat(onUi(() -> form.errorFieldProperty().get())).isEqualTo(NetworkSettings.FIELD_CHAIN_ID);
        assertThat(onUi(() -> form.errorProperty().get())).contains("abc");
        assertThat(file).doesNotExist();
    }
}
