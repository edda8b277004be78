package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** TransactionSender, FeeOracle and dev-chain funding against a real anvil. */
class ChainConnectionSenderTest {
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);
    private static final BigInteger ONE_ETHER = BigInteger.TEN.pow(18);

    @TempDir
    Path dir;

    private AnvilProcess anvil;
    private ChainConnection chain;

    @BeforeEach
    void startChain() {
        anvil = AnvilProcess.start(dir.resolve("chain").resolve("state.json"), 0);
        chain = ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()).withExpectedChainId(AnvilProcess.CHAIN_ID));
    }

    @AfterEach
    void stopChain() {
        chain.close();
        anvil.close();
    }

    @Test
    void twentyConcurrentTransactionsFromFourThreadsOnOneAccountAreAllMinedWithDistinctNonces() throws Exception {
        PendingJournal journal = PendingJournal.open(dir.resolve("pending"));
        TransactionSender sender = TransactionSender.create(chain, DevAccounts.account(3), journal);
        String to = DevAccounts.account(4).getAddress();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<TransactionReceipt>> futures = new ArrayList<>();
        try {
            for (int thread = 0; thread < 4; thread++) {
                futures.add(pool.submit(() -> {
                    TransactionReceipt last = null;
                    for (int i = 0; i < 5; i++) {
                        last = sender.sendAndAwait(to, "0x", BigInteger.ONE, TRANSFER_GAS);
                        assertThat(last.isStatusOK()).isTrue();
                    }
                    return last;
                }));
            }
            for (Future<TransactionReceipt> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> nonces = new ArrayList<>();
        for (long block = 1; block <= chain.blockNumber(); block++) {
            var txs = chain.web3j().ethGetBlockByNumber(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), true)
                    .send().getBlock().getTransactions();
            for (var tx : txs) {
                var object = (org.web3j.protocol.core.methods.response.Transaction) tx.get();
                assertThat(object.getFrom()).isEqualToIgnoringCase(sender.from());
                assertThat(object.getType()).isEqualTo("0x2");
                nonces.add(object.getNonce().longValueExact());
            }
        }
        assertThat(nonces).hasSize(20).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(0, 20).boxed().toList());
        assertThat(chain.web3j().ethGetTransactionCount(sender.from(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount()).isEqualTo(20);
        assertThat(journal.pending(sender.from())).isEmpty();
    }

    @Test
    void eip1559FeesCoverTwiceTheNextBaseFeePlusTheTip() throws Exception {
        Eip1559Fees fees = new FeeOracle(chain).current();
        BigInteger baseFee = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                .getBlock().getBaseFeePerGas();

        assertThat(fees.maxPriorityFeePerGas()).isPositive();
        assertThat(fees.maxFeePerGas()).isGreaterThanOrEqualTo(baseFee.add(fees.maxPriorityFeePerGas()));

        TransactionReceipt receipt = TransactionSender.create(chain, DevAccounts.account(7), null)
                .sendAndAwait(DevAccounts.account(8).getAddress(), "0x", BigInteger.ONE, TRANSFER_GAS);
        assertThat(receipt.getType()).isEqualTo("0x2");
        assertThat(new BigInteger(receipt.getEffectiveGasPrice().substring(2), 16)).isLessThanOrEqualTo(fees.maxFeePerGas());
        assertThat(new FeeOracle(chain).gasProvider(TRANSFER_GAS).getChainId()).isEqualTo(AnvilProcess.CHAIN_ID);
    }

    @Test
    void aFundedKeystoreAccountSendsOnTheDevChain() {
        AccountStore store = AccountStore.open(dir.resolve("data"), ScryptCost.LIGHT);
        StoredAccount account = store.create("pw".toCharArray());
        Credentials credentials = store.unlock(account.address(), "pw".toCharArray());
        TransactionSender sender = TransactionSender.create(chain, credentials, null);

        assertThatThrownBy(() -> sender.send(DevAccounts.account(0).getAddress(), "0x", BigInteger.ONE, TRANSFER_GAS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(nonce 0 from " + account.address().toLowerCase() + ") rejected by " + anvil.rpcUrl())
                .hasMessageContaining("funds");

        anvil.fund(account.address(), ONE_ETHER);
        assertThat(chain.balance(account.address())).isEqualTo(ONE_ETHER);
        TransactionReceipt receipt = sender.sendAndAwait(DevAccounts.account(0).getAddress(), "0x", BigInteger.ONE,
                TRANSFER_GAS);
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(account.address());
    }

    @Test
    void theWeb3jTransactionManagerViewSharesTheNonceCounter() throws Exception {
        PendingJournal journal = PendingJournal.open(dir.resolve("pending"));
        TransactionSender sender = TransactionSender.create(chain, DevAccounts.account(9), journal);
        var manager = sender.transactionManager();
        String to = DevAccounts.account(10).getAddress();
        Eip1559Fees fees = sender.fees().current();

        EthSendTransaction typed = manager.sendEIP1559Transaction(AnvilProcess.CHAIN_ID, fees.maxPriorityFeePerGas(),
                fees.maxFeePerGas(), TRANSFER_GAS, to, "0x", BigInteger.ONE, false);
        EthSendTransaction legacy = manager.sendTransaction(fees.maxFeePerGas(), TRANSFER_GAS, to, "0x", BigInteger.ONE, false);
        TransactionReceipt third = sender.sendAndAwait(to, "0x", BigInteger.ONE, TRANSFER_GAS);

        assertThat(typed.hasError()).isFalse();
        assertThat(legacy.hasError()).isFalse();
        assertThat(journal.pending(sender.from())).hasSize(2);
        assertThat(sender.awaitReceipt(typed.getTransactionHash()).getType()).isEqualTo("0x2");
        assertThat(sender.awaitReceipt(legacy.getTransactionHash()).getType()).isEqualTo("0x0");
        assertThat(third.isStatusOK()).isTrue();
        assertThat(journal.pending(sender.from())).isEmpty();
        assertThat(chain.web3j().ethGetTransactionByHash(third.getTransactionHash()).send().getTransaction()
                .orElseThrow().getNonce()).isEqualTo(2);
        assertThatThrownBy(() -> manager.sendEIP1559Transaction(1, fees.maxPriorityFeePerGas(), fees.maxFeePerGas(),
                TRANSFER_GAS, to, "0x", BigInteger.ONE, false))
                .isInstanceOf(WrongChainException.class);
    }

    @Test
    void fundingRefusesAMalformedAddress() {
        assertThatThrownBy(() -> anvil.fund("0x1234", ONE_ETHER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x1234");
    }
}
