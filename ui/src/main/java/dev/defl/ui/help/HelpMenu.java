package dev.defl.ui.help;

import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The window's Help menu: Keyboard shortcuts (a dialog listing them), Documentation (the bundled README, opened
 * offline in the desktop's viewer, or a dialog naming where it is) and About (version, data directory, logs).
 */
public final class HelpMenu {

    private final Supplier<Window> owner;
    private final Supplier<List<KeyboardShortcuts.Shortcut>> shortcuts;
    private final Menu menu;
    private AppInfo info = AppInfo.unknown();
    /** Opens a URI in the desktop's viewer (the app's HostServices.showDocument); null: show the path instead. */
    private Consumer<String> documentOpener;
    /** Where the documentation is looked for; {@link DocsLocator#candidates()} unless a test sets it. */
    private Supplier<List<Path>> docsPlaces = DocsLocator::candidates;

    /**
     * @param owner     the window the dialogs belong to
     * @param shortcuts the shortcuts to list, read when the dialog opens ({@link KeyboardShortcuts#of})
     */
    public HelpMenu(Supplier<Window> owner, Supplier<List<KeyboardShortcuts.Shortcut>> shortcuts) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.shortcuts = Objects.requireNonNull(shortcuts, "shortcuts");
        MenuItem keys = item("_Keyboard shortcuts", "Shortcut+SLASH", "menuShortcuts");
        keys.setOnAction(e -> showShortcuts());
        MenuItem docs = item("_Documentation", "F1", "menuDocumentation");
        docs.setOnAction(e -> openDocumentation());
        MenuItem about = item("_About DeFL Workbench", null, "menuAbout");
        about.setOnAction(e -> showAbout());
        menu = new Menu("_Help", null, keys, docs, new SeparatorMenuItem(), about);
        menu.setId("menuHelp");
    }

    /**
     * A menu item with a mnemonic ({@code _} before its letter in {@code text}), an id and, unless null, an
     * accelerator such as {@code "Shortcut+Q"}; the window's other menus are built with it too.
     */
    public static MenuItem item(String text, String accelerator, String id) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(true);
        item.setId(id);
        if (accelerator != null) item.setAccelerator(KeyCombination.keyCombination(accelerator));
        return item;
    }

    /** The menu for the window's menu bar. */
    public Menu menu() {
        return menu;
    }

    /** What About shows from now on. */
    public void describe(AppInfo appInfo) {
        this.info = Objects.requireNonNull(appInfo, "appInfo");
    }

    /** How Documentation opens a file URI (HostServices.showDocument); null shows the file's path in a dialog. */
    public void documentOpener(Consumer<String> opener) {
        this.documentOpener = opener;
    }

    /** Where Documentation looks for the README, in order (tests). */
    void docsPlaces(Supplier<List<Path>> places) {
        this.docsPlaces = Objects.requireNonNull(places, "places");
    }

    /** Opens the shortcuts dialog (not modal-blocking: returns at once). */
    public Alert showShortcuts() {
        GridPane grid = new GridPane();
        grid.setId("shortcutsGrid");
        grid.setHgap(24);
        grid.setVgap(6);
        grid.setPadding(new Insets(4, 16, 4, 0));
        int row = 0;
        for (KeyboardShortcuts.Shortcut s : shortcuts.get()) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("shortcut-keys");
            keys.setStyle("-fx-font-weight: bold;");
            grid.addRow(row++, keys, new Label(s.action()));
        }
        Alert alert = dialog(Alert.AlertType.INFORMATION, "Keyboard shortcuts", "Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.show();
        return alert;
    }

    /**
     * Opens the bundled README in the desktop's viewer; when it cannot be found or no viewer is available, a dialog
     * says where it is (or where it was looked for).
     */
    public void openDocumentation() {
        List<Path> places = docsPlaces.get();
        Optional<Path> readme = DocsLocator.find(places);
        if (readme.isPresent() && documentOpener != null) {
            try {
                documentOpener.accept(readme.get().toUri().toString());
                return;
            } catch (RuntimeException e) {
                // no desktop viewer: say where the file is
            }
        }
        Alert alert = dialog(Alert.AlertType.INFORMATION, "Documentation",
                readme.isPresent() ? "The documentation is in this file:" : "The documentation was not found.");
        String text = readme.map(Path::toString).orElseGet(() -> "Looked for README.md in:\n"
                + String.join("\n", places.stream().map(Path::toString).toList())
                + "\n\nIt is also online with the source code.");
        alert.getDialogPane().setContent(selectable(text, "docsPath"));
        alert.show();
    }

    /** Opens the About dialog: version, data directory and logs, as selectable text. */
    public Alert showAbout() {
        Alert alert = dialog(Alert.AlertType.INFORMATION, "About DeFL Workbench", "DeFL Workbench " + info.version());
        String text = "Decentralized federated learning: clients train locally, updates are content-addressed "
                + "(IPFS CIDs) and rounds are proposed, voted on and finalized on an Ethereum round contract.\n\n"
                + "Version: " + info.version() + "\n"
                + "Data directory: " + (info.dataDirectory() == null ? "—" : info.dataDirectory().toAbsolutePath()) + "\n"
                + "Logs:\n  " + String.join("\n  ", info.logs()) + "\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.version", "?");
        alert.getDialogPane().setContent(selectable(text, "aboutText"));
        alert.show();
        return alert;
    }

    private Alert dialog(Alert.AlertType type, String title, String header) {
        Alert alert = new Alert(type, "", ButtonType.CLOSE);
        Window w = owner.get();
        if (w != null) alert.initOwner(w);
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.setResizable(true);
        return alert;
    }

    /** Read-only text the user can select and copy (paths). */
    private static TextArea selectable(String text, String id) {
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefColumnCount(64);
        area.setPrefRowCount((int) Math.min(14, text.lines().count() + 2));
        return area;
    }
}
