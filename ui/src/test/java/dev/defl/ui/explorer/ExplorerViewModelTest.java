package dev.defl.ui.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.ui.concurrent.TaskExecutor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's view-model over a real anvil (blocks mined with {@code anvil_mine}), without a window. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerViewModelTest {
    private AnvilFixture fixture;
    private ChainConnection chain;

    @BeforeAll
    void startChain(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        chain = fixture.chain;
    }

    @AfterAll
    void stopChain() {
        fixture.close();
    }

    private void mine(int blocks) {
        fixture.mine(blocks);
    }

    @Test
    void theBlockListFollowsTheHeadNewestFirstAndStaysBounded() throws Exception {
        ExplorerViewModel model = new ExplorerViewModel(new ChainServices(
                new ChainExplorer(chain, ContractRecognizer.create(chain), 16), () -> null, () -> null),
                TaskExecutor.synchronous());
        mine(5);
        model.refresh();
        long head = chain.blockNumber();
        assertThat(model.blocks()).first().extracting(BlockRow::number).isEqualTo(head);
        mine(ExplorerViewModel.MAX_BLOCKS + 30);
        model.refresh();
        assertThat(model.blocks()).hasSize(ExplorerViewModel.MAX_BLOCKS);
        assertThat(model.blocks()).first().extracting(BlockRow::number).isEqualTo(chain.blockNumber());
        assertThat(model.blocks()).extracting(BlockRow::number).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(model.headProperty().get()).startsWith("Head #" + chain.blockNumber());
    }

    @Test
    void aModelWithoutAChainSaysSoInsteadOfFailing() {
        ExplorerViewModel model = new ExplorerViewModel(null, TaskExecutor.synchronous());
        model.refresh();
        model.searchTextProperty().set("12");
        model.search();
        assertThat(model.headProperty().get()).isEqualTo("No chain connected");
        assertThat(model.errorProperty().get()).isEqualTo("No chain connected.");
        assertThat(model.blocks()).isEmpty();
    }

    @Test
    void lookupsThatFailShowTheReasonAndEmptySearchesAskForInput() {
        ExplorerViewModel model = new ExplorerViewModel(new ChainServices(
                new ChainExplorer(chain, ContractRecognizer.create(chain), 16), () -> null, () -> null),
                TaskExecutor.synchronous());
        model.search();
        assertThat(model.errorProperty().get()).startsWith("Type a block number");
        model.openBlock(9_999_999);
        assertThat(model.errorProperty().get()).startsWith("no block 9999999");
        model.openBlock(0);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.detailsProperty().get().value()).isEqualTo("#0");
    }
}
