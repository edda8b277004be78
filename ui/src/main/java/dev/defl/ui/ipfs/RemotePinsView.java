package dev.defl.ui.ipfs;

import dev.defl.ui.StyledTextCell;
import dev.defl.ui.CidCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.event.EventHandler;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The collapsible "Remote pinning" section of the IPFS pane: the pinning service URL and access token (a
 * password field; the token is kept in memory only), Connect and Refresh, the table of remote pin requests
 * (CID, name, status, created, details), "Pin selected remotely" for the roots selected in the store table,
 * and "Remove remote pin…" (after confirmation; also the Delete key in the table), with the polling progress.
 * Binds to {@link RemotePinsViewModel} in {@link #activate()}.
 */
final class RemotePinsView {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final RemotePinsViewModel model;
    private final ObservableList<PinRow> localSelection;
    private final TitledPane pane = new TitledPane();
    private final TextField endpointField = new TextField();
    private final PasswordField tokenField = new PasswordField();
    private final Button connectButton = new Button("Connect");
    private final Button refreshButton = new Button("Refresh");
    private final Button pinButton = new Button("Pin selected remotely");
    private final Button removeButton = new Button("Remove remote pin…");
    private final TableView<RemotePinRow> table = new TableView<>();
    private final ProgressIndicator progress = new ProgressIndicator(ProgressIndicator.INDETERMINATE_PROGRESS);
    private final Label status = new Label();
    private final Label error = new Label();
    private final Label message = new Label();
    private final EventHandler<KeyEvent> keys = this::onKey;

    /**
     * @param model          the remote pins
     * @param localSelection the rows selected in the store table ("Pin selected remotely" pins them)
     */
    RemotePinsView(RemotePinsViewModel model, ObservableList<PinRow> localSelection) {
        this.model = model;
        this.localSelection = localSelection;

        Label urlLabel = new Label("_Service");
        urlLabel.setMnemonicParsing(true);
        urlLabel.setLabelFor(endpointField);
        endpointField.setId("ipfsPinningUrlField");
        endpointField.setPromptText("Pinning Service API URL, e.g. https://api.pinata.cloud/psa");
        HBox.setHgrow(endpointField, Priority.ALWAYS);
        endpointField.setOnAction(e -> model.connect());
        Label tokenLabel = new Label("_Token");
        tokenLabel.setMnemonicParsing(true);
        tokenLabel.setLabelFor(tokenField);
        tokenField.setId("ipfsPinningTokenField");
        tokenField.setPromptText(model.tokenFromEnvironment() ? "from $DEFL_PINNING_TOKEN" : "access token (not saved)");
        tokenField.setPrefColumnCount(16);
        tokenField.setTooltip(new Tooltip("The access token is kept in memory for this session only: never saved, "
                + "never logged. Or start the workbench with $DEFL_PINNING_TOKEN set."));
        tokenField.setOnAction(e -> model.connect());
        connectButton.setId("ipfsPinningConnectButton");
        connectButton.setOnAction(e -> model.connect());
        refreshButton.setId("ipfsPinningRefreshButton");
        refreshButton.setTooltip(new Tooltip("List the pin requests at the service again"));
        refreshButton.setOnAction(e -> model.refresh());
        HBox serviceRow = new HBox(8, urlLabel, endpointField, tokenLabel, tokenField, connectButton, refreshButton);
        serviceRow.setAlignment(Pos.CENTER_LEFT);

        pinButton.setId("ipfsPinRemotelyButton");
        pinButton.setTooltip(new Tooltip("Ask the service to pin the roots selected in the store table"));
        pinButton.setOnAction(e -> model.pinRemotely(List.copyOf(localSelection)));
        removeButton.setId("ipfsRemoteRemoveButton");
        removeButton.getStyleClass().add("danger");
        removeButton.setOnAction(e -> confirmRemove());
        progress.setId("ipfsPinningProgress");
        progress.setPrefSize(18, 18);
        status.setId("ipfsPinningStatus");
        status.getStyleClass().add("step-text");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actionRow = new HBox(8, pinButton, removeButton, spacer, progress, status);
        actionRow.setAlignment(Pos.CENTER_LEFT);

        table.setId("ipfsRemotePinTable");
        table.setPlaceholder(new Label("No remote pins. Connect to a pinning service, select roots in the store table, "
                + "then Pin selected remotely."));
        table.setPrefHeight(130);
        table.setMinHeight(90);
        TableColumn<RemotePinRow, String> cid = column("CID", 140, RemotePinRow::cid);
        cid.setCellFactory(c -> new CidCell<>());
        table.getColumns().add(cid);
        table.getColumns().add(column("Name", 150, RemotePinRow::name));
        TableColumn<RemotePinRow, String> state = column("Status", 80, RemotePinRow::statusText);
        state.setCellFactory(c -> new StyledTextCell<>("remote-pin-", v -> v, v -> null));
        table.getColumns().add(state);
        table.getColumns().add(column("Created", 150, r -> CREATED.format(r.created())));
        table.getColumns().add(column("Details", 200, RemotePinRow::details));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setItems(model.pins()); // set once: the selection survives leaving the tab

        error.setId("ipfsPinningError");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        message.setId("ipfsPinningMessage");
        message.getStyleClass().add("step-text");
        message.setWrapText(true);

        pane.setId("ipfsRemotePinning");
        pane.setText("Remote pinning");
        pane.setContent(new VBox(6, serviceRow, actionRow, error, message, table));
        pane.setExpanded(false);
        pane.setAnimated(false);
    }

    private static TableColumn<RemotePinRow, String> column(String title, double width, Function<RemotePinRow, String> value) {
        TableColumn<RemotePinRow, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        return col;
    }

    /** The section, to be placed in the pane. */
    TitledPane root() {
        return pane;
    }

    void activate() {
        endpointField.textProperty().bindBidirectional(model.endpointProperty());
        tokenField.textProperty().bindBidirectional(model.tokenProperty());
        status.textProperty().bind(model.statusTextProperty());
        progress.visibleProperty().bind(model.busyProperty().or(model.pollingProperty()));
        progress.managedProperty().bind(progress.visibleProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        var notConnected = model.connectedProperty().not();
        refreshButton.disableProperty().bind(notConnected.or(model.busyProperty()));
        pinButton.disableProperty().bind(notConnected.or(Bindings.isEmpty(localSelection)));
        removeButton.disableProperty().bind(notConnected.or(table.getSelectionModel().selectedItemProperty().isNull()));
        table.addEventFilter(KeyEvent.KEY_PRESSED, keys);
    }

    void deactivate() {
        table.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        for (Button b : List.of(refreshButton, pinButton, removeButton)) b.disableProperty().unbind();
        for (Node n : List.<Node>of(progress, error, message)) {
            n.visibleProperty().unbind();
            n.managedProperty().unbind();
        }
        message.textProperty().unbind();
        error.textProperty().unbind();
        status.textProperty().unbind();
        tokenField.textProperty().unbindBidirectional(model.tokenProperty());
        endpointField.textProperty().unbindBidirectional(model.endpointProperty());
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() == KeyCode.DELETE) {
            confirmRemove();
            e.consume();
        }
    }

    private void confirmRemove() {
        RemotePinRow row = table.getSelectionModel().getSelectedItem();
        if (row == null || !model.connectedProperty().get()) return;
        String service = model.service().map(Object::toString).orElse("the service");
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "Remove the pin of " + row.cid() + (row.name().isEmpty() ? "" : " (" + row.name() + ")") + " at "
                        + service + "?\n\nThe service may then delete the content; the local store is not changed.",
                ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(pane.getScene() == null ? null : pane.getScene().getWindow());
        alert.setTitle("Remove remote pin");
        alert.setHeaderText("Remove this remote pin?");
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.remove(row));
    }

}
