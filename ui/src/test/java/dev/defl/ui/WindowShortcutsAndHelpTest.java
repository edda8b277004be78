package dev.defl.ui;

import dev.defl.ui.help.AppInfo;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl+1…Ctrl+N, the menus' mnemonics and the Help menu, on the real window over the real engine. */
class WindowShortcutsAndHelpTest extends WorkbenchHarness {

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, scratchContentStore());
    }

    private static WorkbenchWindow window() {
        return WorkbenchWindow.of((Stage) Window.getWindows().getFirst());
    }

    @Test
    void ctrlDigitSelectsTheTabsInOrderIncludingOneAddedLater(FxRobot robot) {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        int n = tabs.getTabs().size();
        for (int i = n; i >= 1; i--) {
            robot.press(KeyCode.CONTROL).type(KeyCode.valueOf("DIGIT" + i)).release(KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(tabs.getSelectionModel().getSelectedIndex()).as("Ctrl+" + i).isEqualTo(i - 1);
        }
        // a seventh pane gets Ctrl+7 with no change to the shortcuts
        WaitForAsyncUtils.waitForAsyncFx(5_000, () -> tabs.getTabs().add(new Tab("Runs", new Label("runs"))));
        robot.press(KeyCode.CONTROL).type(KeyCode.valueOf("DIGIT" + (n + 1))).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Runs");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabs.getSelectionModel().getSelectedIndex()).isZero();
    }

    @Test
    void everyMenuAndMenuItemHasAMnemonic(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        List<String> missing = new ArrayList<>();
        for (Menu menu : bar.getMenus()) {
            if (!menu.getText().contains("_") || !menu.isMnemonicParsing()) missing.add(menu.getText());
            for (MenuItem item : menu.getItems()) {
                if (item instanceof SeparatorMenuItem) continue;
                if (!item.getText().contains("_") || !item.isMnemonicParsing()) missing.add(item.getText());
            }
        }
        assertThat(missing).isEmpty();
        Menu help = bar.getMenus().getLast();
        assertThat(help.getItems()).extracting(MenuItem::getId)
                .containsExactly("menuShortcuts", "menuDocumentation", null, "menuAbout");
    }

    @Test
    void helpListsTheShortcutsOpensTheBundledDocsAndAboutNamesTheDataDirectoryAndLogs(FxRobot robot) {
        WorkbenchWindow window = window();
        AtomicReference<String> opened = new AtomicReference<>();
        Path dataDir = Path.of("/tmp/defl-about-test");
        AtomicReference<Alert> shortcuts = new AtomicReference<>();
        AtomicReference<Alert> about = new AtomicReference<>();
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            window.describeApp(new AppInfo("9.8.7", dataDir, List.of("standard error", "/tmp/defl-about-test/chain/anvil-state.json.log")),
                    opened::set);
            shortcuts.set(window.help().showShortcuts());
            about.set(window.help().showAbout());
            window.help().openDocumentation();
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.GridPane grid = (javafx.scene.layout.GridPane) shortcuts.get().getDialogPane().getContent();
        List<String> cells = grid.getChildren().stream().map(n -> ((Label) n).getText()).toList();
        assertThat(cells).contains("Ctrl+1", "Show the Trainer tab", "Ctrl+6", "Show the Network tab", "Ctrl+R", "Run → Run");
        String aboutText = ((TextArea) about.get().getDialogPane().getContent()).getText();
        assertThat(about.get().getHeaderText()).contains("9.8.7");
        assertThat(aboutText).contains("Data directory: " + dataDir.toAbsolutePath(), "anvil-state.json.log", "Version: 9.8.7");
        // in the source tree the README two levels above ui/target/classes
        assertThat(opened.get()).startsWith("file:").endsWith("/README.md");
        assertThat(Path.of(java.net.URI.create(opened.get()))).exists();
        WaitForAsyncUtils.waitForAsyncFx(5_000, () -> {
            shortcuts.get().close();
            about.get().close();
        });
    }
}
