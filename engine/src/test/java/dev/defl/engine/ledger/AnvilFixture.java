package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/** A real anvil on a free port with a chain connection, for the contract tests. */
final class AnvilFixture implements AutoCloseable {
    final AnvilProcess anvil;
    final ChainConnection chain;

    AnvilFixture(Path dir) {
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
    }

    /** Mines {@code blocks} empty blocks ({@code anvil_mine}), to pass a deadline. */
    void mine(long blocks) {
        HttpService service = new HttpService(anvil.rpcUrl());
        try {
            VoidResponse response = new Request<>("anvil_mine", List.of("0x" + Long.toHexString(blocks)), service,
                    VoidResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException("anvil_mine failed: " + response.getError().getMessage());
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(anvil.rpcUrl(), e);
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

    @Override
    public void close() {
        chain.close();
        anvil.close();
    }
}
