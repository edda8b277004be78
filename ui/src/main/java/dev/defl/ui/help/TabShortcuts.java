package dev.defl.ui.help;

import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Ctrl+1 … Ctrl+9 (⌘ on macOS) select the first nine tabs of a tab pane, in their order at the moment of the key
 * press, so a tab added later (a seventh pane) gets its shortcut with no change here.
 */
public final class TabShortcuts {

    /** The most tabs that get a shortcut (digits 1–9). */
    public static final int MAX = 9;

    private TabShortcuts() {}

    /** Makes Shortcut+digit in {@code scene} select the tab of that position in {@code tabs}. */
    public static void install(Scene scene, TabPane tabs) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) return;
            int index = digit(e.getCode()) - 1;
            if (index < 0 || index >= tabs.getTabs().size()) return;
            Tab tab = tabs.getTabs().get(index);
            if (tab.isDisable()) return;
            tabs.getSelectionModel().select(index);
            e.consume();
        });
    }

    /** 1–9 for the digit keys of the main row and the keypad, else 0. */
    static int digit(KeyCode code) {
        return switch (code) {
            case DIGIT1, NUMPAD1 -> 1;
            case DIGIT2, NUMPAD2 -> 2;
            case DIGIT3, NUMPAD3 -> 3;
            case DIGIT4, NUMPAD4 -> 4;
            case DIGIT5, NUMPAD5 -> 5;
            case DIGIT6, NUMPAD6 -> 6;
            case DIGIT7, NUMPAD7 -> 7;
            case DIGIT8, NUMPAD8 -> 8;
            case DIGIT9, NUMPAD9 -> 9;
            default -> 0;
        };
    }

    /** The shortcuts of {@code tabs} now: "Ctrl+1" → "Trainer", …, for the shortcuts dialog. */
    public static List<KeyboardShortcuts.Shortcut> describe(TabPane tabs) {
        List<KeyboardShortcuts.Shortcut> out = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX, tabs.getTabs().size()); i++) {
            out.add(new KeyboardShortcuts.Shortcut(KeyboardShortcuts.shortcutKey() + "+" + (i + 1),
                    "Show the " + tabs.getTabs().get(i).getText() + " tab"));
        }
        return out;
    }
}
