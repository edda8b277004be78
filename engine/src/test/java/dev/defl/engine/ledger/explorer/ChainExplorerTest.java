package dev.defl.engine.ledger.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.Multihash;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.abi.ContractAbi;
import dev.defl.engine.ledger.index.LogIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Real anvil; a 44-byte contract that emits its call data as one log with topic
 * {@code Published(bytes32,uint8)} on every call, so sending {@code abi.encode(digest, codec)} emits
 * a decodable {@code Published(digest, codec)} event naming a CID.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainExplorerTest {
    private static final String TOPIC = Hash.sha3String("Published(bytes32,uint8)").substring(2);
    private static final String INIT_CODE = "602c600c600039602c6000f3" + "366000600037" + "7f" + TOPIC + "366000a1" + "00";
    private static final String ABI = """
            [{"type":"event","name":"Published","anonymous":false,"inputs":[
              {"name":"digest","type":"bytes32","indexed":false},{"name":"codec","type":"uint8","indexed":false}]}]""";

    private AnvilFixture fixture;
    private ChainConnection chain;
    private String contract;
    private ChainExplorer explorer;

    @BeforeAll
    void startChain(@TempDir Path chainDir) throws Exception {
        fixture = new AnvilFixture(chainDir);
        chain = fixture.chain;
        contract = send(null, "0x" + INIT_CODE, 300_000).getContractAddress();
        explorer = new ChainExplorer(chain, ContractRecognizer.create(chain)
                .withContract(contract, ContractAbi.fromJson(new ObjectMapper().readTree(ABI))), 8);
    }

    @AfterAll
    void stopChain() {
        fixture.close();
    }

    private TransactionReceipt send(String to, String data, long gas) {
        return fixture.sendRaw(DevAccounts.account(1), to, data, gas);
    }

    private static Cid cidOf(String text) {
        return Cid.of(1, Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    private TransactionReceipt publish(Cid cid) throws IOException {
        String data = FunctionEncoder.encodeConstructor(List.of(new Bytes32(cid.multihash().digest()),
                new Uint8(cid.codec())));
        return send(contract, "0x" + data, 100_000);
    }

    @Test
    void transactionShowsReceiptAndDecodedEventWithItsCid() throws IOException {
        Cid cid = cidOf("update of client 3");
        TransactionReceipt receipt = publish(cid);
        TxDetails tx = explorer.transaction(receipt.getTransactionHash());
        assertThat(tx.from()).isEqualTo(DevAccounts.account(1).getAddress().toLowerCase());
        assertThat(tx.to()).isEqualTo(contract.toLowerCase());
        assertThat(tx.blockNumber()).isEqualTo(receipt.getBlockNumber().longValueExact());
        TxDetails.Receipt r = tx.receipt().orElseThrow();
        assertThat(r.success()).isTrue();
        assertThat(r.gasUsed()).isEqualTo(receipt.getGasUsed().longValueExact());
        assertThat(r.logs()).hasSize(1);
        var event = r.logs().getFirst().event().orElseThrow();
        assertThat(event.name()).isEqualTo("Published");
        assertThat(CidArguments.find(event.args())).containsEntry("digest", cid);
        assertThat(CidArguments.display(event.name(), event.args())).isEqualTo("Published(cid=" + cid + ")");
        assertThat(explorer.transaction(receipt.getTransactionHash().toUpperCase().replace("0X", "0x"))).isEqualTo(tx);
    }

    @Test
    void blocksListTheirTransactionsWithMethodNames() throws IOException {
        TransactionReceipt receipt = publish(cidOf("x"));
        BlockDetails block = explorer.block(receipt.getBlockNumber().longValueExact());
        assertThat(block.transactions()).extracting(TxSummary::hash).contains(receipt.getTransactionHash());
        assertThat(block.summary().gasUsed()).isGreaterThanOrEqualTo(receipt.getGasUsed().longValueExact());
        assertThat(explorer.recentBlocks(3)).hasSizeLessThanOrEqualTo(3)
                .first().extracting(BlockSummary::number).isEqualTo(explorer.head());
        assertThat(explorer.block(0).summary().number()).isZero();
        assertThat(explorer.block(1).transactions()).extracting(TxSummary::method).containsExactly("deploy");
    }

    @Test
    void failedTransactionsAreShownWithTheReplayedReason() throws IOException {
        TransactionReceipt receipt = send(contract, "0x01", 21_100); // out of gas
        TxDetails tx = explorer.transaction(receipt.getTransactionHash());
        assertThat(tx.receipt().orElseThrow().success()).isFalse();
        assertThat(tx.receipt().orElseThrow().revert()).isPresent();
    }

    @Test
    void searchFindsBlocksTransactionsAccountsAndCids(@TempDir Path indexDir) throws IOException {
        Cid cid = cidOf("global model of round 2");
        TransactionReceipt receipt = publish(cid);
        LogIndex index = LogIndex.open(indexDir, chain, contract, 0);
        index.sync();
        assertThat(explorer.search("#" + receipt.getBlockNumber(), index)).isInstanceOf(SearchResult.BlockHit.class);
        assertThat(explorer.search(receipt.getTransactionHash(), index)).isInstanceOf(SearchResult.TxHit.class);
        assertThat(explorer.search(receipt.getBlockHash(), index)).isInstanceOf(SearchResult.BlockHit.class);
        var account = (SearchResult.AccountHit) explorer.search(contract, index);
        assertThat(account.account().isContract()).isTrue();
        var hit = (SearchResult.CidHit) explorer.search(cid.toString(), index);
        assertThat(hit.logs()).extracting(l -> l.txHash()).containsExactly(receipt.getTransactionHash());
        Cid v0Style = new Cid(1, Cid.RAW, new Multihash(Multihash.SHA2_256, cid.multihash().digest()));
        assertThat(explorer.search(v0Style.toString(), index)).isInstanceOf(SearchResult.CidHit.class);
    }

    @Test
    void badQueriesSayWhatIsAccepted() {
        assertThatThrownBy(() -> explorer.search("hello", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"hello\" is none of these");
        assertThatThrownBy(() -> explorer.block(999_999))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no block 999999");
        assertThatThrownBy(() -> explorer.transaction("0x" + "ab".repeat(32)))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no transaction 0xabab");
        assertThatThrownBy(() -> explorer.transaction("0x12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a transaction hash");
        assertThatThrownBy(() -> explorer.search(cidOf("never published").toString(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no event index");
    }

    @Test
    void cachesStayBounded() throws IOException {
        for (int i = 0; i < 12; i++) {
            explorer.transaction(publish(cidOf("n" + i)).getTransactionHash());
        }
        for (long n = 0; n <= explorer.head(); n++) {
            explorer.block(n);
        }
        assertThat(explorer.cachedEntries()).isLessThanOrEqualTo(16);
    }
}
