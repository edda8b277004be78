package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl run} then {@code defl cat} on the bundled digits sample, through the real anvil and store. */
class CliRunTest {

    @TempDir
    Path dir;

    @Test
    void runWritesTheReportAndCatReturnsTheGlobalModel() throws Exception {
        Path report = dir.resolve("out/report.json");
        Path data = dir.resolve("data");
        var stdout = capture(() -> assertThat(DeflCommand.execute("run", "--dataset", "digits", "--clients", "3",
                "--rounds", "2", "--local-epochs", "2", "--batch-size", "16", "--seed", "7", "--data-dir", data.toString(),
                "--report", report.toString())).isZero());

        List<String> roundLines = stdout.lines().filter(l -> l.startsWith("round ")).toList();
        assertThat(roundLines).hasSize(2);
        assertThat(roundLines.getFirst()).contains("accuracy").contains("global baf").contains("gas");

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("chainId").asLong()).isEqualTo(31337);
        assertThat(json.get("contract").asText()).startsWith("0x").hasSize(42);
        JsonNode round = json.get("rounds").get(1);
        assertThat(round.get("round").asInt()).isEqualTo(2);
        assertThat(round.get("testAccuracy").asDouble()).isGreaterThan(0.8);
        assertThat(round.get("updates")).hasSize(3);
        for (String field : List.of("client", "cid", "numSamples", "txHash", "gasUsed")) {
            assertThat(round.get("updates").get(0).has(field)).as(field).isTrue();
        }
        assertThat(round.get("proposals").get(0).get("aggregator").asText()).startsWith("0x");
        assertThat(round.get("votes").get(0).get("voter").asText()).startsWith("0x");
        assertThat(round.get("finalizedBlock").asLong()).isPositive();

        String globalCid = round.get("globalModelCid").asText();
        var bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(bytes, true));
            assertThat(DeflCommand.execute("cat", globalCid, "--data-dir", data.toString())).isZero();
        } finally {
            System.setOut(old);
        }
        byte[] model = bytes.toByteArray();
        long headerLength = java.nio.ByteBuffer.wrap(model, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(model, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).contains("\"__metadata__\"").contains("\"0.weight\"");
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        var out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
