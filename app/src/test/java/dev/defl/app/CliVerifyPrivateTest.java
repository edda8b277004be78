package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl run --private-updates} on the bundled digits (3 clients, 2 aggregators, 2 rounds; real engine, embedded
 * anvil and store), then {@code defl verify} on its data directory: with an aggregator's key ({@code --account} from
 * the data directory's keystore, or {@code --keystore FILE}) every round OK; without a key every round ENCRYPTED and
 * exit code 0; an outsider's key refused in one line naming the committee; and, last, an envelope removed from the
 * store for real ({@code defl pin rm} + {@code defl gc}) reported as UNAVAILABLE naming its client and CID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliVerifyPrivateTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path password;
    static JsonNode report;
    /** The run's aggregators are dev accounts 4 and 5 (after the owner and the 3 clients); 20 is an outsider. */
    static final Credentials AGGREGATOR = DevAccounts.account(4);
    static final Credentials OUTSIDER = DevAccounts.account(20);
    static Path aggregatorKeystore;

    @BeforeAll
    static void run() throws Exception {
        data = dir.resolve("data");
        Path reportFile = dir.resolve("report.json");
        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "3", "--aggregators", "2", "--rounds", "2",
                "--local-epochs", "1", "--seed", "7", "--private-updates", "--data-dir", data.toString(),
                "--report", reportFile.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        report = new ObjectMapper().readTree(reportFile.toFile());
        password = dir.resolve("password.txt");
        Files.writeString(password, "committee-secret\n");
        aggregatorKeystore = importKey(AGGREGATOR);
        importKey(OUTSIDER);
    }

    /** Imports a dev account's key into the data directory's keystore; returns its keystore file. */
    private static Path importKey(Credentials account) throws Exception {
        Path keyFile = dir.resolve(account.getAddress() + ".key");
        Files.writeString(keyFile, Numeric.toHexStringNoPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64) + "\n");
        CliOutcome imported = defl("account", "import", keyFile.toString(), "--light-kdf", "--data-dir", data.toString(),
                "--password-file", password.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        return Path.of(imported.stdout().strip().split(" ")[2]);
    }

    private static String global(int round) {
        return report.get("rounds").get(round - 1).get("globalModelCid").asText();
    }

    private static String committee() {
        return java.util.stream.Stream.of(DevAccounts.account(4), DevAccounts.account(5))
                .map(c -> c.getAddress().toLowerCase(Locale.ROOT)).sorted().reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    @Test
    @Order(1)
    void withoutAKeyEveryRoundIsEncryptedCheckedWithoutRecomputingAndTheExitCodeIsZero() {
        CliOutcome verify = defl("verify", "--task", report.get("taskId").asText(), "--data-dir", data.toString());

        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.lines()).hasSize(2);
        for (int r = 1; r <= 2; r++) {
            assertThat(verify.lines().get(r - 1)).isEqualTo("round " + r + " ENCRYPTED finalized " + global(r)
                    + " recomputed (none): updates encrypted, not recomputed (no committee key): 3 envelopes present"
                    + " and sealed for the committee of 2; the finalized model reads back with the task's shapes");
        }
        assertThat(verify.stderr()).contains("verify: note: the task's updates are encrypted for the committee ("
                + committee() + ") and no committee key was given");
    }

    @Test
    @Order(2)
    void withAnAggregatorsAccountOrKeystoreEveryRoundIsRecomputedOk() {
        String address = AGGREGATOR.getAddress();
        for (String[] key : new String[][]{{"--account", address}, {"--keystore", aggregatorKeystore.toString()}}) {
            CliOutcome verify = defl("verify", "--task", report.get("taskId").asText(), "--data-dir", data.toString(),
                    key[0], key[1], "--password-file", password.toString());

            assertThat(verify.exitCode()).as(verify.stderr()).isZero();
            assertThat(verify.lines()).containsExactly("round 1 OK " + global(1), "round 2 OK " + global(2));
            assertThat(verify.stderr()).contains("verify: note: the task's updates are encrypted for the committee ("
                    + committee() + "): opened with the key of " + address.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    @Order(3)
    void anOutsidersKeyIsRefusedInOneLineNamingTheCommittee() {
        CliOutcome verify = defl("verify", "--task", report.get("taskId").asText(), "--data-dir", data.toString(),
                "--account", OUTSIDER.getAddress(), "--password-file", password.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stdout()).isEmpty();
        assertThat(verify.stderr().strip()).isEqualTo("verify: error: account " + OUTSIDER.getAddress().toLowerCase(Locale.ROOT)
                + " is not on the committee of task 1 on contract " + report.get("contract").asText() + " (it is not an"
                + " aggregator of the task): the updates are sealed for " + committee() + "; without a key the rounds are"
                + " checked without recomputing");
    }

    @Test
    @Order(3)
    void aWrongPasswordNamesTheAccount() throws Exception {
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "not-it\n");
        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString(), "--account", AGGREGATOR.getAddress(),
                "--password-file", wrong.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stderr().strip()).startsWith("verify: error: --account " + AGGREGATOR.getAddress() + ": wrong password")
                .doesNotContain("\n");
    }

    @Test
    @Order(4) // last: removes an update's envelope from the store
    void anEnvelopeGarbageCollectedFromTheStoreIsUnavailableNamingClientAndCidAndExitCodeThree() {
        JsonNode lost = report.get("rounds").get(1).get("updates").get(0);
        String cid = lost.get("cid").asText();
        assertThat(defl("pin", "rm", cid, "--data-dir", data.toString()).exitCode()).isZero();
        assertThat(defl("gc", "--data-dir", data.toString()).exitCode()).isZero();

        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString());

        assertThat(verify.exitCode()).isEqualTo(VerifyCommand.EXIT_INCOMPLETE);
        assertThat(verify.lines()).hasSize(2);
        assertThat(verify.lines().get(0)).startsWith("round 1 ENCRYPTED finalized " + global(1));
        assertThat(verify.lines().get(1)).startsWith("round 2 UNAVAILABLE finalized " + global(2) + " recomputed (none): update ")
                .contains(" of round 2 from client " + lost.get("client").asText().toLowerCase(Locale.ROOT) + ": CID " + cid
                        + " is not in the content store");
    }
}
