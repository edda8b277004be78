package dev.defl.ui.names;

import dev.defl.engine.runs.RunDatabase;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address book over a real SQLite run database: a label set through it shows at once and is written; a blank one
 * resets; a label written by another connection (another process) shows after the poll; without a database nothing
 * can be labelled. Runs on a synchronous executor (reads and results on the calling or polling thread).
 */
class AddressBookTest {

    static final String ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    @Test
    void setsResetsAndFollowsAnotherConnection(@TempDir Path dir) throws Exception {
        try (RunDatabase db = RunDatabase.open(dir); AddressBook book = new AddressBook(db, TaskExecutor.synchronous(), Duration.ofMillis(100))) {
            book.start();
            assertThat(book.editable()).isTrue();
            assertThat(book.label(ALICE)).isEmpty();
            assertThat(book.display(BOB)).isEqualTo("0x3C44Cd…4293BC");
            assertThat(book.describe(BOB)).isEqualTo(BOB);

            book.setLabel(ALICE.toUpperCase().replace("0X", "0x"), "  alice ");
            assertThat(book.label(ALICE)).isEqualTo("alice");
            assertThat(book.display(ALICE)).isEqualTo("alice");
            assertThat(book.withAddress(ALICE)).isEqualTo("alice (" + ALICE + ")");
            assertThat(db.names().labels()).containsEntry(ALICE, "alice");

            try (RunDatabase other = RunDatabase.open(dir)) {
                other.names().setLabel(BOB, "bob");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!book.label(BOB).equals("bob") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(book.label(BOB)).as("read after the poll").isEqualTo("bob");

            book.setLabel(ALICE, " ");
            assertThat(book.label(ALICE)).isEmpty();
            assertThat(db.names().labels()).doesNotContainKey(ALICE);

            assertThatThrownBy(() -> book.setLabel("0x1234", "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0x1234");
            assertThatThrownBy(() -> book.setLabel(ALICE, "x".repeat(AddressBook.MAX_LABEL + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        }
    }

    @Test
    void withoutADatabaseAddressesShowAsTheyAre() {
        AddressBook book = AddressBook.none();
        book.start();
        assertThat(book.editable()).isFalse();
        assertThat(book.display(ALICE)).isEqualTo("0x709979…dc79c8");
        assertThatThrownBy(() -> book.setLabel(ALICE, "alice")).isInstanceOf(IllegalStateException.class);
        book.close();
    }
}
