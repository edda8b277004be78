package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.engine.content.remotepin.InMemoryPinningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl pin remote add|ls|rm} against the engine's {@link InMemoryPinningService} (a real HTTP server
 * implementing the Pinning Service API, from the engine's test-jar); the token comes from a given
 * environment.
 */
class CliRemotePinTest {

    private static final String TOKEN = "s3cret-token";
    private static final Cid CID = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

    private InMemoryPinningService service;

    @BeforeEach
    void start() throws Exception {
        service = new InMemoryPinningService(TOKEN, 1);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private CliOutcome defl(String... args) {
        return CliOutcome.defl(Map.of("DEFL_PINNING_TOKEN", TOKEN), args);
    }

    private String url() {
        return service.endpoint().toString();
    }

    @Test
    void addWaitsUntilThePinIsSettled() {
        CliOutcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--name", "model",
                "--poll-interval", "10");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.lines()).singleElement().asString().matches("\\S+ pinned " + CID + " model");
    }

    @Test
    void addWithNoWaitReturnsTheQueuedRequest() {
        CliOutcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--no-wait");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.lines()).singleElement().asString().matches("\\S+ queued " + CID);
    }

    @Test
    void aFailedPinExitsWithOne() {
        service.failPinsOf(CID);

        CliOutcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--poll-interval", "10");

        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.stdout()).contains(" failed " + CID);
        assertThat(add.stderr()).contains("failed to pin " + CID);
    }

    @Test
    void lsFiltersByStatusAndRmRemovesARequest() {
        String requestId = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--no-wait")
                .stdout().split(" ")[0];

        assertThat(defl("pin", "remote", "ls", "--service", url()).lines()).isEmpty(); // default: pinned only
        assertThat(defl("pin", "remote", "ls", "--service", url(), "--status", "queued,pinning").lines())
                .containsExactly(requestId + " queued " + CID);

        CliOutcome rm = defl("pin", "remote", "rm", requestId, "--service", url());
        assertThat(rm.exitCode()).as(rm.stderr()).isZero();
        assertThat(rm.stdout()).isEqualTo("removed " + requestId + System.lineSeparator());
        assertThat(service.size()).isZero();
    }

    @Test
    void theTokenComesFromTheVariableTokenEnvNames() {
        CliOutcome add = CliOutcome.defl(Map.of("MY_PSA", TOKEN), "pin", "remote", "add", CID.toString(), "--service", url(),
                "--token-env", "MY_PSA", "--no-wait");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
    }

    @Test
    void aMissingTokenVariableIsNamed() {
        CliOutcome add = CliOutcome.defl(Map.of(), "pin", "remote", "add", CID.toString(), "--service", url());

        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.stderr()).contains("DEFL_PINNING_TOKEN is not set");
        assertThat(service.size()).isZero();
    }

    @Test
    void aWrongTokenFailsWithoutQuotingIt() {
        CliOutcome ls = CliOutcome.defl(Map.of("DEFL_PINNING_TOKEN", "wrong-token"), "pin", "remote", "ls", "--service", url());

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.stderr()).startsWith("pin remote ls: error:").contains("401").doesNotContain("wrong-token");
    }

    @Test
    void anUnknownStatusIsNamed() {
        CliOutcome ls = defl("pin", "remote", "ls", "--service", url(), "--status", "done");

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.stderr()).contains("--status").contains("'done'");
    }

    @Test
    void helpSaysTheTokenIsReadOnlyFromTheEnvironment() {
        CliOutcome help = defl("pin", "remote", "add", "--help");

        assertThat(help.stdout()).contains("DEFL_PINNING_TOKEN").contains("--token-env").doesNotContain("--token ");
    }

    @Test
    void anUnreachableServiceIsNamedWithTheCause() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String dead = "http://127.0.0.1:" + port;

        CliOutcome ls = defl("pin", "remote", "ls", "--service", dead);

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.stderr().strip()).startsWith("pin remote ls: error: pinning service " + dead)
                .contains("cannot connect: connection refused").doesNotContain("null");
    }

    @Test
    void dataDirIsAcceptedAndItsSavedServiceUsedWithoutService(@TempDir Path dir) throws IOException {
        CliOutcome given = defl("pin", "remote", "ls", "--service", url(), "--data-dir", dir.toString());
        assertThat(given.exitCode()).as(given.stderr()).isZero();

        CliOutcome unsaved = defl("pin", "remote", "ls", "--data-dir", dir.toString());
        assertThat(unsaved.exitCode()).isEqualTo(1);
        assertThat(unsaved.stderr()).contains("no --service URL given, and no pinning service saved in "
                + PinningServiceSettings.fileIn(dir));

        PinningServiceSettings.save(PinningServiceSettings.fileIn(dir), URI.create(url()));
        defl("pin", "remote", "add", CID.toString(), "--service", url(), "--no-wait");
        CliOutcome saved = defl("pin", "remote", "ls", "--data-dir", dir.toString(), "--status", "queued,pinning,pinned");
        assertThat(saved.exitCode()).as(saved.stderr()).isZero();
        assertThat(saved.stdout()).contains(CID.toString());
    }
}
