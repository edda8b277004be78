package dev.defl.ui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Middle-ellipsis hashes with a Copy action, and relative ages (headless Monocle, the real system clipboard). */
@ExtendWith(ApplicationExtension.class)
class HashAndAgeWidgetsTest {

    static final String CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    static final String ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void hashesKeepTheirStartAndEnd() {
        assertThat(CidText.shorten(CID)).isEqualTo("bafkreih…quvyku");
        assertThat(CidText.shorten(ADDRESS)).isEqualTo("0x5FbDB2…180aa3");
        assertThat(CidText.shorten("0x1234")).isEqualTo("0x1234");
        assertThat(CidText.shorten(null)).isEmpty();
        String header = "Chain id 31337 · contract " + ADDRESS.toLowerCase() + " · http://127.0.0.1:8545";
        assertThat(CidText.shortenHashesIn(header)).isEqualTo("Chain id 31337 · contract 0x5fbdb2…180aa3 · http://127.0.0.1:8545");
        assertThat(CidText.hashesIn(header + " model " + CID)).containsExactly(ADDRESS.toLowerCase(), CID);
    }

    @Test
    void aHashCellShowsTheShortFormTheFullValueOnHoverAndCopiesTheFullValue(FxRobot robot) {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            TableView<String> table = new TableView<>();
            table.setId("hashes");
            TableColumn<String, String> col = new TableColumn<>("Address");
            col.setPrefWidth(160);
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()));
            col.setCellFactory(c -> new CidCell<>("address"));
            table.getColumns().add(col);
            table.getItems().addAll(ADDRESS, CID);
            HashLabel label = new HashLabel(CID);
            label.setId("hashLabel");
            stage.setScene(new Scene(new VBox(table, label), 400, 300));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        CidCell<String> cell = (CidCell<String>) robot.lookup(".cid-cell").match(n -> ADDRESS.equals(((CidCell<?>) n).getItem()))
                .query();
        assertThat(cell.getText()).isEqualTo("0x5FbDB2…180aa3");
        assertThat(cell.getTooltip().getText()).isEqualTo(ADDRESS);
        MenuItem copy = cell.getContextMenu().getItems().getFirst();
        assertThat(copy.getText()).isEqualTo("Copy address");
        WaitForAsyncUtils.waitForAsyncFx(5_000, () -> {
            Clipboard.getSystemClipboard().clear();
            copy.fire();
            assertThat(Clipboard.getSystemClipboard().getString()).isEqualTo(ADDRESS);
        });

        HashLabel label = robot.lookup("#hashLabel").queryAs(HashLabel.class);
        assertThat(label.shownText()).isEqualTo("bafkreih…quvyku");
        assertThat(label.label().getTooltip().getText()).isEqualTo(CID);
        robot.clickOn(robot.lookup(".copy-button").queryAs(Button.class));
        WaitForAsyncUtils.waitForAsyncFx(5_000,
                () -> assertThat(Clipboard.getSystemClipboard().getString()).isEqualTo(CID));
    }

    @Test
    void agesReadAsMinutesHoursAndDaysAgoWithTheAbsoluteTimeBeside() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(AgeText.ago(now.minusSeconds(3), now)).isEqualTo("just now");
        assertThat(AgeText.ago(now.plusSeconds(2), now)).isEqualTo("just now");
        assertThat(AgeText.ago(now.minusSeconds(42), now)).isEqualTo("42 s ago");
        assertThat(AgeText.ago(now.minus(Duration.ofMinutes(3)).minusSeconds(20), now)).isEqualTo("3 min ago");
        assertThat(AgeText.ago(now.minus(Duration.ofHours(2)), now)).isEqualTo("2 h ago");
        assertThat(AgeText.ago(now.minus(Duration.ofDays(4)), now)).isEqualTo("4 d ago");
        assertThat(AgeText.ago(null, now)).isEqualTo("—");
        assertThat(AgeText.absolute(now)).matches("2026-12-0[67] \\d\\d:\\d\\d:00");
    }
}
