package dev.defl.engine.service;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.network.InvalidSettingException;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.WrongChainException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.WalletUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Network sessions on a real anvil with a real (light-scrypt) keystore of dev account 1; settings files on disk. */
class PeerSessionTest {
    @TempDir
    static Path shared;
    static AnvilFixture fixture;
    static Path keystore;

    @TempDir
    Path dir;

    @BeforeAll
    static void startChainAndWriteKeystore() throws Exception {
        fixture = new AnvilFixture(shared);
        Path keys = Files.createDirectories(shared.resolve("keys"));
        keystore = keys.resolve(WalletUtils.generateWalletFile("secret", DevAccounts.account(1).getEcKeyPair(),
                keys.toFile(), false));
    }

    @AfterAll
    static void stopChain() {
        fixture.close();
    }

    private NetworkSettings settings(long chainId, Path key) {
        return new NetworkSettings(fixture.anvil.rpcUrl(), chainId, List.of(), key, Duration.ofSeconds(5));
    }

    @Test
    void opensTheChainUnlocksTheKeyAndJournalsTransactionsUnderTheDataDirectory() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        try (PeerSession session = PeerSession.open(settings(fixture.chain.chainId(), keystore),
                     "secret".toCharArray(), dir, store)) {
            assertThat(session.account().getAddress()).isEqualToIgnoringCase(DevAccounts.account(1).getAddress());
            assertThat(session.chain().chainId()).isEqualTo(fixture.chain.chainId());
            assertThat(session.recovered()).isEmpty();
            assertThat(session.pendingJournal().directory())
                    .isEqualTo(dir.toAbsolutePath().resolve("chain/pending/" + fixture.chain.chainId()));
            TaskContract deployed = session.deployContract();
            TaskContract same = session.contract(deployed.address());
            assertThat(same.taskCount()).isZero();
            assertThat(session.nodeDirectory(deployed.address(), 1, Role.CLIENT).startsWith(dir.toAbsolutePath())).isTrue();
            assertThat(session.content().local()).isSameAs(store);
        }
    }

    @Test
    void theStoreStaysOpenAfterTheSessionCloses() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        {
            PeerSession.open(settings(0, keystore), "secret".toCharArray(), dir, store).close();
            assertThat(store.add("still open".getBytes())).isNotNull();
        }
    }

    @Test
    void aWrongPasswordIsReportedNamingTheKeystore() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        {
            assertThatThrownBy(() -> PeerSession.open(settings(0, keystore), "guess".toCharArray(), dir, store))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(keystore.toString())
                    .hasMessageContaining("wrong password");
        }
    }

    @Test
    void aFileThatIsNotAKeystoreIsReportedNamingIt() throws Exception {
        Path notKey = Files.writeString(dir.resolve("notes.json"), "{\"hello\": 1}");
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        {
            assertThatThrownBy(() -> PeerSession.open(settings(0, notKey), "secret".toCharArray(), dir, store))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(notKey.toString());
            assertThatThrownBy(() -> PeerSession.open(settings(0, dir.resolve("missing.json")),
                    "secret".toCharArray(), dir, store))
                    .hasMessageContaining("missing.json").hasMessageContaining("no such file");
        }
    }

    @Test
    void aChainWithAnotherIdIsRefused() throws Exception {
        long other = fixture.chain.chainId() + 1;
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        {
            assertThatThrownBy(() -> PeerSession.open(settings(other, keystore), "secret".toCharArray(), dir, store))
                    .isInstanceOf(WrongChainException.class)
                    .hasMessageContaining(Long.toString(other));
        }
    }

    @Test
    void settingsRoundTripThroughNetworkJsonWithoutAPassword() throws IOException {
        NetworkSettings settings = new NetworkSettings("http://127.0.0.1:8545", 31337,
                EndpointSpec.parseList("http://127.0.0.1:5001,gateway:https://ipfs.example"), keystore,
                Duration.ofMillis(2500));
        Path file = NetworkSettings.fileIn(dir);
        settings.save(file);
        assertThat(NetworkSettings.load(file)).contains(settings);
        assertThat(Files.readString(file)).doesNotContainIgnoringCase("password").doesNotContain("secret");
        assertThat(NetworkSettings.load(dir.resolve("absent.json"))).isEmpty();
    }

    @Test
    void badSettingsNameTheirField() throws IOException {
        assertThatThrownBy(() -> NetworkSettings.parse("ftp://x", "0", "", "k.json", "30"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo(NetworkSettings.FIELD_CHAIN_URL));
        assertThatThrownBy(() -> NetworkSettings.parse("http://h:1", "x1", "", "k.json", "30"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo(NetworkSettings.FIELD_CHAIN_ID));
        assertThatThrownBy(() -> NetworkSettings.parse("http://h:1", "1", "http://a:5001,nonsense", "k.json", "30"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo(NetworkSettings.FIELD_IPFS))
                .hasMessageContaining("entry 2");
        assertThatThrownBy(() -> NetworkSettings.parse("http://h:1", "1", "", " ", "30"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo(NetworkSettings.FIELD_KEYSTORE));
        assertThatThrownBy(() -> NetworkSettings.parse("http://h:1", "1", "", "k.json", "-3"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo(NetworkSettings.FIELD_IPFS_TIMEOUT));
        Path file = Files.writeString(dir.resolve("network.json"), "{\"chainUrl\": \"http://h:1\", \"chainId\": \"x\"}");
        assertThatThrownBy(() -> NetworkSettings.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("chainId");
    }
}
