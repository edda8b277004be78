package dev.defl.app;

import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.workspace.Workspace;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How a peer reaches a network: {@code --chain URL} (any Ethereum JSON-RPC endpoint, checked against {@code --chain-id}),
 * {@code --ipfs URL[,URL…]} ({@link EndpointsOption}: IPFS nodes' RPC APIs or trustless gateways), {@code --keystore FILE} (a standard
 * encrypted Ethereum keystore; its password from {@code --password-file} or {@code --password-env}, else the console)
 * and {@code --data-dir} (this peer's own content store, checkpoints and transaction journal; one process per
 * directory).
 */
final class NetworkOption {

    @Option(names = {"--chain", "--rpc-url"}, paramLabel = "URL", required = true,
            description = "The chain's Ethereum JSON-RPC endpoint (http(s):// or ws(s)://; --chain and --rpc-url are the same option).")
    String chainUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "The chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    @Mixin
    EndpointsOption ipfs;

    @Option(names = "--keystore", paramLabel = "FILE", required = true,
            description = "Encrypted Ethereum keystore file (JSON, scrypt) of this peer's account.")
    Path keystore;

    @Mixin
    PasswordOption password;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "This peer's data directory (content store, checkpoints, transaction journal).")
    Path dataDir;

    /** The data directory: {@code --data-dir}, else {@code root}'s, else the default. */
    Path dir(DeflCommand root) {
        return dataDir != null ? dataDir : root.window.dataDir != null ? root.window.dataDir : DataDirectory.defaultPath();
    }

    /**
     * Unlocks the keystore.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a keystore, or the password is wrong
     */
    Credentials credentials(DeflCommand root) {
        if (!Files.isRegularFile(keystore)) {
            throw new IllegalArgumentException("--keystore " + keystore + ": no such file");
        }
        char[] secret = password.existing(keystore.toString(), root);
        try {
            return PeerSession.unlock(keystore, secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e); // "--keystore FILE: …", the option's name
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Opens the peer ({@link PeerSession#open(Workspace, Credentials, List, Duration)}): the data directory on the chain,
     * the content store on the IPFS endpoints, and the unlocked key; it waits for the transactions this peer journaled
     * before a crash, so nothing is sent twice.
     *
     * @throws IOException when the data directory is in use by another process
     * @throws IllegalArgumentException naming a bad option
     */
    PeerSession open(DeflCommand root) throws IOException {
        List<EndpointSpec> endpoints = ipfs.specs();
        Duration timeout = ipfs.timeout();
        Credentials account = credentials(root);
        Workspace workspace = Workspace.openWithChain(dir(root), ChainSettings.of(chainUrl).withExpectedChainId(chainId));
        PeerSession session = PeerSession.open(workspace, account, endpoints, timeout);
        if (!session.recovered().isEmpty()) {
            System.err.println("recovered " + session.recovered().size() + " transaction(s) journaled before the last stop");
        }
        return session;
    }

}
