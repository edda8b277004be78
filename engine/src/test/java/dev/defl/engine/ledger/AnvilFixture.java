package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.io.IOException;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A real anvil on a free port with a chain connection, for the tests of every module that need a
 * chain (the engine publishes its test classes as a test-jar).
 */
public final class AnvilFixture implements AutoCloseable {
    public final AnvilProcess anvil;
    public final ChainConnection chain;

    /** Starts anvil with its state under {@code dir/chain}. */
    public AnvilFixture(Path dir) {
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
    }

    /** Mines {@code blocks} empty blocks ({@code anvil_mine}), to pass a deadline. */
    public void mine(long blocks) {
        mine(anvil.rpcUrl(), blocks);
    }

    /**
     * Mines {@code blocks} empty blocks on the anvil at {@code rpcUrl} ({@code anvil_mine}), to pass a deadline
     * counted in blocks without waiting for it (also on an anvil mining a block every few seconds).
     *
     * @throws IllegalStateException     when anvil refuses
     * @throws ChainUnavailableException when it does not answer
     */
    public static void mine(String rpcUrl, long blocks) {
        HttpService service = new HttpService(rpcUrl);
        try {
            VoidResponse response = new Request<>("anvil_mine", List.of("0x" + Long.toHexString(blocks)), service,
                    VoidResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException("anvil_mine failed: " + response.getError().getMessage());
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl, e);
        } finally {
            try {
                service.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A stand-in CID: CIDv1, raw codec, sha2-256 of the label. */
    static Cid cid(String label) {
        return Cid.of(1, Cid.RAW, label.getBytes(StandardCharsets.UTF_8));
    }

    static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /**
     * Signs (legacy, 2 gwei) and sends a raw transaction from {@code sender}, waiting for its receipt:
     * {@code to == null} deploys {@code data} as init code.
     *
     * @throws IllegalStateException when the node rejects it or no receipt comes
     */
    public TransactionReceipt sendRaw(Credentials sender, String to, String data, long gasLimit) {
        RawTransactionManager manager = new RawTransactionManager(chain.web3j(), sender, chain.chainId());
        try {
            var sent = manager.sendTransaction(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(gasLimit), to,
                    data, BigInteger.ZERO, to == null);
            if (sent.hasError()) {
                throw new IllegalStateException("transaction rejected: " + sent.getError().getMessage());
            }
            return new PollingTransactionReceiptProcessor(chain.web3j(), 20, 500)
                    .waitForTransactionReceipt(sent.getTransactionHash());
        } catch (IOException | TransactionException e) {
            throw new IllegalStateException("transaction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        chain.close();
        anvil.close();
    }
}
