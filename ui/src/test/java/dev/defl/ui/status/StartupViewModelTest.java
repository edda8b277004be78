package dev.defl.ui.status;

import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.health.ComponentHealth;
import dev.defl.engine.health.Readiness;
import dev.defl.engine.health.ReadinessProbe;
import dev.defl.engine.workspace.Workspace.OpeningStep;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar's start-up and health state, without a window. */
class StartupViewModelTest {

    private final StartupViewModel vm = new StartupViewModel(TaskExecutor.synchronous());

    @Test
    void storeThenChainGoFromStartingToReady() {
        assertThat(vm.allReadyProperty().get()).isFalse();
        vm.opening(OpeningStep.LOCKING);
        vm.opening(OpeningStep.OPENING_STORE);
        assertThat(vm.storeProperty().get().state()).isEqualTo(ComponentStatus.State.STARTING);
        assertThat(vm.storeProperty().get().text()).isEqualTo("opening content store…");
        assertThat(vm.waitingProperty().get()).isEqualTo("Waiting for the content store to open…");

        vm.opening(OpeningStep.STARTING_CHAIN);
        assertThat(vm.storeProperty().get().ready()).isTrue();
        assertThat(vm.chainProperty().get().text()).isEqualTo("starting chain…");
        assertThat(vm.waitingProperty().get()).isEqualTo("Waiting for the chain to start…");
        vm.opening(OpeningStep.CHECKING_CHAIN);
        assertThat(vm.workspaceReadyProperty().get()).isFalse();

        vm.workspaceOpened(7);
        assertThat(vm.chainProperty().get().ready()).isTrue();
        assertThat(vm.chainProperty().get().text()).isEqualTo("chain ready (block 7)");
        assertThat(vm.workspaceReadyProperty().get()).isTrue();
        assertThat(vm.allReadyProperty().get()).as("the engine is still loading").isFalse();
        assertThat(vm.notReady()).containsExactly("engine (engine: waiting…)");

        vm.engineStarting();
        vm.engineReady("CPU (PyTorch 2.7.1, 1 thread)");
        assertThat(vm.allReadyProperty().get()).isTrue();
        assertThat(vm.notReady()).isEmpty();
        assertThat(vm.engineProperty().get().detail()).isEqualTo("CPU (PyTorch 2.7.1, 1 thread)");
    }

    @Test
    void aChainThatFailsToStartTurnsRedWithItsFirstLineAndTheWholeErrorAsDetail() {
        vm.opening(OpeningStep.OPENING_STORE);
        vm.opening(OpeningStep.STARTING_CHAIN);
        var error = new IOException("anvil binary not found; looked at: node_modules/…\nsecond line",
                new IllegalStateException("root cause"));
        vm.workspaceFailed(OpeningStep.STARTING_CHAIN, error);

        ComponentStatus chain = vm.chainProperty().get();
        assertThat(chain.state()).isEqualTo(ComponentStatus.State.FAILED);
        assertThat(chain.text()).isEqualTo("chain failed: anvil binary not found; looked at: node_modules/…");
        assertThat(chain.detail()).contains("second line").contains("caused by: java.lang.IllegalStateException: root cause");
        assertThat(vm.workspaceFailedProperty().get()).isTrue();
        assertThat(vm.workspaceReadyProperty().get()).isFalse();
        assertThat(vm.waitingProperty().get())
                .isEqualTo("The workspace could not be opened: anvil binary not found; looked at: node_modules/…");
        assertThat(vm.allReadyProperty().get()).isFalse();
    }

    @Test
    void aDataDirectoryInUseFailsTheStoreStepAndTheChainIsNotStarted() {
        vm.opening(OpeningStep.LOCKING);
        vm.workspaceFailed(OpeningStep.LOCKING, "data directory /d is in use by another DeFL Workbench process (pid 42)",
                new IOException("in use"));
        assertThat(vm.storeProperty().get().state()).isEqualTo(ComponentStatus.State.FAILED);
        assertThat(vm.storeProperty().get().text()).isEqualTo(
                "workspace failed: data directory /d is in use by another DeFL Workbench process (pid 42)");
        assertThat(vm.chainProperty().get().state()).isEqualTo(ComponentStatus.State.FAILED);
        assertThat(vm.chainProperty().get().text()).isEqualTo("chain not started");
        assertThat(vm.engineProperty().get().text()).isEqualTo("engine not started");
    }

    @Test
    void anEngineThatFailsToLoadIsRed() {
        vm.engineStarting();
        assertThat(vm.engineProperty().get().text()).isEqualTo("loading training engine…");
        vm.engineFailed(new UnsatisfiedLinkError("libtorch.so: cannot open shared object file"));
        assertThat(vm.engineProperty().get().state()).isEqualTo(ComponentStatus.State.FAILED);
        assertThat(vm.engineProperty().get().text()).isEqualTo("engine failed: libtorch.so: cannot open shared object file");
    }

    @Test
    void healthShowsTheChainsBlockAndLatencyAndEachEndpoint() {
        vm.workspaceOpened(3);
        vm.apply(new Readiness(new ComponentHealth("chain", "http://127.0.0.1:8545", true, 4, "block 9"),
                List.of(new ComponentHealth("kubo:http://127.0.0.1:5001", "http://127.0.0.1:5001", true, 6, ""),
                        new ComponentHealth("gateway:https://gw.example", "https://gw.example", false, 3000, "timed out")),
                Instant.EPOCH));
        assertThat(vm.chainProperty().get().text()).isEqualTo("chain ready (block 9, 4 ms)");
        assertThat(vm.endpoints()).extracting(ComponentStatus::state)
                .containsExactly(ComponentStatus.State.READY, ComponentStatus.State.FAILED);
        assertThat(vm.endpoints().get(0).text()).isEqualTo("IPFS kubo:http://127.0.0.1:5001 (6 ms)");
        assertThat(vm.endpoints().get(1).detail()).contains("did not answer in 3000 ms").contains("timed out");
    }

    @Test
    void aChainThatStopsAnsweringTurnsRedAtTheNextProbe() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        vm.workspaceOpened(3);
        assertThat(vm.chainProperty().get().ready()).isTrue();
        // real probes of a port nobody listens on (connection refused), as when anvil died
        ReadinessProbe probe = new ReadinessProbe("http://127.0.0.1:" + closedPort,
                List.of(EndpointSpec.parse("kubo:http://127.0.0.1:" + closedPort)), Duration.ofSeconds(2));
        vm.watchHealth(probe::probe);

        assertThat(vm.chainProperty().get().state()).isEqualTo(ComponentStatus.State.FAILED);
        assertThat(vm.chainProperty().get().text()).isEqualTo("chain down: connection refused");
        assertThat(vm.endpoints()).singleElement().extracting(ComponentStatus::state).isEqualTo(ComponentStatus.State.FAILED);
    }

    @Test
    void healthDoesNotOverrideTheChainWhileItIsStillStarting() {
        vm.opening(OpeningStep.STARTING_CHAIN);
        vm.apply(new Readiness(new ComponentHealth("chain", "http://127.0.0.1:1", false, 1, "connection refused"),
                List.of(), Instant.EPOCH));
        assertThat(vm.chainProperty().get().text()).isEqualTo("starting chain…");
    }
}
