package dev.defl.ui.network;

import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings → Network…: chain URL, chain id, IPFS endpoints, keystore file and IPFS timeout, checked on Save with the
 * message next to the field at fault; Save writes {@code network.json} ({@link NetworkSettingsViewModel}). Never asks
 * for or keeps the keystore's password.
 */
public final class NetworkSettingsDialog {
    private NetworkSettingsDialog() {
    }

    /** Opens the dialog (modal to {@code owner}, not blocking the caller), its fields loaded from the file. */
    public static Dialog<ButtonType> open(Window owner, NetworkSettingsViewModel model, Runnable onSaved) {
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) dialog.initOwner(owner);
        dialog.setTitle("Network settings");
        dialog.setHeaderText("How this peer reaches the network (saved in " + model.file() + ")");
        dialog.getDialogPane().setId("networkSettingsDialog");
        ButtonType save = new ButtonType("_Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        grid.getStyleClass().add("form");
        TextField chainUrl = field("networkChainUrl", model.chainUrlProperty(), "http://127.0.0.1:8545");
        TextField chainId = field("networkChainId", model.chainIdProperty(), "0 = any");
        TextField ipfs = field("networkIpfs", model.ipfsProperty(), "http://127.0.0.1:5001, gateway:https://… (empty: none)");
        TextField keystore = field("networkKeystore", model.keystoreProperty(), "keystore file (JSON)");
        TextField timeout = field("networkIpfsTimeout", model.ipfsTimeoutProperty(), "seconds");
        Button browse = new Button("_Browse…");
        browse.setId("networkKeystoreBrowse");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Keystore file");
            String current = keystore.getText();
            if (current != null && !current.isBlank()) {
                Path parent = Path.of(current).toAbsolutePath().getParent();
                if (parent != null && Files.isDirectory(parent)) chooser.setInitialDirectory(parent.toFile());
            }
            File chosen = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) keystore.setText(chosen.getAbsolutePath());
        });
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox keyRow = new HBox(6, keystore, browse);
        HBox.setHgrow(keystore, Priority.ALWAYS);

        Map<String, Node> byField = Map.of(NetworkSettingsViewModel.FIELD_CHAIN_URL, chainUrl,
                NetworkSettingsViewModel.FIELD_CHAIN_ID, chainId, NetworkSettingsViewModel.FIELD_IPFS, ipfs,
                NetworkSettingsViewModel.FIELD_KEYSTORE, keystore, NetworkSettingsViewModel.FIELD_IPFS_TIMEOUT, timeout);
        int row = 0;
        row = row(grid, row, "_Chain RPC URL", chainUrl, chainUrl, NetworkSettingsViewModel.FIELD_CHAIN_URL, model);
        row = row(grid, row, "Chain _id", chainId, chainId, NetworkSettingsViewModel.FIELD_CHAIN_ID, model);
        row = row(grid, row, "IP_FS endpoints", ipfs, ipfs, NetworkSettingsViewModel.FIELD_IPFS, model);
        row = row(grid, row, "_Keystore", keyRow, keystore, NetworkSettingsViewModel.FIELD_KEYSTORE, model);
        row = row(grid, row, "IPFS _timeout (s)", timeout, timeout, NetworkSettingsViewModel.FIELD_IPFS_TIMEOUT, model);
        Label general = new Label();
        general.getStyleClass().add("error-text");
        general.setWrapText(true);
        general.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.errorFieldProperty().get().isEmpty() ? model.errorProperty().get() : "",
                model.errorProperty(), model.errorFieldProperty()));
        grid.add(general, 0, row, 2, 1);
        model.errorFieldProperty().addListener((obs, old, f) -> byField.forEach((name, node) -> {
            if (name.equals(f)) node.getStyleClass().add("invalid");
            else node.getStyleClass().remove("invalid");
        }));
        grid.setPrefWidth(620);
        dialog.getDialogPane().setContent(grid);

        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setDefaultButton(true);
        saveButton.disableProperty().bind(model.busyProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // closes only once written
            model.save(() -> {
                dialog.setResult(save);
                dialog.close();
                onSaved.run();
            });
        });
        // Cancel (or closing the dialog) drops what was typed: the fields show the file again
        dialog.setOnHidden(e -> {
            if (dialog.getResult() != save) model.load();
        });
        model.load();
        dialog.show();
        return dialog;
    }

    private static TextField field(String id, StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(36);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static int row(GridPane grid, int row, String label, Node control, Node target, String field,
                           NetworkSettingsViewModel model) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.add(l, 0, row);
        grid.add(control, 1, row);
        GridPane.setHgrow(control, Priority.ALWAYS);
        Label error = new Label();
        error.setId(((javafx.scene.control.Control) target).getId() + "Error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> field.equals(model.errorFieldProperty().get()) ? model.errorProperty().get() : "",
                model.errorProperty(), model.errorFieldProperty()));
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        grid.add(error, 1, row + 1);
        return row + 2;
    }
}
