package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.InMemoryPinningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private record Outcome(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private static Outcome defl(Map<String, String> environment, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DeflCommand.execute(environment::get, args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Outcome defl(String... args) {
        return defl(Map.of("DEFL_PINNING_TOKEN", TOKEN), args);
    }

    private String url() {
        return service.endpoint().toString();
    }

    @Test
    void addWaitsUntilThePinIsSettled() {
        Outcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--name", "model",
                "--poll-interval", "10");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.lines()).singleElement().asString().matches("\\S+ pinned " + CID + " model");
    }

    @Test
    void addWithNoWaitReturnsTheQueuedRequest() {
        Outcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--no-wait");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.lines()).singleElement().asString().matches("\\S+ queued " + CID);
    }

    @Test
    void aFailedPinExitsWithOne() {
        service.failPinsOf(CID);

        Outcome add = defl("pin", "remote", "add", CID.toString(), "--service", url(), "--poll-interval", "10");

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

        Outcome rm = defl("pin", "remote", "rm", requestId, "--service", url());
        assertThat(rm.exitCode()).as(rm.stderr()).isZero();
        assertThat(rm.stdout()).isEqualTo("removed " + requestId + System.lineSeparator());
        assertThat(service.size()).isZero();
    }

    @Test
    void theTokenComesFromTheVariableTokenEnvNames() {
        Outcome add = defl(Map.of("MY_PSA", TOKEN), "pin", "remote", "add", CID.toString(), "--service", url(),
                "--token-env", "MY_PSA", "--no-wait");

        assertThat(add.exitCode()).as(add.stderr()).isZero();
    }

    @Test
    void aMissingTokenVariableIsNamed() {
        Outcome add = defl(Map.of(), "pin", "remote", "add", CID.toString(), "--service", url());

        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.stderr()).contains("DEFL_PINNING_TOKEN is not set");
        assertThat(service.size()).isZero();
    }

    @Test
    void aWrongTokenFailsWithoutQuotingIt() {
        Outcome ls = defl(Map.of("DEFL_PINNING_TOKEN", "wrong-token"), "pin", "remote", "ls", "--service", url());

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.stderr()).startsWith("pin remote ls: error:").contains("401").doesNotContain("wrong-token");
    }

    @Test
    void anUnknownStatusIsNamed() {
        Outcome ls = defl("pin", "remote", "ls", "--service", url(), "--status", "done");

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.stderr()).contains("--status").contains("'done'");
    }

    @Test
    void helpSaysTheTokenIsReadOnlyFromTheEnvironment() {
        Outcome help = defl("pin", "remote", "add", "--help");

        assertThat(help.stdout()).contains("DEFL_PINNING_TOKEN").contains("--token-env").doesNotContain("--token ");
    }
}
