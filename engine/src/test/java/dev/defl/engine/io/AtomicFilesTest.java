package dev.defl.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFiles} on the real file system of the test machine. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesTheTargetCreatesItsDirectoryAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("sub/settings.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("new");
        assertThat(names(target.getParent())).containsExactly("settings.json");
    }

    @Test
    void filesAreOwnerOnlyOnPosix() throws Exception {
        Path bytes = dir.resolve("a.json");
        Path streamed = dir.resolve("b.bin");
        Path created = dir.resolve("c.json");
        AtomicFiles.write(bytes, new byte[] {1});
        AtomicFiles.write(streamed, out -> out.write(2));
        AtomicFiles.createNew(created, new byte[] {3});

        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            for (Path p : List.of(bytes, streamed, created)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void streamingWritesContentLargerThanItsBufferAndTheWriterMayCloseTheStream() throws Exception {
        byte[] content = new byte[3 * (1 << 16) + 123];
        new Random(7).nextBytes(content);
        Path target = dir.resolve("big.car");
        AtomicFiles.write(target, out -> {
            try (out) {
                for (int i = 0; i < content.length; i += 1000) out.write(content, i, Math.min(1000, content.length - i));
            }
        });

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(names(dir)).containsExactly("big.car");
    }

    @Test
    void aStreamingWriterThatThrowsLeavesTheOldTargetIntactAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("model.safetensors");
        Files.writeString(target, "the old content");
        IOException failure = new IOException("block 7 missing");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]); // past the buffer: part of it reached the temporary file
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("cancelled");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cancelled");

        assertThat(target).hasContent("the old content");
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void aStreamingWriterThatThrowsCreatesNoTarget() {
        Path target = dir.resolve("out.bin");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IOException("no such CID");
        })).hasMessage("no such CID");
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void createNewNeverReplacesAnExistingFile() throws Exception {
        Path target = dir.resolve("UTC--key.json");
        AtomicFiles.createNew(target, "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> AtomicFiles.createNew(target, "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("first");
        assertThat(names(dir)).containsExactly("UTC--key.json");
    }

    @Test
    void aStagedWriteIsInvisibleUntilMovedAndClosingItUnmovedDeletesItsTemporaryFile() throws Exception {
        Path target = dir.resolve("block.data");
        try (AtomicFiles.Staged staged = AtomicFiles.stage(target)) {
            staged.write("half a blo".getBytes(StandardCharsets.UTF_8));
            assertThat(target).doesNotExist();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.toList()).singleElement().matches(AtomicFiles::isTemporary, "a temporary file");
            }
        }
        assertThat(names(dir)).isEmpty();

        try (AtomicFiles.Staged staged = AtomicFiles.stage(target)) {
            staged.write("a block".getBytes(StandardCharsets.UTF_8));
            staged.force();
            staged.moveIntoPlace();
        }
        AtomicFiles.forceDirectory(dir);
        assertThat(target).hasContent("a block");
        assertThat(names(dir)).containsExactly("block.data");
    }

    @Test
    void temporaryNamesAreRecognizedAndTargetsAreNot() throws Exception {
        assertThat(AtomicFiles.isTemporary(Path.of(".put-12345.tmp"))).isTrue();
        assertThat(AtomicFiles.isTemporary(Path.of(".pin-1.tmp"))).isTrue();
        assertThat(AtomicFiles.isTemporary(Path.of("CIQA.data"))).isFalse();
        assertThat(AtomicFiles.isTemporary(Path.of("0xabc.json"))).isFalse();
        // a very long target name is cut in the temporary name, which stays a legal file name
        Path target = dir.resolve("x".repeat(250));
        AtomicFiles.write(target, new byte[] {1});
        assertThat(target).exists();
    }

    @Test
    void deleteRemovesTheFileAndIgnoresAMissingOne() throws Exception {
        Path target = dir.resolve("live.json");
        AtomicFiles.write(target, new byte[] {1});
        AtomicFiles.delete(target);
        AtomicFiles.delete(target);
        assertThat(target).doesNotExist();
    }

    private static List<String> names(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
