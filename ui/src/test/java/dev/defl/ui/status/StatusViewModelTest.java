package dev.defl.ui.status;

import dev.defl.engine.workspace.WorkspaceStatus;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewModelTest {

    static final WorkspaceStatus STATUS = new WorkspaceStatus("http://127.0.0.1:8545", 42, Path.of("/data/store"),
            3 * 1024 * 1024 + 200 * 1024, 1, "CPU");

    @Test
    void humanBytesUsesBinaryUnits() {
        assertThat(StatusViewModel.humanBytes(0)).isEqualTo("0 B");
        assertThat(StatusViewModel.humanBytes(1023)).isEqualTo("1023 B");
        assertThat(StatusViewModel.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(StatusViewModel.humanBytes(250L * 1024 * 1024)).isEqualTo("250 MiB");
        assertThat(StatusViewModel.humanBytes(5L * 1024 * 1024 * 1024 * 1024)).isEqualTo("5.0 TiB");
    }

    @Test
    void statusTextsNameRpcBlockStoreSizeBlocksAndDevice() {
        StatusViewModel vm = new StatusViewModel(() -> STATUS, TaskExecutor.synchronous());
        vm.refresh();
        assertThat(vm.chainProperty().get()).isEqualTo("Chain http://127.0.0.1:8545 · block 42");
        assertThat(vm.storeProperty().get()).isEqualTo("Store " + Path.of("/data/store") + " · 3.2 MiB · 1 block");
        assertThat(vm.deviceProperty().get()).isEqualTo("Device CPU");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void silentChainIsShownAsNotAnswering() {
        StatusViewModel vm = new StatusViewModel(
                () -> new WorkspaceStatus("http://x:1", -1, Path.of("s"), 0, 0, "CPU"), TaskExecutor.synchronous());
        vm.refresh();
        assertThat(vm.chainProperty().get()).endsWith("not answering");
    }

    @Test
    void supplierRunsOnlyOnTheBackgroundExecutorAndOneAtATime() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        StatusViewModel vm = new StatusViewModel(() -> {
            calls.incrementAndGet();
            return STATUS;
        }, new TaskExecutor(queued::add, Runnable::run));
        vm.refresh();
        vm.refresh();
        assertThat(calls).as("nothing ran on the calling thread").hasValue(0);
        assertThat(queued).as("second refresh skipped while the first is in flight").hasSize(1);
        queued.getFirst().run();
        assertThat(calls).hasValue(1);
        assertThat(vm.chainProperty().get()).contains("block 42");
    }

    @Test
    void supplierFailureIsShownNotSwallowed() {
        StatusViewModel vm = new StatusViewModel(() -> {
            throw new IllegalStateException("chain RPC refused the connection");
        }, TaskExecutor.synchronous());
        vm.refresh();
        assertThat(vm.errorProperty().get()).isEqualTo("Status unavailable: chain RPC refused the connection");
    }
}
