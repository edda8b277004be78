package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesOnlyWholeBlocks() throws Exception {
        killWriterAndCheck("single");
    }

    @Test
    void killedBatchWriterLeavesOnlyWholeBlocksAndEveryCommittedOne() throws Exception {
        killWriterAndCheck("batch");
    }

    private void killWriterAndCheck(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BlockWriterProcess.class.getName(), dir.toString(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Cid> confirmed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            while (confirmed.size() < 20) {
                String line = out.readLine();
                assertThat(line).as("writer output").isNotNull().startsWith("put ");
                confirmed.add(Cid.parse(line.substring(4)));
            }
            writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.destroyForcibly();
        }

        FileBlockStore reopened = new FileBlockStore(dir);
        List<Multihash> present = reopened.multihashes();
        assertThat(present).hasSizeGreaterThanOrEqualTo(confirmed.size());
        assertThat(reopened.blockCount()).isEqualTo(present.size());
        assertThat(reopened.sizeBytes()).isEqualTo(present.size() * 262_144L);
        for (Multihash multihash : present) {
            reopened.get(new Cid(1, Cid.RAW, multihash)); // throws if a block were torn
        }
        for (Cid cid : confirmed) {
            assertThat(reopened.has(cid)).isTrue();
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void multihashesListsEveryStoredBlock() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        List<Multihash> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] block = ("block " + i).getBytes(StandardCharsets.US_ASCII);
            store.put(Cid.of(1, Cid.RAW, block), block);
            expected.add(Multihash.sha256(block));
        }
        assertThat(store.multihashes()).containsExactlyInAnyOrderElementsOf(expected);
    }
}
