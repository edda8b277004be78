package dev.defl.ui;

import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.keys.KnownKey;
import dev.defl.engine.keys.KnownKeys;
import dev.defl.engine.keys.SealingContentStore;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.ui.ipfs.PinRow;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static dev.defl.ui.IpfsPaneTest.fx;
import static dev.defl.ui.IpfsPaneTest.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPFS pane over a real embedded store holding a file encrypted (a real envelope, sealed by the engine's
 * {@link SealingContentStore}) for two anvil dev accounts and a plain file: the "Encrypted for" column names the
 * recipients from the envelope header (one by its address-book label, the other, this peer's own account in the data
 * directory's known keys, as "you"), the plain row stays empty, and the preview of the encrypted file names its
 * recipients instead of showing ciphertext.
 */
class IpfsPaneEncryptedContentTest extends WorkbenchHarness {

    /** anvil's first two dev accounts (public test keys, never used for value). */
    static final Credentials ALICE = Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    static final Credentials BOB = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    @TempDir
    Path dataDir;

    @Override
    protected WorkbenchServices services(Executor background) {
        RunDatabase runs = RealEngine.runDatabase(dataDir);
        try {
            runs.names().setLabel(ALICE.getAddress(), "alice");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // the store's data directory (its parent) knows BOB as its own account, as `defl account new` records it
            KnownKeys.open(scratchContentStore().root().getParent()).add(KeyStatement.sign(BOB), KnownKey.Origin.OWN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return RealEngine.services(background, scratchContentStore()).withRuns(runs);
    }

    @Test
    void theEncryptedForColumnNamesTheRecipientsAndThePreviewShowsNoCiphertext(FxRobot robot) throws Exception {
        byte[] secret = "client 3's private shard\n".repeat(2000).getBytes(StandardCharsets.UTF_8); // 50 KB, one leaf
        Cid sealed = new SealingContentStore(scratchContentStore(), List.of(Recipient.of(ALICE.getEcKeyPair()),
                Recipient.of(BOB.getEcKeyPair()))).add(secret);
        Cid plain = scratchContentStore().add("public notes\n".getBytes(StandardCharsets.UTF_8));
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));

        TableView<PinRow> table = table(robot);
        waitUntil(30, () -> fx(() -> table.getItems().size() == 2));
        PinRow encryptedRow = fx(() -> table.getItems().stream().filter(r -> r.cid().equals(sealed.toString())).findFirst().orElseThrow());
        PinRow plainRow = fx(() -> table.getItems().stream().filter(r -> r.cid().equals(plain.toString())).findFirst().orElseThrow());
        String alice = ALICE.getAddress().toLowerCase();
        String bob = BOB.getAddress().toLowerCase();
        assertThat(encryptedRow.encryptedFor()).containsExactlyInAnyOrder(alice, bob);
        assertThat(plainRow.encrypted()).isFalse();

        // the column's cells: the labelled recipient by its label, the other shortened, the plain row empty
        waitUntil(30, () -> fx(() -> cellTexts(robot).contains("2: alice, you")));
        assertThat(fx(() -> cellTexts(robot))).containsExactlyInAnyOrder("2: alice, you", "");

        robot.interact(() -> table.getSelectionModel().select(encryptedRow));
        TextArea preview = robot.lookup("#ipfsPreviewText").queryAs(TextArea.class);
        waitUntil(30, () -> fx(() -> preview.isVisible() && preview.getText().startsWith("Encrypted for 2 recipients (49 KiB of data):\n")));
        String text = fx(preview::getText);
        assertThat(text).contains("\n  alice (" + alice + ")\n  you (" + bob + ")\n").doesNotContain("private shard");

        // the filter finds encrypted roots by the word and by a recipient's address
        TextField filter = robot.lookup("#ipfsFilter").queryAs(TextField.class);
        robot.interact(() -> filter.setText("encrypted"));
        assertThat(fx(() -> table.getItems().stream().map(PinRow::cid).toList())).containsExactly(sealed.toString());
        robot.interact(() -> filter.setText(bob.substring(2, 12)));
        assertThat(fx(() -> table.getItems().stream().map(PinRow::cid).toList())).containsExactly(sealed.toString());
    }

    /** The texts of the non-empty rows' "Encrypted for" cells. */
    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup(".encrypted-for-cell").queryAllAs(IndexedCell.class).stream()
                .filter(c -> !c.isEmpty())
                .map(c -> c.getText() == null ? "" : c.getText())
                .toList();
    }
}
