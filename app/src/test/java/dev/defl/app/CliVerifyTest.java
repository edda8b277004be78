package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.FileBlockStore;
import dev.defl.engine.ledger.AnvilProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl run} on the bundled digits (3 clients, 2 rounds), then {@code defl verify} on its data directory:
 * every round OK; bad task ids and contracts refused in one line; and, last, an update removed from the store for
 * real ({@code defl pin rm} + {@code defl gc}) reported as UNAVAILABLE naming its CID; a damaged block of a finalized
 * model reported as CORRUPT (issue 12 F8: it used to pass, the model never being read).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliVerifyTest {
    @TempDir
    static Path dir;
    static Path data;
    static JsonNode report;

    @BeforeAll
    static void run() throws Exception {
        data = dir.resolve("data");
        Path reportFile = dir.resolve("report.json");
        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "3", "--rounds", "2", "--local-epochs", "1",
                "--seed", "7", "--data-dir", data.toString(), "--report", reportFile.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        report = new ObjectMapper().readTree(reportFile.toFile());
    }

    private static String global(int round) {
        return report.get("rounds").get(round - 1).get("globalModelCid").asText();
    }

    @Test
    @Order(1)
    void everyRoundOfARunTaskVerifiesAndTheExitCodeIsZero() {
        CliOutcome verify = defl("verify", "--task", report.get("taskId").asText(), "--data-dir", data.toString());

        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.lines()).containsExactly("round 1 OK " + global(1), "round 2 OK " + global(2));
        assertThat(verify.stderr()).contains("verify: task 1 on contract " + report.get("contract").asText())
                .doesNotContain("note");
    }

    @Test
    @Order(2)
    void aCommitteeKeyForAPublicTaskIsNotUnlockedNorUsed() {
        // no such account in the keystore: asked for, it would fail; a public task never asks
        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString(), "--account",
                "0x00000000000000000000000000000000000000bb");

        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.lines()).containsExactly("round 1 OK " + global(1), "round 2 OK " + global(2));
        assertThat(verify.stderr()).contains("verify: note: the task's updates are public: the committee key given is not used");
    }

    @Test
    @Order(2)
    void anUnknownTaskIdIsOneLineAndExitCodeOne() {
        CliOutcome verify = defl("verify", "--task", "5", "--data-dir", data.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stdout()).isEmpty();
        assertThat(verify.stderr().strip()).isEqualTo("verify: error: task 5 does not exist on contract "
                + report.get("contract").asText() + " (it has 1 task)");
    }

    @Test
    @Order(3)
    void aContractAddressWithoutCodeIsOneLineAndExitCodeOne() {
        String nobody = "0x00000000000000000000000000000000000000aa";
        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString(), "--contract", nobody);

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stderr().strip()).startsWith("verify: error: no contract code at " + nobody).doesNotContain("\n");
    }

    @Test
    @Order(3)
    void aDataDirectoryWithoutAStoreIsRefused() {
        Path empty = dir.resolve("empty");
        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", empty.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stderr().strip()).isEqualTo("verify: error: no content store at " + empty.resolve("ipfs")
                + " (wrong --data-dir?)");
    }

    @Test
    @Order(4)
    void aTaskOnAnExternalChainVerifiesWithRpcUrlAndAnExplicitContract() {
        try (AnvilProcess anvil = AnvilProcess.start(dir.resolve("external-anvil.json"), 0)) {
            Path external = dir.resolve("external");
            CliOutcome run = defl("run", "--dataset", "digits", "--clients", "2", "--rounds", "2", "--local-epochs", "1",
                    "--seed", "3", "--data-dir", external.toString(), "--rpc-url", anvil.rpcUrl());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String contract = run.lines().stream().filter(l -> l.startsWith("chain ")).findFirst().orElseThrow()
                    .replaceAll(".*task contract ", "");

            CliOutcome verify = defl("verify", "--task", "1", "--data-dir", external.toString(), "--rpc-url", anvil.rpcUrl(),
                    "--chain-id", "31337", "--contract", contract);

            assertThat(verify.exitCode()).as(verify.stderr()).isZero();
            assertThat(verify.lines()).hasSize(2).allMatch(l -> l.matches("round [12] OK baf[a-z2-7]+"));
        }
    }

    @Test
    @Order(5) // damages a block, then restores it
    void aCorruptFinalizedModelIsCorruptNotOkAndExitCodeThree() throws Exception {
        Cid model = Cid.parse(global(2));
        Path block = new FileBlockStore(data.resolve("ipfs").resolve("blocks")).blockPath(model);
        byte[] intact = Files.readAllBytes(block);
        byte[] damaged = intact.clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(block, damaged);
        try {
            CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString());

            assertThat(verify.exitCode()).as(verify.stderr()).isEqualTo(VerifyCommand.EXIT_INCOMPLETE);
            assertThat(verify.lines()).hasSize(2);
            assertThat(verify.lines().get(0)).isEqualTo("round 1 OK " + global(1));
            assertThat(verify.lines().get(1)).startsWith("round 2 CORRUPT finalized " + model + " recomputed " + model
                    + ": the global model finalized in round 2: CID " + model + " failed hash verification");
        } finally {
            Files.write(block, intact);
        }
    }

    @Test
    @Order(6) // last: removes an update from the store
    void anUpdateGarbageCollectedFromTheStoreIsUnavailableNamingItsCidAndExitCodeThree() {
        JsonNode lost = report.get("rounds").get(1).get("updates").get(0);
        String cid = lost.get("cid").asText();
        assertThat(defl("pin", "rm", cid, "--data-dir", data.toString()).exitCode()).isZero();
        assertThat(defl("gc", "--data-dir", data.toString()).exitCode()).isZero();

        CliOutcome verify = defl("verify", "--task", "1", "--data-dir", data.toString());

        assertThat(verify.exitCode()).isEqualTo(VerifyCommand.EXIT_INCOMPLETE);
        assertThat(verify.lines()).hasSize(2);
        assertThat(verify.lines().get(0)).isEqualTo("round 1 OK " + global(1));
        assertThat(verify.lines().get(1)).startsWith("round 2 UNAVAILABLE finalized " + global(2) + " recomputed (none): "
                + "update 0 (of 3) of round 2 from client " + lost.get("client").asText().toLowerCase())
                .contains("CID " + cid + " is not in the content store");
    }
}
