package dev.defl.engine.ledger.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.abi.ContractAbi;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real anvil; the real compiled contract deployed twice (by different accounts, so at different addresses). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractRecognizerTest {
    private static final String ARTIFACT = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);

    private AnvilFixture fixture;
    private ChainConnection chain;

    @BeforeAll
    void startChain(@TempDir Path chainDir) {
        fixture = new AnvilFixture(chainDir);
        chain = fixture.chain;
    }

    @AfterAll
    void stopChain() {
        fixture.close();
    }

    @Test
    void recognizesEveryDeploymentOfTheArtifact() {
        String a = TaskContract.deploy(chain, DevAccounts.account(0)).address();
        String b = TaskContract.deploy(chain, DevAccounts.account(1)).address();
        ContractRecognizer recognizer = ContractRecognizer.create(chain).withArtifactResource(ARTIFACT);
        String name = ARTIFACT.substring(ARTIFACT.lastIndexOf('/') + 1);
        assertThat(recognizer.nameAt(a)).contains(name);
        assertThat(recognizer.nameAt(b)).contains(name);
        assertThat(recognizer.abiAt(b)).isPresent();
        assertThat(recognizer.abiAt(DevAccounts.account(3).getAddress())).isEmpty();
    }

    @Test
    void explicitContractsNeedNoCode() {
        ContractAbi abi = ContractAbi.fromResource(TaskContract.ABI_RESOURCE);
        String nowhere = "0x00000000000000000000000000000000000000aa";
        assertThat(ContractRecognizer.create(chain).withContract(nowhere.toUpperCase().replace("0X", "0x"), abi)
                .abiAt(nowhere)).containsSame(abi);
    }

    @Test
    void metadataTailIsFoundOnlyWhereSolcPutOne() {
        String cbor = "a264697066735822" + "12".repeat(34) + "64736f6c6343" + "000825" + "0033";
        assertThat(ContractRecognizer.metadataTail("6080" + cbor)).contains(cbor);
        assertThat(ContractRecognizer.metadataTail("60806040")).isEmpty();
        assertThat(ContractRecognizer.metadataTail("")).isEmpty();
        assertThatThrownBy(() -> ContractRecognizer.create(chain).withArtifact("X",
                ContractAbi.fromResource(TaskContract.ABI_RESOURCE), "0x6080604052"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no CBOR metadata");
    }
}
