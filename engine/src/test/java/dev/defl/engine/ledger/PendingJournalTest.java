package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of signed, not yet mined transactions, on the real file system: written through {@link AtomicFiles}. */
class PendingJournalTest {
    private static final String FROM = "0x00000000000000000000000000000000000000aB";
    private static final String FILE = "0x00000000000000000000000000000000000000ab.json";

    @TempDir
    Path dir;

    @Test
    void everyChangeReplacesTheFileByRenameLeavesNoTemporaryFileAndSurvivesAReopen() throws Exception {
        PendingJournal journal = PendingJournal.open(dir);
        journal.add(tx("0x01", 5));
        Object firstInode = inode(dir.resolve(FILE));
        journal.add(tx("0x02", 6));

        // a new file renamed over the old one (temporary file, fsync, rename), not the old file rewritten in place
        assertThat(inode(dir.resolve(FILE))).isNotEqualTo(firstInode);
        assertThat(names()).containsExactly(FILE);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(FILE)))).isEqualTo("rw-------");
        }
        PendingJournal reopened = PendingJournal.open(dir);
        assertThat(reopened.accounts()).containsExactly("0x00000000000000000000000000000000000000ab");
        assertThat(reopened.pending(FROM)).extracting(PendingTransaction::hash).containsExactly("0x01", "0x02");
    }

    @Test
    void forgettingTheLastTransactionDeletesTheFile() {
        PendingJournal journal = PendingJournal.open(dir);
        journal.add(tx("0x01", 5));
        journal.remove(FROM, "0x01");

        assertThat(names()).isEmpty();
        assertThat(journal.pending(FROM)).isEmpty();
    }

    @Test
    void theTemporaryFileOfAKilledWriteIsNeitherAnAccountNorItsJournal() throws Exception {
        PendingJournal journal = PendingJournal.open(dir);
        journal.add(tx("0x01", 5));
        Files.writeString(dir.resolve("." + FILE + ".4242.tmp"), "[{\"hash\": \"0x02\", \"non"); // killed mid-write

        assertThat(journal.accounts()).containsExactly("0x00000000000000000000000000000000000000ab");
        assertThat(journal.pending(FROM)).extracting(PendingTransaction::hash).containsExactly("0x01");
    }

    private static PendingTransaction tx(String hash, long nonce) {
        return new PendingTransaction(hash, FROM, nonce, "0xf86c" + nonce, Instant.parse("2026-12-07T02:00:00Z"));
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, "unix:ino").get("ino");
    }

    private List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
