package dev.defl.ui.help;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The window's keyboard shortcuts as Help → Keyboard shortcuts lists them, read from the live menu bar (every item
 * with an accelerator) and tab pane ({@link TabShortcuts}), so the list cannot drift from what the keys do.
 */
public final class KeyboardShortcuts {

    /** One line of the list: the keys as shown (e.g. {@code "Ctrl+R"}) and what they do. */
    public record Shortcut(String keys, String action) {}

    private KeyboardShortcuts() {}

    /** "Ctrl", or "⌘" on macOS: the name of the Shortcut modifier. */
    static String shortcutKey() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "⌘" : "Ctrl";
    }

    /** The menus' accelerators (in menu order), the tab shortcuts, then the mnemonics' rule. */
    public static List<Shortcut> of(MenuBar bar, TabPane tabs) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if (item.getAccelerator() == null || item.getText() == null) continue;
                out.add(new Shortcut(item.getAccelerator().getDisplayText(),
                        plain(menu.getText()) + " → " + plain(item.getText())));
            }
        }
        out.addAll(TabShortcuts.describe(tabs));
        out.add(new Shortcut("Alt+underlined letter", "Open a menu or choose a menu item"));
        return out;
    }

    /** A menu text without its mnemonic marker and ellipsis ({@code "_Open dataset…" → "Open dataset"}). */
    static String plain(String text) {
        return text.replace("_", "").replace("…", "");
    }
}
